import type { Rule, RuleCategory } from '../rules/define.js';

const CATEGORY_TITLE: Record<RuleCategory, string> = {
  meta: 'Meta',
  size: 'Image size',
  cache: 'Build cache and speed',
  security: 'Security',
  runtime: 'Runtime correctness',
};

function fixLabel(rule: Rule): string {
  if (rule.fixable === 'safe') return 'safe (`--fix`)';
  if (rule.fixable === 'unsafe') return 'unsafe (`--unsafe-fixes`)';
  return 'none';
}

function fence(code: string): string {
  return ['```dockerfile', code.replace(/\n+$/, ''), '```'].join('\n');
}

/** `docs/rules/<code>-<name>.md`: also what `shipshape rule <code>` prints. */
export function ruleDocMarkdown(rule: Rule, category: RuleCategory): string {
  const sources = rule.sources.length > 0 ? rule.sources.map((s) => `\`${s}\``).join(', ') : 'none';
  return `${[
    `# ${rule.code} ${rule.name}`,
    '',
    rule.docs.summary,
    '',
    '| | |',
    '|---|---|',
    `| Severity | ${rule.severity} |`,
    `| Category | ${CATEGORY_TITLE[category]} |`,
    `| Fix | ${fixLabel(rule)} |`,
    `| Equivalent checks | ${sources} |`,
    '',
    '## What it does',
    '',
    rule.docs.whatItDoes,
    '',
    '## Why is this bad?',
    '',
    rule.docs.why,
    '',
    '## Example',
    '',
    fence(rule.docs.example.bad),
    '',
    'Use instead:',
    '',
    fence(rule.docs.example.good),
    '',
    '## Fix safety',
    '',
    rule.docs.fixSafety,
    '',
    '## Suppressing it',
    '',
    `Put \`# shipshape: ignore=${rule.code}\` on the line above the instruction, or \`# shipshape: global ignore=${rule.code}\` anywhere for the whole file, or add it to \`ignore\` in \`[tool.shipshape]\`.`,
  ].join('\n')}\n`;
}

export function ruleDocFileName(rule: Pick<Rule, 'code' | 'name'>): string {
  return `${rule.code}-${rule.name}.md`;
}

/** `docs/rules/README.md`: every rule by category with its severity and fix. */
export function ruleIndexMarkdown(
  rules: readonly Rule[],
  categoryOf: (code: string) => RuleCategory,
): string {
  const out = [
    '# shipshape lint rules',
    '',
    "Generated from the rules' own metadata by `npm run docs`; do not edit by hand.",
  ];
  for (const category of Object.keys(CATEGORY_TITLE) as RuleCategory[]) {
    const inCategory = rules.filter((r) => categoryOf(r.code) === category);
    if (inCategory.length === 0) continue;
    out.push(
      '',
      `## ${CATEGORY_TITLE[category]}`,
      '',
      '| Code | Name | Severity | Fix | Summary |',
      '|---|---|---|---|---|',
    );
    for (const rule of inCategory) {
      const fix = rule.fixable === false ? '' : rule.fixable;
      const summary = rule.docs.summary.replace(/\|/g, '\\|');
      out.push(
        `| ${rule.code} | [${rule.name}](${ruleDocFileName(rule)}) | ${rule.severity} | ${fix} | ${summary} |`,
      );
    }
  }
  return `${out.join('\n')}\n`;
}
