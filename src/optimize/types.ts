import type { PackageManager } from '../project/types.js';

export type Variant = 'slim' | 'alpine' | 'distroless';

/** One change optimize makes, with the lint codes it resolves and what the user gains. */
export interface Change {
  rules: string[];
  description: string;
  effect: string;
}

/** A step optimize does not understand: kept verbatim, marked for review. */
export interface ReviewStep {
  text: string;
  line: number;
  reason: string;
}

/** A RUN step that does not install dependencies: a post-install setup or a check. */
export interface AppStep {
  /** The shell command for the shipped stage (runner prefixes already turned into venv commands). */
  command: string;
  /** `system`: installs OS libraries with apt (`playwright install-deps`), so it runs as root before USER. */
  kind: 'setup' | 'check' | 'system';
  /** True when the step reads the application source, so it must follow the source COPY. */
  needsSource: boolean;
  line: number;
}

export interface SourceCopy {
  sources: string[];
  destination: string;
}

export interface DependencyRecipe {
  manager: PackageManager;
  /** Builder-stage lines before the source is copied (tool install, dependency-only install). */
  beforeSource: string[];
  /** Builder-stage lines after the source is copied (installing the project itself), may be empty. */
  afterSource: string[];
  /** Files the dependency step reads (bind-mounted or copied first). */
  manifests: string[];
  /** Extra images the recipe copies tools from (e.g. the uv image). */
  images: string[];
}

export interface Plan {
  variant: Variant;
  syntaxDirective: boolean;
  /** Image of the shipped stage. */
  baseImage: string;
  /** Image of the builder stage: the same as baseImage, except for distroless (Debian with the same Python). */
  builderImage: string;
  pythonVersion: string | null;
  debianRelease: 'bookworm' | 'trixie' | null;
  workdir: string;
  venv: string;
  user: { name: string; uid: number; gid: number };
  recipe: DependencyRecipe;
  buildPackages: string[];
  runtimePackages: string[];
  dockerCliImage: string | null;
  sourceCopies: SourceCopy[];
  steps: AppStep[];
  review: ReviewStep[];
  /** User ENV assignments kept as written (`NAME=value`). */
  env: string[];
  labels: string[];
  expose: string[];
  volumes: string[];
  stopSignal: string | null;
  entrypoint: string[] | null;
  cmd: string[] | null;
  /** Wrap the command in `sh -c 'exec …'` because a variable must expand at run time. */
  healthcheck: { url: string | null; port: number | null } | null;
  changes: Change[];
  warnings: string[];
}
