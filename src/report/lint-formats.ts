/** `shipshape lint --format` names, apart from the reporters so the CLI can list them without loading any. */
export const LINT_FORMATS = [
  'text',
  'json',
  'sarif',
  'github',
  'gitlab',
  'checkstyle',
  'junit',
  'html',
] as const;
export type LintFormat = (typeof LINT_FORMATS)[number];
