import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import type { Budgets } from '../budgets/index.js';
import { UserError } from '../errors.js';
import type { InspectInput } from '../image/inspect-image.js';
import type { ImageReport } from '../image/types.js';

interface InspectFlags {
  tarball?: string;
  oci?: string;
  format: string;
  top: string;
  layer?: string;
  project?: string;
  platform: string;
  ci?: boolean;
  maxWasted?: string;
  minEfficiency?: string;
  record?: boolean;
}

const FORMATS = ['text', 'json', 'html'] as const;

export function register(program: Command): void {
  program
    .command('inspect')
    .description(
      'Analyse a built image without a daemon: layers, honest wasted bytes, Python waste, security surface.',
    )
    .argument('[image]', 'a local image (exported with `docker save`)')
    .option('--tarball <file>', 'a `docker save` tarball')
    .option('--oci <dir>', 'an OCI image layout folder')
    .option('--format <format>', 'text | json | html', 'text')
    .option('--top <n>', 'how many paths each list shows', '10')
    .option('--layer <n>', 'also list the largest files added by layer N (1 = base)')
    .option(
      '--project <dir>',
      'project folder: its lock names dev-only dependencies, its pyproject holds budgets',
    )
    .option('--platform <os/arch>', 'platform to pick from a multi-platform OCI index', 'linux/amd64')
    .option('--ci', 'check budgets (flags, [tool.shipshape.budgets], .dive-ci) and exit 1 when one breaks')
    .option('--max-wasted <size>', 'budget: most wasted bytes allowed (e.g. 50MB)')
    .option('--min-efficiency <ratio>', 'budget: lowest efficiency allowed (0–1)')
    .option('--record', 'append size and layer count to .shipshape/history.sqlite (of --project, else here)')
    .action(async (image: string | undefined, flags: InspectFlags) => runInspect(image, flags));
}

function positiveInteger(text: string, flag: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1)
    throw new UserError(`${flag} must be a whole number of at least 1, not "${text}".`);
  return value;
}

function chooseInput(image: string | undefined, flags: InspectFlags): InspectInput | { image: string } {
  const given = [image, flags.tarball, flags.oci].filter((value) => value !== undefined);
  if (given.length !== 1) {
    throw new UserError('Give exactly one of IMAGE, --tarball FILE or --oci DIR to `shipshape inspect`.');
  }
  if (flags.tarball) return { tarball: flags.tarball };
  if (flags.oci) {
    if (!existsSync(join(flags.oci, 'index.json'))) {
      throw new UserError(
        `${flags.oci} is not an OCI image layout (no index.json); pass the layout folder to --oci.`,
      );
    }
    return { oci: flags.oci };
  }
  return { image: image! };
}

/** Budgets from config files first (.dive-ci, then [tool.shipshape.budgets]), flags last, so the command line wins. */
async function collectBudgets(
  flags: InspectFlags,
  projectTable: Record<string, unknown> | undefined,
  configFile: string,
): Promise<Budgets> {
  // Without --ci or a budget flag there is nothing to parse: the budgets code (and the YAML
  // parser .dive-ci needs) is not loaded at all.
  if (!flags.ci && flags.maxWasted === undefined && flags.minEfficiency === undefined) return {};
  const { budgetsFromDiveCi, budgetsFromTable, withBudgetFlags } = await import('../budgets/index.js');
  const budgets: Budgets = {};
  if (flags.ci) {
    const { readTextFile } = await import('../fs/index.js');
    const diveCi = resolve(flags.project ?? '.', '.dive-ci');
    if (existsSync(diveCi))
      Object.assign(
        budgets,
        budgetsFromDiveCi(readTextFile(diveCi, diveCi, { what: '.dive-ci file' }), diveCi),
      );
    if (projectTable) Object.assign(budgets, budgetsFromTable(projectTable, configFile));
  }
  return withBudgetFlags(budgets, { maxWasted: flags.maxWasted, minEfficiency: flags.minEfficiency });
}

/** The project facts inspect uses: dev-only names and the budgets table. */
async function projectFacts(flags: InspectFlags) {
  const dir = flags.project ?? (flags.ci ? '.' : undefined);
  if (!dir) return { devOnly: undefined, table: undefined, file: 'pyproject.toml' };
  const explicit = flags.project !== undefined;
  if (!explicit && !existsSync('pyproject.toml') && !existsSync('.shipshape.toml')) {
    return { devOnly: undefined, table: undefined, file: 'pyproject.toml' };
  }
  const { load } = await import('../project/index.js');
  const project = await load(dir);
  const budgets = project.config?.table.budgets as Record<string, unknown> | undefined;
  return {
    devOnly: explicit && project.lock ? new Set(project.devOnlyPackages) : undefined,
    table: budgets,
    file: project.config?.file ?? 'pyproject.toml',
  };
}

/** A local image is exported through the engine and read by offset like any --tarball. */
async function inspectLocalImage(tag: string, inspect: (input: InspectInput) => Promise<ImageReport>) {
  const { withSavedImage } = await import('../engine/index.js');
  return withSavedImage(tag, async (tarball) => {
    const report = await inspect({ tarball });
    report.source = tag;
    return report;
  });
}

async function runInspect(image: string | undefined, flags: InspectFlags): Promise<void> {
  if (!FORMATS.includes(flags.format as (typeof FORMATS)[number])) {
    throw new UserError(`Unknown format "${flags.format}": use text, json or html.`);
  }
  const top = positiveInteger(flags.top, '--top');
  const layer = flags.layer === undefined ? undefined : positiveInteger(flags.layer, '--layer');
  const input = chooseInput(image, flags);
  const facts = await projectFacts(flags);
  const budgets = await collectBudgets(flags, facts.table, facts.file);

  const { inspectImage } = await import('../image/inspect-image.js');
  const options = {
    top,
    platform: flags.platform,
    ...(layer ? { layer } : {}),
    ...(facts.devOnly ? { devOnly: facts.devOnly } : {}),
  };
  const inspect = (source: InspectInput) => inspectImage(source, options);
  const report = 'image' in input ? await inspectLocalImage(input.image, inspect) : await inspect(input);

  const checking = flags.ci || Object.keys(budgets).length > 0;
  if (checking) {
    const { brokenSentence, evaluateBudgets, imageFigures } = await import('../budgets/index.js');
    // The size is the layer tar bytes, as `check --tarball` measures it.
    const checks = evaluateBudgets(imageFigures(report, report.layerBytes), budgets);
    report.budgets = {
      budgets: { ...budgets },
      broken: checks.filter((check) => check.status === 'broken').map(brokenSentence),
    };
  }
  if (flags.record) {
    const { inspectMeasurement, recordHistory } = await import('../history/index.js');
    await recordHistory(flags.project ?? '.', inspectMeasurement(report));
  }
  if (flags.format === 'html') {
    const { renderInspectHtml } = await import('../report/inspect-html.js');
    process.stdout.write(renderInspectHtml(report));
  } else if (flags.format === 'json') {
    const { renderInspectJson } = await import('../report/inspect-json.js');
    process.stdout.write(renderInspectJson(report));
  } else {
    const { renderInspectText } = await import('../report/inspect-text.js');
    process.stdout.write(renderInspectText(report, { top }));
  }
  if (report.budgets && report.budgets.broken.length > 0) {
    process.stderr.write(`shipshape: budget broken: ${report.budgets.broken.join('; ')}\n`);
    process.exitCode = 1;
  }
}
