import { describe, expect, it } from 'vitest';
import type { Finding, Fix } from '../types.js';
import { applyFixes, chooseFixes, editsConflict, fixUntilStable } from './index.js';

function finding(rule: string, fix: Fix | undefined, file = 'Dockerfile'): Finding {
  const at = { line: 1, column: 1, offset: 0 };
  const f: Finding = {
    rule,
    name: 'test',
    severity: 'warning',
    message: 'm',
    file,
    range: { start: at, end: at },
    docsUrl: '',
  };
  if (fix) f.fix = fix;
  return f;
}

const safe = (edits: Fix['edits'], description = 'd'): Fix => ({ description, applicability: 'safe', edits });

describe('choosing fixes', () => {
  it('detects overlaps and same-point insertions, not neighbours', () => {
    expect(editsConflict({ start: 0, end: 5, content: '' }, { start: 4, end: 6, content: '' })).toBe(true);
    expect(editsConflict({ start: 3, end: 3, content: 'a' }, { start: 3, end: 3, content: 'b' })).toBe(true);
    expect(editsConflict({ start: 0, end: 3, content: '' }, { start: 3, end: 5, content: '' })).toBe(false);
    expect(editsConflict({ start: 0, end: 3, content: '' }, { start: 3, end: 3, content: 'x' })).toBe(false);
  });

  it('takes fixes in source order, whole or not at all, skipping conflicts and unsafe ones', () => {
    const findings = [
      finding('B', safe([{ start: 10, end: 12, content: 'b' }])),
      finding(
        'A',
        safe([
          { start: 2, end: 4, content: 'a' },
          { start: 11, end: 11, content: 'x' },
        ]),
      ),
      finding('C', {
        description: 'c',
        applicability: 'unsafe',
        edits: [{ start: 20, end: 21, content: 'c' }],
      }),
      finding('D', undefined),
    ];
    expect(chooseFixes(findings, { unsafe: false }).map((f) => f.rule)).toEqual(['A']);
    expect(chooseFixes(findings, { unsafe: true }).map((f) => f.rule)).toEqual(['A', 'C']);
  });

  it('edits in other files never conflict with the Dockerfile', () => {
    const findings = [
      finding('A', safe([{ start: 0, end: 0, content: 'x' }])),
      finding('B', safe([{ start: 0, end: 0, content: '.git\n', file: '.dockerignore' }])),
    ];
    const chosen = chooseFixes(findings, { unsafe: false });
    expect(chosen.map((f) => f.rule)).toEqual(['A', 'B']);
    expect(applyFixes({ Dockerfile: 'FROM a\n' }, chosen)).toEqual({
      Dockerfile: 'xFROM a\n',
      '.dockerignore': '.git\n',
    });
  });
});

describe('fixUntilStable', () => {
  const dockerfile = 'FROM python:3.12\nRUN pip install flask\n';

  it('re-lints after each pass until nothing is offered', async () => {
    // Offers one insertion per pass while the flag is missing, like a rule would.
    const lint = async (files: Readonly<Record<string, string>>) => {
      const text = files.Dockerfile!;
      const at = text.indexOf('install') + 'install'.length;
      const out: Finding[] = [];
      if (!text.includes('--no-cache-dir'))
        out.push(finding('SS104', safe([{ start: at, end: at, content: ' --no-cache-dir' }])));
      else if (!text.includes('--quiet'))
        out.push(finding('SSX', safe([{ start: at, end: at, content: ' --quiet' }])));
      return out;
    };
    const result = await fixUntilStable({ Dockerfile: dockerfile }, lint, {
      dockerfile: 'Dockerfile',
      unsafe: false,
    });
    expect(result.files.Dockerfile).toBe('FROM python:3.12\nRUN pip install --quiet --no-cache-dir flask\n');
    expect(result.applied.map((a) => a.rule)).toEqual(['SS104', 'SSX']);
    expect(result.passes).toBe(2);
    expect(result.converged).toBe(true);
  });

  it('stops after the pass limit when fixes never settle', async () => {
    const lint = async (files: Readonly<Record<string, string>>) => [
      finding('LOOP', safe([{ start: 0, end: 0, content: `# ${files.Dockerfile!.length}\n` }])),
    ];
    const result = await fixUntilStable({ Dockerfile: dockerfile }, lint, {
      dockerfile: 'Dockerfile',
      unsafe: false,
      maxPasses: 3,
    });
    expect(result.passes).toBe(3);
    expect(result.converged).toBe(false);
    expect(result.applied).toHaveLength(3);
  });

  it('drops a fix whose result no longer parses and keeps the others', async () => {
    const lint = async (files: Readonly<Record<string, string>>) => {
      const text = files.Dockerfile!;
      const out: Finding[] = [];
      if (!text.startsWith('#')) out.push(finding('GOOD', safe([{ start: 0, end: 0, content: '# ok\n' }])));
      // Breaks the FROM line: the result would have a syntax error.
      out.push(
        finding(
          'BAD',
          safe([{ start: text.indexOf('FROM'), end: text.indexOf('FROM') + 4, content: 'FRO' }]),
        ),
      );
      return out;
    };
    const result = await fixUntilStable({ Dockerfile: dockerfile }, lint, {
      dockerfile: 'Dockerfile',
      unsafe: false,
    });
    expect(result.files.Dockerfile).toBe(`# ok\n${dockerfile}`);
    expect(result.applied.map((a) => a.rule)).toEqual(['GOOD']);
    expect(result.rejected).toBe(1);
    expect(result.converged).toBe(true);
  });
});
