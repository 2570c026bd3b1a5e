import type * as Sarif from 'sarif';
import type { Finding, Severity } from '../types.js';
import type { LintReport, ReportOptions, RuleInfo } from './types.js';

const LEVEL: Record<Severity, Sarif.Result.level> = { error: 'error', warning: 'warning', info: 'note' };
const INFORMATION_URI = 'https://github.com/shipshape-dev/shipshape';

function uri(file: string): string {
  return encodeURI(file.replace(/\\/g, '/'));
}

function descriptor(rule: RuleInfo): Sarif.ReportingDescriptor {
  return {
    id: rule.code,
    name: rule.name,
    shortDescription: { text: rule.summary },
    helpUri: rule.helpUri,
    help: {
      text: `${rule.summary} See ${rule.helpUri}`,
      markdown: `${rule.summary} [Docs](${rule.helpUri})`,
    },
    defaultConfiguration: { level: LEVEL[rule.severity] },
    properties: { tags: rule.tags },
  };
}

function fixOf(finding: Finding): Sarif.Fix[] | undefined {
  if (!finding.fix) return undefined;
  const byFile = new Map<string, Sarif.Replacement[]>();
  for (const edit of finding.fix.edits) {
    const file = edit.file ?? finding.file;
    const list = byFile.get(file) ?? [];
    list.push({
      deletedRegion: { charOffset: edit.start, charLength: edit.end - edit.start },
      insertedContent: { text: edit.content },
    });
    byFile.set(file, list);
  }
  return [
    {
      description: { text: `${finding.fix.description} (${finding.fix.applicability})` },
      artifactChanges: [...byFile].map(([file, replacements]) => ({
        artifactLocation: { uri: uri(file) },
        replacements,
      })),
    },
  ];
}

/** SARIF 2.1.0 for code-scanning uploads: one run, the rules that fired, one result per finding. */
export function renderLintSarif(report: LintReport, options: ReportOptions): string {
  const fired = new Set(report.findings.map((f) => f.rule));
  const rules = report.rules.filter((r) => fired.has(r.code)).sort((a, b) => a.code.localeCompare(b.code));
  const index = new Map(rules.map((rule, i) => [rule.code, i]));
  const results: Sarif.Result[] = report.findings.map((finding) => {
    const { start, end } = finding.range;
    const result: Sarif.Result = {
      ruleId: finding.rule,
      level: LEVEL[finding.severity],
      message: { text: finding.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: uri(finding.file) },
            region: {
              startLine: start.line,
              startColumn: start.column,
              endLine: end.line,
              endColumn: end.column,
              charOffset: start.offset,
              charLength: end.offset - start.offset,
            },
          },
        },
      ],
    };
    const ruleIndex = index.get(finding.rule);
    if (ruleIndex !== undefined) result.ruleIndex = ruleIndex;
    const fixes = fixOf(finding);
    if (fixes) result.fixes = fixes;
    return result;
  });
  const log: Sarif.Log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'shipshape',
            version: options.version,
            semanticVersion: options.version,
            informationUri: INFORMATION_URI,
            rules: rules.map(descriptor),
          },
        },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
