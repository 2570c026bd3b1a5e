import { describe, expect, it } from 'vitest';
import { isUserError } from '../errors.js';
import {
  brokenSentence,
  budgetRow,
  budgetsFromDiveCi,
  budgetsFromTable,
  evaluateBudgets,
  needsWasteFigures,
  parseRatioBudget,
  parseSizeBudget,
  renderCheckTable,
  withBudgetFlags,
} from './index.js';

function messageOf(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    if (isUserError(error)) return error.message;
    throw error;
  }
  throw new Error('expected a UserError');
}

describe('parseSizeBudget', () => {
  it.each([
    ['200MB', 200_000_000],
    ['200mb', 200_000_000],
    ['20 MB', 20_000_000],
    ['1.5GiB', 1.5 * 1024 ** 3],
    ['512KiB', 512 * 1024],
    ['1.5 gb', 1_500_000_000],
    ['.5M', 500_000],
    ['1024', 1024],
    ['3B', 3],
    [' 2 TB ', 2e12],
  ])('reads %j as %d bytes', (text, bytes) => {
    expect(parseSizeBudget(text, '--max-size')).toBe(bytes);
  });

  it('takes a TOML number as bytes', () => {
    expect(parseSizeBudget(150_000_000, 'pyproject.toml budgets.max-size')).toBe(150_000_000);
  });

  it('names the unknown unit and the units it knows', () => {
    const message = messageOf(() => parseSizeBudget('20XB', '--max-size'));
    expect(message).toContain('--max-size: unknown unit "XB" in "20XB"');
    expect(message).toContain('MiB');
  });

  it('refuses negative sizes, as text or as numbers', () => {
    expect(messageOf(() => parseSizeBudget('-5MB', '--max-wasted'))).toMatch(
      /--max-wasted: a budget cannot be negative/,
    );
    expect(messageOf(() => parseSizeBudget(-1, 'x'))).toMatch(/cannot be negative/);
  });

  it('refuses text that is not a size at all', () => {
    expect(messageOf(() => parseSizeBudget('big', '--max-size'))).toMatch(/"big" is not a size/);
    expect(messageOf(() => parseSizeBudget('', '--max-size'))).toMatch(/is not a size/);
    expect(messageOf(() => parseSizeBudget('1e9', '--max-size'))).toMatch(/"1e9" is not a size/);
  });
});

describe('parseRatioBudget', () => {
  it.each([
    ['0.95', 0.95],
    ['95%', 0.95],
    [0.9, 0.9],
    ['1', 1],
    ['0', 0],
  ])('reads %j as %d', (text, ratio) => {
    expect(parseRatioBudget(text, '--min-efficiency')).toBeCloseTo(ratio, 10);
  });

  it('refuses negative, above-one and non-numeric ratios', () => {
    expect(messageOf(() => parseRatioBudget('-0.1', '--min-efficiency'))).toMatch(/cannot be negative/);
    expect(messageOf(() => parseRatioBudget('95', '--min-efficiency'))).toMatch(
      /more than 1; write a share such as 0\.95/,
    );
    expect(messageOf(() => parseRatioBudget('high', '--min-efficiency'))).toMatch(/"high" is not a ratio/);
  });
});

describe('budgets from config and flags', () => {
  it('reads every key of [tool.shipshape.budgets] and names the file on errors', () => {
    expect(
      budgetsFromTable(
        {
          'max-size': '200MB',
          'max-wasted': 20_000_000,
          'min-efficiency': '95%',
          'max-user-wasted-percent': 0.1,
        },
        'pyproject.toml',
      ),
    ).toEqual({ maxSizeBytes: 200e6, maxWastedBytes: 20e6, minEfficiency: 0.95, maxUserWastedPercent: 0.1 });
    expect(messageOf(() => budgetsFromTable({ 'max-size': '2 parsecs' }, 'pyproject.toml'))).toMatch(
      /^pyproject\.toml budgets\.max-size: unknown unit "parsecs"/,
    );
  });

  it('lets flags replace configured values and keeps the rest', () => {
    const merged = withBudgetFlags(
      { maxSizeBytes: 1, minEfficiency: 0.5 },
      { maxSize: '1GB', maxWasted: '20MB' },
    );
    expect(merged).toEqual({ maxSizeBytes: 1e9, maxWastedBytes: 20e6, minEfficiency: 0.5 });
  });

  it('knows when waste figures are needed', () => {
    expect(needsWasteFigures({ maxSizeBytes: 1 })).toBe(false);
    expect(needsWasteFigures({ maxSizeBytes: 1, minEfficiency: 0.9 })).toBe(true);
  });
});

