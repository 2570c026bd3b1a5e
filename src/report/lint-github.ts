import type { Severity } from '../types.js';
import { type LintReport, type ReportOptions, summarize } from './types.js';

const COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };

/** Workflow-command escaping: the message may hold any text; properties also lose `:` and `,`. */
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** GitHub Actions annotations: one `::error file=…,line=…::message` line per finding. */
export function renderLintGithub(report: LintReport, _options: ReportOptions): string {
  const lines = report.findings.map((finding) => {
    const { start, end } = finding.range;
    const properties = [
      `file=${escapeProperty(finding.file)}`,
      `line=${start.line}`,
      `col=${start.column}`,
      `endLine=${end.line}`,
      `endColumn=${end.column}`,
      `title=${escapeProperty(`${finding.rule} ${finding.name}`)}`,
    ].join(',');
    return `::${COMMAND[finding.severity]} ${properties}::${escapeData(finding.message)}`;
  });
  const summary = summarize(report);
  lines.push(
    `shipshape: ${summary.findings} problem${summary.findings === 1 ? '' : 's'} in ${summary.files} file${summary.files === 1 ? '' : 's'}.`,
  );
  return `${lines.join('\n')}\n`;
}
