/**
 * shipshape as a library: the pure API behind the CLI. Projects come from a folder
 * (`loadProject`) or from in-memory texts (`projectFromFiles`); everything else takes and
 * returns values and never writes a file.
 *
 * ```ts
 * import { applyFixes, lintProject, loadProject } from 'shipshape';
 * const project = await loadProject('.');
 * for (const finding of await lintProject(project)) console.log(finding.rule, finding.message);
 * const { changed } = await applyFixes(project); // path → fixed text; writing is yours
 * ```
 *
 * Errors a user can act on (a missing folder, a malformed lock) are thrown as `UserError`
 * with one sentence naming the file; `isUserError` tells them from bugs.
 */
import { type InspectOptions, inspectImage as inspectAny } from './image/inspect-image.js';
import type { ImageReport } from './image/types.js';
import { type OptimizeResult, optimize as optimizeProject } from './optimize/index.js';
import type { PlanOptions } from './optimize/plan.js';
import type { Change, LedgerEntry } from './optimize/types.js';
import { load } from './project/read.js';
import type { LoadOptions, Project } from './project/types.js';
import { ruleDocMarkdown } from './report/rule-doc.js';
import { categoryOf, docsUrl, type RuleCategory, type RuleDocs } from './rules/define.js';
import { ruleCatalogue } from './rules/registry.js';
import type { Severity } from './types.js';

export { isUserError, UserError } from './errors.js';
export type { ImageReport } from './image/types.js';
export {
  type ApplyFixesOptions,
  applyFixes,
  type FixOutcome,
  type LintProjectOptions,
  type LintSettings,
  type LintTextOptions,
  lintProject,
  lintText,
} from './lint/index.js';
export type { Change, Fate, LedgerEntry, Variant } from './optimize/types.js';
export { type FromFilesOptions, projectFromFiles } from './project/read.js';
export type { ProjectFiles } from './project/source.js';
export type { DockerfileEntry, LoadOptions, Project } from './project/types.js';
export type { Applicability, Edit, Finding, Fix, Position, Range, Severity } from './types.js';

/**
 * Reads a project folder (its Dockerfiles, pyproject.toml, locks, requirements, .dockerignore
 * and the app's code) into one `Project`. `options.dockerfile` picks a Dockerfile by path.
 */
export function loadProject(dir: string, options: LoadOptions = {}): Promise<Project> {
  return load(dir, options);
}

export interface OptimizeOptions {
  /** Base-image family of the result: `slim` (default), `alpine` or `distroless`. */
  variant?: PlanOptions['variant'];
  /** Start the Dockerfile with a `# syntax=` line (default true). */
  syntaxDirective?: boolean;
  /** Rewrite even where optimize would otherwise refuse. */
  force?: boolean;
}

export interface Optimized {
  /** The rewritten Dockerfile's text. */
  dockerfile: string;
  /** The .dockerignore to go with it. */
  dockerignore: string;
  /** Every instruction of the original with its fate (kept, moved-to-builder, rewritten, replaced, dropped) and why. */
  ledger: LedgerEntry[];
  /** Every change with the rule codes it resolves and its effect, and what optimize warns about. */
  explanation: { changes: Change[]; warnings: string[] };
}

/** Rewrites the project's Dockerfile into a multi-stage, cache-friendly, non-root one, as `shipshape optimize` prints it. */
export async function optimize(project: Project, options: OptimizeOptions = {}): Promise<Optimized> {
  const result: OptimizeResult = await optimizeProject(project, options);
  return {
    dockerfile: result.dockerfile,
    dockerignore: result.dockerignore,
    ledger: result.ledger,
    explanation: { changes: result.changes, warnings: result.warnings },
  };
}

/** A docker-save / OCI archive file, or an OCI image layout folder. */
export type ImageInput = { tarball: string } | { oci: string };

export type { InspectOptions };

/** Reads an image without a daemon: layers, honest wasted bytes, Python waste and security surface. */
export function inspectImage(input: ImageInput, options: InspectOptions = {}): Promise<ImageReport> {
  return inspectAny(input, options);
}

export interface RuleDescription {
  code: string;
  name: string;
  severity: Severity;
  category: RuleCategory;
  /** Whether the rule offers a fix, and how safe it is. */
  fixable: 'safe' | 'unsafe' | false;
  /** Equivalent checks elsewhere (`hadolint:DL3042`). */
  sources: string[];
  docs: RuleDocs;
  docsUrl: string;
  /** The rule's documentation page as Markdown (what `shipshape rule CODE` prints). */
  markdown: string;
}

/** The rule catalogue, by code, each with its documentation. */
export function rules(): RuleDescription[] {
  return ruleCatalogue().map((rule) => ({
    code: rule.code,
    name: rule.name,
    severity: rule.severity,
    category: categoryOf(rule.code),
    fixable: rule.fixable,
    sources: [...rule.sources],
    docs: rule.docs,
    docsUrl: docsUrl(rule),
    markdown: ruleDocMarkdown(rule, categoryOf(rule.code)),
  }));
}