describe('evaluateBudgets', () => {
  const figures = {
    sizeBytes: 150_000_000,
    wastedBytes: 30_000_000,
    efficiency: 0.9,
    userWastedPercent: 0.2,
  };

  it('reports each budget, which broke, and by how much', () => {
    const checks = evaluateBudgets(figures, {
      maxSizeBytes: 100_000_000,
      maxWastedBytes: 50_000_000,
      minEfficiency: 0.95,
      maxUserWastedPercent: 0.25,
    });
    expect(checks.map((c) => [c.name, c.status])).toEqual([
      ['max-size', 'broken'],
      ['max-wasted', 'ok'],
      ['min-efficiency', 'broken'],
      ['max-user-wasted-percent', 'ok'],
    ]);
    expect(checks[0]!.overBy).toBe(50_000_000);
    expect(checks[1]!.overBy).toBe(0);
    expect(checks[2]!.overBy).toBeCloseTo(0.05, 10);
  });

  it('treats a figure equal to its limit as within budget', () => {
    expect(
      evaluateBudgets(figures, { maxSizeBytes: 150_000_000, minEfficiency: 0.9 }).map((c) => c.status),
    ).toEqual(['ok', 'ok']);
  });

  it('marks waste budgets unmeasured when only the size is known', () => {
    const [size, wasted] = evaluateBudgets({ sizeBytes: 10 }, { maxSizeBytes: 5, maxWastedBytes: 1 });
    expect(size!.status).toBe('broken');
    expect(wasted).toMatchObject({ status: 'unmeasured', actual: null });
  });
});

describe('renderCheckTable', () => {
  it('prints an aligned table with the limit, the actual figure and the overshoot', () => {
    const checks = evaluateBudgets(
      { sizeBytes: 130_400_000, efficiency: 0.912 },
      { maxSizeBytes: 1_000_000, minEfficiency: 0.95, maxWastedBytes: 1 },
    );
    const table = renderCheckTable([
      ...checks.map(budgetRow),
      { check: 'lint', limit: 'fail-on warning', actual: '3 findings', overBy: '3', status: 'broken' },
    ]);
    expect(table).toBe(
      [
        'status   check           limit            actual        over by',
        'BROKEN   max-size        at most 1.00 MB  130.4 MB      129.4 MB',
        'skipped  max-wasted      at most 1 B      not measured',
        'BROKEN   min-efficiency  at least 95.0%   91.2%         3.8 points',
        'BROKEN   lint            fail-on warning  3 findings    3',
        '',
      ].join('\n'),
    );
  });
});

describe("dive's .dive-ci", () => {
  it('reads the three rules, skips disabled ones, and names the file on a bad value', () => {
    expect(
      budgetsFromDiveCi(
        'rules:\n  lowestEfficiency: 0.95\n  highestWastedBytes: 20MB\n  highestUserWastedPercent: 0.2\n',
        '.dive-ci',
      ),
    ).toEqual({ minEfficiency: 0.95, maxWastedBytes: 20e6, maxUserWastedPercent: 0.2 });
    expect(budgetsFromDiveCi('rules:\n  lowestEfficiency: disabled\n', '.dive-ci')).toEqual({});
    expect(budgetsFromDiveCi('', '.dive-ci')).toEqual({});
    expect(messageOf(() => budgetsFromDiveCi('rules:\n  highestWastedBytes: lots\n', '.dive-ci'))).toMatch(
      /^\.dive-ci highestWastedBytes: "lots" is not a size/,
    );
    expect(messageOf(() => budgetsFromDiveCi('rules: [\n', '.dive-ci'))).toBe(
      '.dive-ci is not valid YAML; fix it or remove it.',
    );
  });

  it('compares like dive: every figure equal to its limit holds (dive fails only past it)', () => {
    const figures = { sizeBytes: 100, wastedBytes: 20, efficiency: 0.9, userWastedPercent: 0.2 };
    const budgets = budgetsFromDiveCi(
      'rules:\n  lowestEfficiency: 0.9\n  highestWastedBytes: 20\n  highestUserWastedPercent: 0.2\n',
      '.dive-ci',
    );
    expect(evaluateBudgets(figures, budgets).map((check) => check.status)).toEqual(['ok', 'ok', 'ok']);
    const past = evaluateBudgets({ ...figures, userWastedPercent: 0.2000001 }, budgets);
    expect(past.map((check) => [check.name, check.status])).toContainEqual([
      'max-user-wasted-percent',
      'broken',
    ]);
    expect(brokenSentence(past.find((check) => check.status === 'broken')!)).toBe(
      'max-user-wasted-percent 20.0% breaks the budget (at most 20.0%; over by 0.0 points)',
    );
  });
});
