import { relative } from 'node:path';
import type { Command } from 'commander';
import { UserError } from '../errors.js';
import type { Trend } from '../history/trend.js';

interface HistoryFlags {
  format: string;
  threshold: string;
  output?: string;
  subject?: string;
}

const REPORTERS: Record<string, () => Promise<(trend: Trend) => string>> = {
  text: async () => (await import('../report/history-text.js')).renderHistoryText,
  json: async () => (await import('../report/history-json.js')).renderHistoryJson,
  html: async () => (await import('../report/history-html.js')).renderHistoryHtml,
};

export function register(program: Command): void {
  program
    .command('history')
    .description('Show how image size and build times changed across runs recorded with --record.')
    .argument('[dir]', 'project folder whose .shipshape/history.sqlite to read', '.')
    .option('--format <format>', 'text | json | html', 'text')
    .option('--threshold <percent>', 'flag growth larger than this between two measurements', '10%')
    .option('--subject <name>', 'only this image (or "<project> (optimized)" for bench rows)')
    .option('--output <file>', 'write the report to this file (atomically) instead of stdout')
    .addHelpText(
      'after',
      `
Rows are appended by \`shipshape bench --record\`, \`shipshape inspect IMAGE --record\` and
\`shipshape check --record\`, with the time and the git commit and branch when there is one.
Exit codes: 0 ok, 1 the newest measurement of a subject grew more than the threshold,
2 usage error or a history file that is not shipshape's.`,
    )
    .action(async (dir: string, flags: HistoryFlags) => runHistory(dir, flags));
}

async function runHistory(dir: string, flags: HistoryFlags): Promise<void> {
  const reporter = REPORTERS[flags.format];
  if (!reporter) throw new UserError(`Unknown format "${flags.format}": use text, json or html.`);
  const [{ historyFile, readHistory }, { buildTrend, parseThreshold }] = await Promise.all([
    import('../history/index.js'),
    import('../history/trend.js'),
  ]);
  const threshold = parseThreshold(flags.threshold);
  const rows = readHistory(dir).filter((row) => flags.subject === undefined || row.subject === flags.subject);
  const shown = relative(process.cwd(), historyFile(dir)) || historyFile(dir);
  const trend = buildTrend(shown, rows, threshold);
  const text = (await reporter())(trend);
  if (flags.output) {
    const { writeFile } = await import('../fs/index.js');
    writeFile(flags.output, text);
    process.stderr.write(`Wrote ${flags.output}.\n`);
  } else {
    process.stdout.write(text);
  }
  const jumped = trend.series.filter((series) => series.latestIsJump).map((series) => series.subject);
  if (jumped.length > 0) {
    process.stderr.write(
      `shipshape: size jumped more than ${flags.threshold} at the latest measurement of ${jumped.join(', ')}.\n`,
    );
    process.exitCode = 1;
  }
}
