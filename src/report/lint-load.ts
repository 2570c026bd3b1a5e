import type { LintFormat } from './lint-formats.js';
import type { LintReport, Reporter } from './types.js';

/**
 * The reporter of one `--format`, loaded alone: a `shipshape lint` run loads the one it
 * prints and not the seven others (`lintReporters` in lint.ts holds them all, for the library).
 */
const LOADERS: Record<LintFormat, () => Promise<Reporter<LintReport>>> = {
  text: async () => (await import('./lint-text.js')).renderLintText,
  json: async () => (await import('./lint-json.js')).renderLintJson,
  sarif: async () => (await import('./lint-sarif.js')).renderLintSarif,
  github: async () => (await import('./lint-github.js')).renderLintGithub,
  gitlab: async () => (await import('./lint-gitlab.js')).renderLintGitlab,
  checkstyle: async () => (await import('./lint-checkstyle.js')).renderLintCheckstyle,
  junit: async () => (await import('./lint-junit.js')).renderLintJunit,
  html: async () => (await import('./lint-html.js')).renderLintHtml,
};

export function loadLintReporter(format: LintFormat): Promise<Reporter<LintReport>> {
  return LOADERS[format]();
}
