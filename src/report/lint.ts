import { renderLintGithub } from './lint-github.js';
import { renderLintHtml } from './lint-html.js';
import { renderLintJson } from './lint-json.js';
import { renderLintSarif } from './lint-sarif.js';
import { renderLintText } from './lint-text.js';
import type { LintReport, ReporterMap } from './types.js';

export const LINT_FORMATS = ['text', 'json', 'sarif', 'github', 'html'] as const;
export type LintFormat = (typeof LINT_FORMATS)[number];

/** `shipshape lint --format <name>` → the reporter that renders it. */
export const lintReporters: ReporterMap<LintReport, LintFormat> = {
  text: renderLintText,
  json: renderLintJson,
  sarif: renderLintSarif,
  github: renderLintGithub,
  html: renderLintHtml,
};
