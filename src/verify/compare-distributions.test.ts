import { describe, expect, it } from 'vitest';
import { allowedAbsences, compareDistributions } from './compare-distributions.js';
import { dist } from './test-facts.js';

describe('compareDistributions', () => {
  it('summarises equal distributions and lists none', () => {
    const both = [dist('flask', '3.1.0'), dist('gunicorn', '23.0.0')];
    const section = compareDistributions(both, both, []);
    expect(section.differences).toEqual([]);
    expect(section.equal).toBe('2 distributions with the same version');
  });

  it('names a missing runtime distribution (a dropped extra) and a changed version', () => {
    const before = [dist('metricsd', '1.0'), dist('uvicorn', '0.34.0'), dist('starlette', '0.46.2')];
    const after = [dist('metricsd', '1.0'), dist('starlette', '0.45.0')];
    const section = compareDistributions(before, after, []);
    expect(section.differences.map((d) => d.detail)).toEqual([
      'starlette is 0.45.0 instead of 0.46.2',
      'uvicorn 0.34.0 is missing',
    ]);
  });

  it('lets dev-only distributions go, with what only they require, and names why', () => {
    const before = [
      dist('flask', '3.1.0'),
      dist('pytest', '8.3.4', { requires: ['pluggy', 'iniconfig', 'packaging'] }),
      dist('pluggy', '1.5.0'),
      dist('iniconfig', '2.0.0'),
      dist('packaging', '24.2'),
      dist('gunicorn', '23.0.0', { requires: ['packaging'] }),
    ];
    const after = [dist('flask', '3.1.0'), dist('gunicorn', '23.0.0')];
    const section = compareDistributions(before, after, ['pytest']);
    // packaging is also required by gunicorn, which stays: its absence is a difference.
    expect(section.differences.map((d) => d.what)).toEqual(['packaging']);
    expect(section.allowed.map((a) => a.what)).toEqual([
      'iniconfig 2.0.0 is not installed',
      'pluggy 1.5.0 is not installed',
      'pytest 8.3.4 is not installed',
    ]);
    expect(section.allowed[2]!.why).toMatch(/development only/);
    expect(section.allowed[0]!.why).toBe('only required by pytest, which may go');
  });

  it('lets installer tools go or change version (uv installed with pip, an upgraded pip) unless something requires them', () => {
    const reasons = allowedAbsences(
      [dist('uv', '0.9.0'), dist('flask', '3.1.0')],
      [dist('flask', '3.1.0')],
      [],
    );
    expect(reasons.get('uv')).toMatch(/installer tool/);
    const upgraded = compareDistributions([dist('pip', '26.3')], [dist('pip', '23.0.1')], []);
    expect(upgraded.differences).toEqual([]);
    expect(upgraded.allowed[0]?.what).toBe('pip is 23.0.1 instead of 26.3');
    const needed = [dist('pip', '26.3'), dist('pip-tools', '7.4', { requires: ['pip'] })];
    expect(
      compareDistributions(needed, [dist('pip', '23.0.1'), dist('pip-tools', '7.4')], []).differences,
    ).toEqual([{ what: 'pip', detail: 'pip is 23.0.1 instead of 26.3' }]);
  });

  it("follows a tool's extras when nothing requires a name outright (poetry → pbs-installer[download] → httpx2)", () => {
    const before = [
      dist('poetry', '2.5.1', { requires: ['pbs-installer'] }),
      dist('pbs-installer', '2026.1', { requiresExtra: ['httpx2'] }),
      dist('httpx2', '2.16.2', { requires: ['anyio'] }),
      dist('anyio', '4.16.0'),
      dist('django', '5.2'),
    ];
    const section = compareDistributions(before, [dist('django', '5.2')], []);
    expect(section.differences).toEqual([]);
    expect(section.allowed.map((a) => a.why)).toEqual([
      'only required by httpx2, which may go',
      'only required by pbs-installer, which may go',
      'only required by poetry, which may go',
      expect.stringMatching(/^installer tool/),
    ]);
  });

  it('compares every version an image holds (system and venv)', () => {
    const before = [dist('flask', '3.0.0'), dist('flask', '3.1.0')];
    const after = [dist('flask', '3.1.0')];
    expect(compareDistributions(before, after, []).differences.map((d) => d.detail)).toEqual([
      'flask is 3.1.0 instead of 3.0.0, 3.1.0',
    ]);
  });

  it('names distributions only in after as allowed additions', () => {
    const section = compareDistributions([], [dist('gunicorn', '23.0.0')], []);
    expect(section.differences).toEqual([]);
    expect(section.allowed).toEqual([
      { what: '1 only in after (gunicorn)', why: 'installed by the rewrite' },
    ]);
  });
});
