import { createHash } from 'node:crypto';
import type { Severity } from '../types.js';
import type { LintReport, ReportOptions } from './types.js';

/** GitLab's scale is info, minor, major, critical, blocker; an error blocks no merge by itself. */
const SEVERITY: Record<Severity, string> = { error: 'critical', warning: 'major', info: 'minor' };

/**
 * GitLab Code Quality JSON (`artifacts: reports: codequality:`): an array of issues with a
 * description, the rule as `check_name`, a fingerprint, a severity and a location. The
 * fingerprint hashes file, rule, message and the occurrence number — not the line — so an
 * issue keeps its identity when lines above it move, and two equal findings stay distinct.
 */
export function renderLintGitlab(report: LintReport, _options: ReportOptions): string {
  const seen = new Map<string, number>();
  const issues = report.findings.map((finding) => {
    const key = `${finding.file}\0${finding.rule}\0${finding.message}`;
    const occurrence = (seen.get(key) ?? 0) + 1;
    seen.set(key, occurrence);
    return {
      type: 'issue',
      description: `${finding.rule} ${finding.name}: ${finding.message}`,
      check_name: finding.rule,
      fingerprint: createHash('sha256').update(`${key}\0${occurrence}`).digest('hex'),
      severity: SEVERITY[finding.severity],
      categories: ['Style'],
      location: {
        path: finding.file.replace(/^\.\//, ''),
        positions: {
          begin: { line: finding.range.start.line, column: finding.range.start.column },
          end: { line: finding.range.end.line, column: finding.range.end.column },
        },
      },
    };
  });
  return `${JSON.stringify(issues, null, 2)}\n`;
}
