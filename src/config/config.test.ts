import { describe, expect, it } from 'vitest';
import { readConfig, withFlags } from './config.js';

const config = (table: Record<string, unknown>, file = 'pyproject.toml') => readConfig({ file, table });

describe('[tool.shipshape] config', () => {
  it('reads every setting', () => {
    expect(
      config({
        select: ['SS1', 'ss301'],
        ignore: ['SS105'],
        severity: { SS405: 'warning', ss403: 'error' },
        'fail-on': 'warning',
        'trusted-registries': ['registry.internal'],
        budgets: { 'max-size': '300MB', 'max-wasted': '20MB', 'min-efficiency': 0.9 },
      }),
    ).toEqual({
      file: 'pyproject.toml',
      select: ['SS1', 'SS301'],
      ignore: ['SS105'],
      severity: { SS405: 'warning', SS403: 'error' },
      failOn: 'warning',
      trustedRegistries: ['registry.internal'],
      budgets: { 'max-size': '300MB', 'max-wasted': '20MB', 'min-efficiency': 0.9 },
    });
    expect(readConfig(null).select).toBeNull();
  });

  it('names an unknown key, also inside budgets', () => {
    expect(() => config({ selct: ['SS1'] })).toThrow(/unknown shipshape setting "selct"/);
    expect(() => config({ budgets: { 'max-wasteed': 1 } }, '.shipshape.toml')).toThrow(
      /\.shipshape\.toml: unknown budget "max-wasteed"/,
    );
  });

  it('rejects wrong value types with the place to fix', () => {
    expect(() => config({ select: 'SS1' })).toThrow(/\[tool\.shipshape\] select must be a list of strings/);
    expect(() => config({ select: ['pip'] })).toThrow(/"pip" is not a rule code or prefix/);
    expect(() => config({ 'fail-on': 'fatal' })).toThrow(/"fatal" is not a severity/);
    expect(() => config({ severity: { SS1: 'error' } })).toThrow(/"SS1" is not a rule code/);
    expect(() => config({ severity: { SS104: 'loud' } })).toThrow(
      /severity\.SS104: "loud" is not a severity/,
    );
  });

  it('refuses a well-formed code or prefix that names no rule (it would select nothing)', () => {
    expect(() => withFlags(config({}), { select: ['SS999'] })).toThrow(
      /--select: "SS999" names no shipshape rule; see `shipshape rule --list`/,
    );
    expect(() => withFlags(config({}), { ignore: ['SS5'] })).toThrow(
      /--ignore: "SS5" names no shipshape rule/,
    );
    expect(() => config({ select: ['SS999'] })).toThrow(
      /\[tool\.shipshape\] select: "SS999" names no shipshape rule/,
    );
    expect(() => config({ severity: { SS999: 'error' } })).toThrow(
      /severity\.SS999: "SS999" names no shipshape rule/,
    );
    expect(withFlags(config({}), { select: ['SS0', 'SS10', 'SS104', 'all'] }).select).toEqual([
      'SS0',
      'SS10',
      'SS104',
      'ALL',
    ]);
  });

  it('lets flags replace the file’s values', () => {
    const base = config({ select: ['SS1'], ignore: ['SS105'], 'fail-on': 'error' });
    expect(withFlags(base, { select: ['ss2'], failOn: 'info' })).toMatchObject({
      select: ['SS2'],
      ignore: ['SS105'],
      failOn: 'info',
    });
    expect(() => withFlags(base, { failOn: 'fatal' })).toThrow(/--fail-on/);
  });
});
