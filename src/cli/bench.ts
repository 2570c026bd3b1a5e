import type { Command } from 'commander';
import type { BenchReport, ScenarioName } from '../bench/types.js';
import { UserError } from '../errors.js';
import type { Variant } from '../optimize/types.js';

interface BenchFlags {
  against?: string;
  variant: string;
  dockerfile?: string;
  scenarios: string;
  runs: string;
  format: string;
  output?: string;
  builder?: string;
  verify: boolean;
  keep?: boolean;
  quiet?: boolean;
  record?: boolean;
}

const ALL_SCENARIOS = ['size', 'fresh', 'noop', 'code', 'deps'];
const VARIANTS: Variant[] = ['slim', 'alpine', 'distroless'];
const REPORTERS: Record<string, () => Promise<(report: BenchReport) => string>> = {
  text: async () => (await import('../report/bench-text.js')).renderBenchText,
  markdown: async () => (await import('../report/bench-markdown.js')).renderBenchMarkdown,
  json: async () => (await import('../report/bench-json.js')).renderBenchJson,
  html: async () => (await import('../report/bench-html.js')).renderBenchHtml,
};

export function register(program: Command): void {
  program
    .command('bench')
    .description(
      "Build the project's Dockerfile (before) and the optimized one (after) with BuildKit, measure size and " +
        'build times (fresh, no-op, code change, new dependency), and check that both images start and answer.',
    )
    .argument('[dir]', 'project folder (never modified: bench builds temporary copies)', '.')
    .option('--against <path>', 'compare with this Dockerfile instead of what `shipshape optimize` writes')
    .option(
      '--variant <variant>',
      '"after" is what `shipshape optimize --variant` writes: slim | alpine | distroless',
      'slim',
    )
    .option('--dockerfile <path>', 'the "before" Dockerfile (default: the project’s Dockerfile)')
    .option('--scenarios <list>', 'comma-separated: size,fresh,noop,code,deps', ALL_SCENARIOS.join(','))
    .option('--runs <n>', 'builds per scenario and side (median, min, max are reported)', '3')
    .option('--format <format>', 'text | markdown | json | html', 'text')
    .option('--output <file>', 'write the report to this file (atomically) instead of stdout')
    .option('--builder <name>', 'buildx builder to use (remote BuildKit and cache backends work unchanged)')
    .option('--no-verify', 'skip comparing the two images and running them until they answer')
    .option('--keep', 'keep the images and temporary copies (their names are printed)')
    .option('--quiet', 'no live progress display (it is shown only on a terminal anyway)')
    .option('--record', "append the optimized image's size and build times to .shipshape/history.sqlite")
    .addHelpText(
      'after',
      `
The "after" Dockerfile is generated without the \`# syntax=docker/dockerfile:1\` line, so
bench works on engines that cannot reach a registry: BuildKit's built-in frontend
supports everything it uses (cache and bind mounts, COPY --chmod).

The fresh scenario prunes unused RUN --mount=type=cache records of the builder
(\`docker buildx prune --filter type=exec.cachemount\`, all projects) and builds with
--no-cache; base images stay in the engine. Verification (unless --no-verify) compares
both images: Python distributions, imports, shared libraries of compiled extensions,
files the app owns, the runtime contract and behaviour (time to healthy, idle memory).
Exit codes: 0 ok, 1 a build failed or verification found a difference, 2 usage error
or no docker/buildx, 130 Ctrl-C.`,
    )
    .action(async (dir: string, flags: BenchFlags) => runBenchCommand(dir, flags));
}

function parseScenarios(text: string): ScenarioName[] {
  const names = text
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const unknown = names.filter((name) => !ALL_SCENARIOS.includes(name));
  if (unknown.length > 0 || names.length === 0) {
    throw new UserError(
      `Unknown scenario "${unknown[0] ?? text}": use a comma-separated list of ${ALL_SCENARIOS.join(', ')}.`,
    );
  }
  return ALL_SCENARIOS.filter((name) => names.includes(name)) as ScenarioName[];
}

async function runBenchCommand(dir: string, flags: BenchFlags): Promise<void> {
  const reporter = REPORTERS[flags.format];
  if (!reporter) throw new UserError(`Unknown format "${flags.format}": use text, markdown, json or html.`);
  const runs = Number(flags.runs);
  if (!Number.isInteger(runs) || runs < 1 || runs > 20) {
    throw new UserError(`--runs must be a whole number from 1 to 20, got "${flags.runs}".`);
  }
  const scenarios = parseScenarios(flags.scenarios);
  const variant = flags.variant as Variant;
  if (!VARIANTS.includes(variant)) {
    throw new UserError(`Unknown variant "${flags.variant}": use slim, alpine or distroless.`);
  }
  if (flags.against && variant !== 'slim') {
    throw new UserError(
      '--variant chooses what optimize writes for "after"; drop it when --against names the Dockerfile.',
    );
  }
  const render = await reporter();
  const [{ runBench }, { BenchProgress }] = await Promise.all([
    import('../bench/index.js'),
    import('./bench-progress.js'),
  ]);

  const controller = new AbortController();
  let interrupts = 0;
  const onSigint = () => {
    interrupts += 1;
    if (interrupts > 1) process.exit(130); // a second Ctrl-C means "now", cleanup or not
    process.stderr.write('\nshipshape: interrupted, removing containers, images and temporary folders…\n');
    controller.abort(new Error('interrupted'));
  };
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigint);
  const progress = process.stderr.isTTY && !flags.quiet ? new BenchProgress(process.stderr) : undefined;

  let report: BenchReport;
  try {
    report = await runBench({
      dir,
      scenarios,
      runs,
      verify: flags.verify,
      keep: Boolean(flags.keep),
      signal: controller.signal,
      ...(flags.dockerfile ? { dockerfile: flags.dockerfile } : {}),
      ...(flags.against ? { against: flags.against } : { variant }),
      ...(flags.builder ? { builder: flags.builder } : {}),
      ...(progress ? { onProgress: (event) => progress.update(event) } : {}),
    });
  } catch (error) {
    if (controller.signal.aborted) {
      progress?.stop();
      process.stderr.write('shipshape: bench interrupted; everything it created was removed.\n');
      process.exitCode = 130;
      return;
    }
    throw error;
  } finally {
    progress?.stop();
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigint);
  }

  if (flags.record) {
    const { benchMeasurement, recordHistory } = await import('../history/index.js');
    await recordHistory(dir, benchMeasurement(report));
  }
  const text = render(report);
  if (flags.output) {
    const { writeFile } = await import('../fs/index.js');
    writeFile(flags.output, text);
    process.stderr.write(`Wrote ${flags.output}.\n`);
  } else {
    process.stdout.write(text);
  }
  if (!report.verdict.ok) {
    for (const side of ['before', 'after'] as const) {
      const logs = report[side].verification?.logs;
      if (logs && flags.output) process.stderr.write(`\nContainer logs (${side}):\n${logs}\n`);
    }
    process.stderr.write(`shipshape: ${report.verdict.reasons.join(' ')}\n`);
    process.exitCode = 1;
  }
}
