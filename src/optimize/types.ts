import type { InstallRequest } from '../project/installs.js';
import type { PackageManager } from '../project/types.js';

export type Variant = 'slim' | 'alpine' | 'distroless';

/** One change optimize makes, with the lint codes it resolves and what the user gains. */
export interface Change {
  rules: string[];
  description: string;
  effect: string;
}

/**
 * What became of one instruction of the original: kept as written (in its stage and role),
 * moved to the builder, rewritten by a named recipe, replaced by something else, or dropped.
 */
export type Fate = 'kept' | 'moved-to-builder' | 'rewritten' | 'replaced' | 'dropped';

export interface LedgerEntry {
  line: number;
  /** The stage as the original names it (`builder`, `#0`). */
  stage: string;
  /** The instruction's first line as written. */
  text: string;
  fate: Fate;
  /** By what (recipe, replacement) or why (dropped). */
  detail: string;
  /** Absolute paths the original's step made that the rewrite no longer makes (a replaced health-check script). */
  removes?: string[];
}

/** A step optimize does not rebuild: kept as written, in its stage and role. */
export interface KeptStep {
  /** The instruction text as written, flags (mounts) included, without the keyword. */
  text: string;
  line: number;
  reason: string;
  /** Ran as root in the original and does root things: stays before USER. */
  asRoot: boolean;
  /** Came after the source in the original: it may read it. */
  needsSource: boolean;
  /** Came after a dependency install in the original: it may run what was installed. */
  afterInstall?: boolean;
  /** The working folder it ran in. */
  dir?: string;
  /** The instruction when it is not a RUN (as written: `ONBUILD`, `maintainer`…). */
  keyword?: string;
}

/** Kept for its old name: the review steps are the kept steps marked for review. */
export type ReviewStep = KeptStep;

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
  /** COPY, or ADD (which unpacks archives). */
  keyword?: string;
  /** Its options as written (`--chmod=755`, `--link`), ownership aside. */
  flags?: string[];
  sources: string[];
  destination: string;
}

/** An install of the original, where it ran. */
export interface OriginalInstall {
  request: InstallRequest;
  line: number;
  /** The original installed it in the shipped stage's chain or a builder it copies from. */
  shipped: boolean;
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
  /** Dependency sets the recipe installs in production (`main`, `group:api`, `requirements:r.txt`, `package:gunicorn`). */
  sets: string[];
  /** The app runs pip at run time. */
  keepsPip: boolean;
  /** ENV the shipped stage needs for the recipe's venv (`PIP_PYTHON` when the app runs pip). */
  shippedEnv: string[];
}

export interface Plan {
  variant: Variant;
  syntaxDirective: boolean;
  /** Image of the shipped stage. */
  baseImage: string;
  /** Image of the builder stage: the same as baseImage, except for distroless (Debian with the same Python). */
  builderImage: string;
  /** Name of the builder stage (`builder`, unless a kept stage of the original has that name). */
  builderName: string;
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
  review: KeptStep[];
  /** Steps of the original's builder stages that optimize does not rebuild, kept in the builder. */
  builderSteps: KeptStep[];
  /** Global ARGs and the shipped stage's ARGs, as written (`PORT=8181`). */
  globalArgs: string[];
  stageArgs: string[];
  builderArgs: string[];
  /** The original's SHELL instruction (JSON argv text), carried into both stages. */
  shell: string | null;
  /** Folders the app user must own (WORKDIR, data folders, paths named in ENV). */
  ownedFolders: string[];
  /** Stages of the original kept as written (build targets and what they need), as text. */
  keptStages: string[];
  /** System paths of programs (`/usr/local/bin/x`) the command or scripts name: linked to the venv's, when it has them. */
  links: string[];
  /** What the kept stages copy from the build context (`.` for all of it). */
  keptStageSources: string[];
  /** Other `COPY --from=<kept stage>` lines of the shipped stage, as written. */
  keptCopies: string[];
  /** Folders the original added to PATH besides its Python environment's. */
  extraPath: string[];
  /** `COPY --from=<builder>` of what the original builder's kept steps made. */
  builderCopies: Array<{ flags: string[]; sources: string[]; destination: string }>;
  /** User ENV assignments kept as written (`NAME=value`). */
  env: string[];
  /** Tool settings (PIP_*, UV_*…) of the original, also set in the builder. */
  builderEnv: string[];
  labels: string[];
  expose: string[];
  volumes: string[];
  stopSignal: string | null;
  entrypoint: string[] | null;
  cmd: string[] | null;
  /** The original's HEALTHCHECK as written (kept), or a probe optimize writes. */
  healthcheck: {
    url: string | null;
    port: number | null;
    original: string | null;
    /** The original's options, when its probe is rewritten. */
    options: string | null;
  } | null;
  changes: Change[];
  warnings: string[];
  ledger: LedgerEntry[];
}
