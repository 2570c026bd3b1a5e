import type { LintReport, ReportOptions } from './types.js';
import { byFile, xmlAttributes, xmlEscape } from './xml.js';

/**
 * JUnit XML (the test-report format GitLab, Jenkins, Azure Pipelines and CircleCI show): one
 * `<testsuite>` per Dockerfile, one failed `<testcase>` per finding, and one passing case for a
 * clean file, so a clean run still shows as tests that passed.
 */
export function renderLintJunit(report: LintReport, _options: ReportOptions): string {
  const files = byFile(report.findings);
  for (const file of Object.keys(report.sources)) if (!files.has(file)) files.set(file, []);
  const total = [...files.values()].reduce((sum, findings) => sum + Math.max(1, findings.length), 0);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${xmlAttributes({ name: 'shipshape lint', tests: total, failures: report.findings.length, errors: 0 })}>`,
  ];
  for (const [file, findings] of files) {
    const suite = xmlAttributes({
      name: file,
      tests: Math.max(1, findings.length),
      failures: findings.length,
      errors: 0,
      skipped: 0,
    });
    lines.push(`  <testsuite${suite}>`);
    if (findings.length === 0) {
      lines.push(`    <testcase${xmlAttributes({ name: 'no problems', classname: file, file })}/>`);
    }
    for (const finding of findings) {
      const { line, column } = finding.range.start;
      const testcase = xmlAttributes({
        name: `${finding.rule} ${finding.name} at ${line}:${column}`,
        classname: file,
        file,
        line,
      });
      const failure = xmlAttributes({ message: finding.message, type: finding.severity });
      const body = `${file}:${line}:${column} ${finding.severity} ${finding.rule} ${finding.name}\n${finding.message}\n${finding.docsUrl}`;
      lines.push(`    <testcase${testcase}>`);
      lines.push(`      <failure${failure}>${xmlEscape(body)}</failure>`);
      lines.push('    </testcase>');
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return `${lines.join('\n')}\n`;
}
