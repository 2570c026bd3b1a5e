import type { Finding, Severity } from '../types.js';
import { barChart, COLORS } from './html/charts.js';
import { escapeHtml } from './html/escape.js';
import { paragraph, renderPage, section, table, tiles } from './html/page.js';
import { type LintReport, type ReportOptions, statistics, summarize } from './types.js';

const SEVERITIES: Severity[] = ['error', 'warning', 'info'];
const TOP_RULES = 15;
const count = (value: number) => String(value);

function findingRow(finding: Finding): string[] {
  const where = `${finding.file}:${finding.range.start.line}:${finding.range.start.column}`;
  const fix = finding.fix ? `${finding.fix.applicability} fix` : '';
  return [
    `<code>${escapeHtml(where)}</code>`,
    `<span class="sev ${finding.severity}">${finding.severity}</span>`,
    `<a href="${escapeHtml(finding.docsUrl)}">${escapeHtml(finding.rule)}</a> <span class="muted">${escapeHtml(finding.name)}</span>`,
    escapeHtml(finding.message),
    escapeHtml(fix),
  ];
}

/** `shipshape lint --format html`: findings by severity and by rule, then every finding. */
export function renderLintHtml(report: LintReport, options?: Partial<ReportOptions>): string {
  const summary = summarize(report);
  const files = `${summary.files} file${summary.files === 1 ? '' : 's'}`;
  const bySeverity = barChart(
    'Findings by severity',
    SEVERITIES.map((severity) => ({ label: severity, value: summary[severity], color: COLORS[severity] })),
    count,
  );
  const perRule = statistics(report.findings).slice(0, TOP_RULES);
  const byRule = barChart(
    'Findings by rule (most frequent first)',
    perRule.map((rule) => ({
      label: `${rule.rule} ${rule.name}`,
      value: rule.count,
      ...(rule.fixable > 0 ? { note: `${rule.fixable} fixable` } : {}),
    })),
    count,
    'No findings.',
  );
  const list =
    report.findings.length === 0
      ? paragraph('No findings: the Dockerfiles follow every selected rule.')
      : table(
          [
            { title: 'Where' },
            { title: 'Severity' },
            { title: 'Rule' },
            { title: 'Message' },
            { title: 'Fix' },
          ],
          report.findings.map(findingRow),
        );
  return renderPage({
    title: 'shipshape lint',
    subtitle: `${summary.findings} finding${summary.findings === 1 ? '' : 's'} in ${files}${options?.version ? ` · shipshape ${options.version}` : ''}`,
    body: [
      tiles([
        { label: 'findings', value: String(summary.findings), tone: summary.findings > 0 ? 'bad' : 'good' },
        {
          label: 'errors',
          value: String(summary.error),
          ...(summary.error > 0 ? { tone: 'bad' as const } : {}),
        },
        { label: 'warnings', value: String(summary.warning) },
        { label: 'info', value: String(summary.info) },
        { label: 'safe fixes (--fix)', value: String(summary.fixable) },
        { label: 'fixes applied', value: String(summary.fixed) },
      ]),
      section('severity', 'By severity', bySeverity),
      section('rules', 'By rule', byRule),
      section('findings', 'Findings', list),
    ],
  });
}
