import { renderLintCheckstyle } from './lint-checkstyle.js';
import type { LintFormat } from './lint-formats.js';
import { renderLintGithub } from './lint-github.js';
import { renderLintGitlab } from './lint-gitlab.js';
import { renderLintHtml } from './lint-html.js';
import { renderLintJson } from './lint-json.js';
import { renderLintJunit } from './lint-junit.js';
import { renderLintSarif } from './lint-sarif.js';
import { renderLintText } from './lint-text.js';
import type { LintReport, ReporterMap } from './types.js';

export { LINT_FORMATS, type LintFormat } from './lint-formats.js';

/** `shipshape lint --format <name>` → the reporter that renders it. */
export const lintReporters: ReporterMap<LintReport, LintFormat> = {
  text: renderLintText,
  json: renderLintJson,
  sarif: renderLintSarif,
  github: renderLintGithub,
  gitlab: renderLintGitlab,
  checkstyle: renderLintCheckstyle,
  junit: renderLintJunit,
  html: renderLintHtml,
};
