import type { Finding } from '../types.js';
import { type LintReport, type ReportOptions, statistics, summarize } from './types.js';

/** Bumped only on a breaking change of the shape documented in docs/lint.md. */
export const LINT_JSON_VERSION = 1;

function findingJson(finding: Finding) {
  return {
    rule: finding.rule,
    name: finding.name,
    severity: finding.severity,
    message: finding.message,
    file: finding.file,
    range: {
      start: {
        line: finding.range.start.line,
        column: finding.range.start.column,
        offset: finding.range.start.offset,
      },
      end: {
        line: finding.range.end.line,
        column: finding.range.end.column,
        offset: finding.range.end.offset,
      },
    },
    fix: finding.fix
      ? {
          description: finding.fix.description,
          applicability: finding.fix.applicability,
          edits: finding.fix.edits.map((edit) => ({
            file: edit.file ?? finding.file,
            start: edit.start,
            end: edit.end,
            content: edit.content,
          })),
        }
      : null,
    docsUrl: finding.docsUrl,
  };
}

/** The stable machine-readable form: `{ version, findings, summary }` (plus `statistics` when asked). */
export function renderLintJson(report: LintReport, _options: ReportOptions): string {
  const body: Record<string, unknown> = {
    version: LINT_JSON_VERSION,
    findings: report.findings.map(findingJson),
    summary: summarize(report),
  };
  if (report.statistics) body.statistics = statistics(report.findings);
  return `${JSON.stringify(body, null, 2)}\n`;
}
