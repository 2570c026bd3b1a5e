import {
  type BudgetCheck,
  type Budgets,
  budgetRow,
  budgetsFromTable,
  type CheckRow,
  evaluateBudgets,
  needsWasteFigures,
  renderCheckTable,
  withBudgetFlags,
} from '../budgets/index.js';
import { readConfig, type ShipshapeConfig } from '../config/config.js';
import { UserError } from '../errors.js';
import { load } from '../project/index.js';
import type { Project } from '../project/types.js';
import type { Finding, Severity } from '../types.js';
import type { CheckFlags } from './check.js';
import type { CheckTarget } from './check-measure.js';

const RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

function targetOf(flags: CheckFlags): CheckTarget | null {
  if (flags.image !== undefined && flags.tarball !== undefined) {
    throw new UserError('Give either --image NAME or --tarball FILE to `shipshape check`, not both.');
  }
  if (flags.image !== undefined) return { image: flags.image };
  if (flags.tarball !== undefined) return { tarball: flags.tarball };
  return null;
}

interface LintOutcome {
  row: CheckRow;
  failing: Finding[];
}

async function lintGate(
  project: Project,
  config: ShipshapeConfig,
  threshold: Severity,
): Promise<LintOutcome> {
  const { lintEntry, runOptionsOf } = await import('../lint/index.js');
  if (project.dockerfiles.length === 0) {
    throw new UserError(
      `${project.root} has no Dockerfile to lint; drop --fail-on or pass the project folder.`,
    );
  }
  const options = runOptionsOf(config);
  const failing: Finding[] = [];
  for (const entry of project.dockerfiles) {
    const findings = await lintEntry(project, entry, options);
    failing.push(...findings.filter((finding) => RANK[finding.severity] >= RANK[threshold]));
  }
  const count = `${failing.length} finding${failing.length === 1 ? '' : 's'}`;
  return {
    failing,
    row: {
      check: 'lint',
      limit: `no ${threshold}${threshold === 'error' ? 's' : 's or worse'}`,
      actual: count,
      overBy: failing.length > 0 ? count : '',
      status: failing.length > 0 ? 'broken' : 'ok',
    },
  };
}

function describeBudgets(checks: BudgetCheck[]): string {
  return checks.map((check) => check.name).join(', ');
}

/** `shipshape check`: measure the image against its budgets, optionally lint, print the table, return the exit code. */
export async function runCheck(dir: string, flags: CheckFlags): Promise<number> {
  const target = targetOf(flags);
  const project = await load(dir);
  const config = readConfig(project.config);
  const budgets: Budgets = withBudgetFlags(
    budgetsFromTable(config.budgets, config.file ?? 'pyproject.toml'),
    flags,
  );
  const hasBudgets = Object.keys(budgets).length > 0;
  const budgetFlagGiven = [flags.maxSize, flags.maxWasted, flags.minEfficiency].some((v) => v !== undefined);
  if (!target && (budgetFlagGiven || (hasBudgets && !flags.failOn))) {
    throw new UserError('Budgets need an image: pass --image NAME (a local image) or --tarball FILE.');
  }
  if (!target && !flags.failOn) {
    throw new UserError(
      'Nothing to check: pass --image NAME or --tarball FILE with budgets, or --fail-on SEVERITY.',
    );
  }
  if (target && !hasBudgets) {
    throw new UserError(
      'No budgets to check: pass --max-size, --max-wasted or --min-efficiency, or add [tool.shipshape.budgets] to pyproject.toml.',
    );
  }

  let checks: BudgetCheck[] = [];
  if (target) {
    const { measure } = await import('./check-measure.js');
    const figures = await measure(target, needsWasteFigures(budgets));
    checks = evaluateBudgets(figures, budgets);
    if (flags.record) {
      const { checkMeasurement, recordHistory } = await import('../history/index.js');
      await recordHistory(dir, checkMeasurement(target, figures.sizeBytes));
    }
  }
  const rows = checks.map(budgetRow);
  const lint = flags.failOn ? await lintGate(project, config, flags.failOn) : null;
  if (lint) rows.push(lint.row);
  const broken = rows.filter((row) => row.status === 'broken').length;

  if (flags.format === 'json') {
    process.stdout.write(
      `${JSON.stringify(
        {
          target: target ?? null,
          ok: broken === 0,
          budgets: checks,
          lint: lint ? { failOn: flags.failOn, findings: lint.failing } : null,
        },
        null,
        2,
      )}\n`,
    );
  } else {
    process.stdout.write(renderCheckTable(rows));
    for (const finding of lint?.failing ?? []) {
      const { line, column } = finding.range.start;
      process.stdout.write(`  ${finding.file}:${line}:${column} ${finding.rule} ${finding.message}\n`);
    }
    const what = target ? ('image' in target ? target.image : target.tarball) : dir;
    process.stdout.write(
      broken > 0
        ? `${what}: ${broken} of ${rows.length} check${rows.length === 1 ? '' : 's'} broke.\n`
        : `${what}: every check holds (${describeBudgets(checks) || 'lint'}).\n`,
    );
  }
  return broken > 0 ? 1 : 0;
}
