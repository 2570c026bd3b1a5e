import type { LintReport, ReportOptions } from './types.js';
import { byFile, xmlAttributes } from './xml.js';

/**
 * Checkstyle XML (Jenkins' Warnings NG, GitLab, Bitbucket and many CI plugins read it), as
 * hadolint writes it: one `<file>` per Dockerfile, one `<error>` per finding, the rule code as
 * `source`. Every linted file appears, clean ones with no `<error>`.
 */
export function renderLintCheckstyle(report: LintReport, options: ReportOptions): string {
  const files = byFile(report.findings);
  for (const file of Object.keys(report.sources)) if (!files.has(file)) files.set(file, []);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<checkstyle${xmlAttributes({ version: options.version })}>`,
  ];
  for (const [file, findings] of files) {
    if (findings.length === 0) {
      lines.push(`  <file${xmlAttributes({ name: file })}/>`);
      continue;
    }
    lines.push(`  <file${xmlAttributes({ name: file })}>`);
    for (const finding of findings) {
      const attributes = xmlAttributes({
        line: finding.range.start.line,
        column: finding.range.start.column,
        severity: finding.severity,
        message: `${finding.message} (${finding.name})`,
        source: finding.rule,
      });
      lines.push(`    <error${attributes}/>`);
    }
    lines.push('  </file>');
  }
  lines.push('</checkstyle>');
  return `${lines.join('\n')}\n`;
}
