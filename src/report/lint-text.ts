import pc from 'picocolors';
import type { Finding, Severity } from '../types.js';
import { printable } from './printable.js';
import { type LintReport, type ReportOptions, statistics, summarize } from './types.js';

type Paint = (text: string) => string;
interface Palette {
  severity: Record<Severity, Paint>;
  file: Paint;
  dim: Paint;
  code: Paint;
  caret: Paint;
}

function palette(color: boolean): Palette {
  const c = pc.createColors(color);
  return {
    severity: { error: c.red, warning: c.yellow, info: c.blue },
    file: (text) => c.bold(c.underline(text)),
    dim: c.dim,
    code: c.bold,
    caret: c.red,
  };
}

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/**
 * The start line of the range with a caret underline (to the line's end when the range goes on).
 * `lines` is the file split once: splitting it per finding made 20,000 findings quadratic.
 */
/**
 * A longer line is shown as a window of this many characters around the finding: every finding
 * printing a whole line made a long one-line RUN with thousands of findings print gigabytes.
 */
const MAX_SHOWN = 160;
/** Characters kept before the finding in a window. */
const CONTEXT_BEFORE = 40;

function codeFrame(lines: readonly string[] | undefined, finding: Finding, paint: Palette): string[] {
  if (lines === undefined) return [];
  const { start, end } = finding.range;
  const whole = lines[start.line - 1]?.replace(/\r$/, '');
  if (whole === undefined) return [];
  const lastColumn = end.line === start.line ? end.column : whole.length + 1;
  const from = whole.length > MAX_SHOWN ? Math.max(0, start.column - 1 - CONTEXT_BEFORE) : 0;
  const to = Math.min(whole.length, from + MAX_SHOWN);
  const before = from > 0 ? '…' : '';
  const after = to < whole.length ? '…' : '';
  const line = whole.slice(from, to);
  const column = start.column - from;
  // A control character in the file is shown as its escape (`\x1b`), never sent to the
  // terminal; the carets measure the line as shown.
  const shown = (text: string) => printable(text, { keepTabs: true });
  const width = Math.max(1, shown(line.slice(column - 1, lastColumn - from - 1)).length);
  // Keep tabs in the gutter so the carets line up with what the terminal shows above them.
  const lead = [...shown(before + line.slice(0, column - 1))]
    .map((ch) => (ch === '\t' ? '\t' : ' '))
    .join('');
  const number = String(start.line);
  const gutter = ' '.repeat(number.length);
  return [
    `    ${paint.dim(`${number} |`)} ${before}${shown(line)}${after}`,
    `    ${paint.dim(`${gutter} |`)} ${lead}${paint.caret('^'.repeat(width))}`,
  ];
}

function fixNote(finding: Finding): string {
  if (!finding.fix) return '';
  return finding.fix.applicability === 'safe' ? ' [fix]' : ' [unsafe fix]';
}

function summaryLines(report: LintReport, paint: Palette): string[] {
  const summary = summarize(report);
  const files = plural(summary.files, 'file');
  const lines: string[] = [];
  if (summary.fixed > 0) lines.push(`Fixed ${plural(summary.fixed, 'problem')}.`);
  if (summary.findings === 0) {
    lines.push(`No problems found in ${files}.`);
    return lines;
  }
  const counts = [
    paint.severity.error(plural(summary.error, 'error')),
    paint.severity.warning(plural(summary.warning, 'warning')),
    paint.severity.info(`${summary.info} info`),
  ].join(', ');
  lines.push(`Found ${plural(summary.findings, 'problem')} (${counts}) in ${files}.`);
  const fixable: string[] = [];
  if (summary.fixable > 0) fixable.push(`${summary.fixable} fixable with --fix`);
  if (summary.unsafeFixable > 0) fixable.push(`${summary.unsafeFixable} more with --unsafe-fixes`);
  if (fixable.length > 0) lines.push(`${fixable.join('; ')}.`);
  return lines;
}

function statisticsTable(report: LintReport, paint: Palette): string[] {
  const rows = statistics(report.findings);
  const width = Math.max(5, ...rows.map((r) => String(r.count).length));
  const nameWidth = Math.max(...rows.map((r) => r.name.length), 0);
  return rows.map((r) =>
    `${String(r.count).padStart(width)}  ${paint.code(r.rule)}  ${r.name.padEnd(nameWidth)}  ${r.fixable > 0 ? `${r.fixable} fixable` : ''}`.trimEnd(),
  );
}

/** Human output: findings grouped by file, each with a code frame; then a summary line. */
export function renderLintText(report: LintReport, options: ReportOptions): string {
  const paint = palette(options.color);
  const out: string[] = [];
  if (report.statistics) {
    out.push(...statisticsTable(report, paint));
  } else {
    const byFile = new Map<string, Finding[]>();
    for (const finding of report.findings) {
      const list = byFile.get(finding.file) ?? [];
      list.push(finding);
      byFile.set(finding.file, list);
    }
    for (const [file, findings] of byFile) {
      const lines = report.sources[file]?.split('\n');
      out.push(paint.file(printable(file)));
      for (const finding of findings) {
        const { line, column } = finding.range.start;
        const severity = paint.severity[finding.severity](finding.severity);
        out.push(
          `  ${paint.dim(`${line}:${column}`)} ${severity} ${paint.code(finding.rule)} ${finding.name}${fixNote(finding)}`,
          `    ${printable(finding.message, { keepNewlines: true }).replace(/\n/g, '\n    ')}`,
          ...codeFrame(lines, finding, paint),
        );
      }
      out.push('');
    }
  }
  if (out.length > 0 && out[out.length - 1] !== '') out.push('');
  out.push(...summaryLines(report, paint));
  return `${out.join('\n')}\n`;
}
