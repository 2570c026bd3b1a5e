import { ruleDocFileName, ruleDocMarkdown, ruleIndexMarkdown } from '../report/rule-doc.js';
import { categoryOf } from '../rules/define.js';
import { ruleCatalogue } from '../rules/registry.js';

/** Every generated page of docs/rules by file name (what `npm run docs` writes). */
export function ruleDocFiles(): Record<string, string> {
  const rules = ruleCatalogue();
  const files: Record<string, string> = { 'README.md': ruleIndexMarkdown(rules, categoryOf) };
  for (const rule of rules) files[ruleDocFileName(rule)] = ruleDocMarkdown(rule, categoryOf(rule.code));
  return files;
}
