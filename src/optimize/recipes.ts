import { UserError } from '../errors.js';
import { isDevName } from '../project/dev-names.js';
import type { Project } from '../project/types.js';
import type { DependencyRecipe } from './types.js';
import { PDM_VERSION, PIPENV_VERSION, POETRY_VERSION, UV_IMAGE } from './versions.js';

export interface RecipeInput {
  project: Project;
  venv: string;
  /** Extras / groups the original build installed; dev-only ones are left to ENVIRONMENT=development. */
  extras: string[] | 'all';
  groups: string[] | 'all';
  toolchain: Toolchain;
}

/** How the builder stage runs Python and the package-manager tools. */
export interface Toolchain {
  /** The interpreter command (`python`, or `python3.13` on a Debian builder). */
  python: string;
  /** An absolute interpreter path the venv must be made with, or null for the image's default. */
  interpreterPath: string | null;
  /** A RUN installing a tool such as Poetry (`name`) from `spec` (`poetry==2.5.1`). */
  installTool(name: string, spec: string): string;
  /** How the builder calls that tool. */
  tool(name: string): string;
  /** Create the venv with `python` before the tool fills it (so it links to that interpreter). */
  createsVenv: boolean;
}

const PIP_CACHE = '--mount=type=cache,target=/root/.cache/pip';

/** The python image: tools go into the system Python with pip, as each tool's guide shows. */
export const IMAGE_PYTHON: Toolchain = {
  python: 'python',
  interpreterPath: null,
  installTool: (_name, spec) => run([PIP_CACHE], `pip install ${spec}`),
  tool: (name) => name,
  createsVenv: false,
};

/**
 * Debian's own Python (distroless builder): its system site is externally managed, so each
 * tool gets a venv of its own under /opt, and the project venv links to `interpreter`.
 */
export function debianPython(interpreter: string): Toolchain {
  const python = interpreter.split('/').pop()!;
  return {
    python,
    interpreterPath: interpreter,
    installTool: (name, spec) =>
      run([PIP_CACHE], `${python} -m venv /opt/${name} && /opt/${name}/bin/pip install ${spec}`),
    tool: (name) => `/opt/${name}/bin/${name}`,
    createsVenv: true,
  };
}

const BOTH = '"$ENVIRONMENT" = "production"';

function bind(file: string): string {
  return `--mount=type=bind,source=${file},target=${file}`;
}

/** `RUN` lines with one option per continuation line, as people write them. */
function run(mounts: string[], command: string): string {
  if (mounts.length === 0) return `RUN ${command}`;
  return `RUN ${mounts.join(' \\\n    ')} \\\n    ${command}`;
}

/** A production/development switch in one RUN (the guide's "Production-Specific Build Args"). */
function byEnvironment(production: string, development: string): string {
  if (production === development) return production;
  return `if [ ${BOTH} ]; then ${production}; else ${development}; fi`;
}

function keptExtras(project: Project, extras: string[] | 'all'): string[] {
  const declared = Object.keys(project.pyproject?.project?.optionalDependencies ?? {});
  const wanted = extras === 'all' ? declared : extras;
  return wanted.filter((e) => !isDevName(e)).sort();
}

function keptGroups(project: Project, groups: string[] | 'all'): string[] {
  const declared = Object.keys(project.pyproject?.dependencyGroups ?? {});
  const wanted = groups === 'all' ? declared : groups;
  return wanted.filter((g) => !isDevName(g)).sort();
}

function uvRecipe(input: RecipeInput): DependencyRecipe {
  const { project } = input;
  const extras = keptExtras(project, input.extras).map((e) => `--extra ${e}`);
  const groups = keptGroups(project, input.groups).map((g) => `--group ${g}`);
  const prodFlags = ['--locked', '--no-install-project', '--no-dev', ...extras, ...groups].join(' ');
  const devFlags = ['--locked', '--no-install-project', '--all-extras', '--all-groups'].join(' ');
  const workspace = (project.pyproject?.uv?.workspaceMembers.length ?? 0) > 0;
  const manifests = ['pyproject.toml', 'uv.lock'];
  const firstSync = workspace
    ? byEnvironment(
        `uv sync --frozen --no-install-workspace --no-dev ${[...extras, ...groups].join(' ')}`.trim(),
        'uv sync --frozen --no-install-workspace --all-extras --all-groups',
      )
    : byEnvironment(`uv sync ${prodFlags}`, `uv sync ${devFlags}`);
  return {
    manager: 'uv',
    images: [UV_IMAGE],
    manifests,
    beforeSource: [
      // --chmod: harmless on the real image; the local stand-in ships /uv without its execute bit.
      `COPY --from=${UV_IMAGE} --chmod=0755 /uv /uvx /bin/`,
      [
        'ENV UV_COMPILE_BYTECODE=1',
        'UV_LINK_MODE=copy',
        'UV_PYTHON_DOWNLOADS=0',
        ...(input.toolchain.interpreterPath ? [`UV_PYTHON=${input.toolchain.interpreterPath}`] : []),
        `UV_PROJECT_ENVIRONMENT=${input.venv}`,
      ].join(' \\\n    '),
      'ARG ENVIRONMENT=production',
      run(['--mount=type=cache,target=/root/.cache/uv', ...manifests.map(bind)], firstSync),
    ],
    afterSource: [],
  };
}

/** `RUN python3.13 -m venv /app/.venv` when the toolchain makes the venv itself, else nothing. */
function venvFirst(input: RecipeInput): string[] {
  return input.toolchain.createsVenv ? [`RUN ${input.toolchain.python} -m venv ${input.venv}`] : [];
}

function poetryRecipe(input: RecipeInput): DependencyRecipe {
  const lockExists = Boolean(input.project.poetryLock);
  if (!lockExists)
    throw new UserError(
      'The project uses Poetry but has no poetry.lock: run `poetry lock` and commit it, then optimize again.',
    );
  const groups = Object.entries(input.project.pyproject?.poetry?.groups ?? {})
    .filter(([name]) => !isDevName(name) && name !== 'main')
    .map(([name]) => name);
  const only = ['main', ...groups].join(',');
  const poetry = input.toolchain.tool('poetry');
  const manifests = ['pyproject.toml', 'poetry.lock'];
  return {
    manager: 'poetry',
    images: [],
    manifests,
    beforeSource: [
      `ENV POETRY_NO_INTERACTION=1 \\\n    POETRY_VIRTUALENVS_IN_PROJECT=1 \\\n    POETRY_VIRTUALENVS_CREATE=1 \\\n    POETRY_CACHE_DIR=/root/.cache/pypoetry`,
      input.toolchain.installTool('poetry', `poetry==${POETRY_VERSION}`),
      ...venvFirst(input),
      'ARG ENVIRONMENT=production',
      run(
        ['--mount=type=cache,target=/root/.cache/pypoetry', ...manifests.map(bind)],
        byEnvironment(`${poetry} install --only ${only} --no-root`, `${poetry} install --no-root`),
      ),
    ],
    afterSource: [],
  };
}

function requirementsFiles(project: Project): { prod: string[]; dev: string[] } {
  const files = project.requirements.map((r) => r.path);
  const included = new Set(project.requirements.flatMap((r) => [...r.includes, ...r.constraints]));
  const prod = project.requirements.filter((r) => !r.dev).map((r) => r.path);
  const topProd = prod.filter((p) => !included.has(p) || prod.length === 1);
  const dev = project.requirements.filter((r) => r.dev && !included.has(r.path)).map((r) => r.path);
  return {
    prod: topProd.length > 0 ? topProd : prod.slice(0, 1),
    dev: dev.length > 0 ? dev : files.filter((f) => !prod.includes(f)),
  };
}

function pipRecipe(input: RecipeInput): DependencyRecipe {
  const { prod, dev } = requirementsFiles(input.project);
  if (prod.length === 0) {
    throw new UserError(
      'The project has no requirements*.txt, pyproject.toml or lock file that optimize can install from: add one, then optimize again.',
    );
  }
  const referenced = new Set<string>(input.project.requirements.map((r) => r.path));
  const manifests = [...referenced].sort();
  const prodInstall = `pip install ${prod.map((f) => `-r ${f}`).join(' ')}`;
  const devInstall = `pip install ${[...prod, ...dev].map((f) => `-r ${f}`).join(' ')}`;
  return {
    manager: 'pip',
    images: [],
    manifests,
    beforeSource: [
      `RUN ${input.toolchain.python} -m venv ${input.venv}`,
      `ENV PATH="${input.venv}/bin:$PATH"`,
      'ARG ENVIRONMENT=production',
      run(
        ['--mount=type=cache,target=/root/.cache/pip', ...manifests.map(bind)],
        byEnvironment(prodInstall, devInstall),
      ),
    ],
    afterSource: [],
  };
}

function pdmRecipe(input: RecipeInput): DependencyRecipe {
  if (!input.project.pdmLock)
    throw new UserError(
      'The project uses PDM but has no pdm.lock: run `pdm lock` and commit it, then optimize again.',
    );
  const manifests = ['pyproject.toml', 'pdm.lock'];
  const pdm = input.toolchain.tool('pdm');
  return {
    manager: 'pdm',
    images: [],
    manifests,
    beforeSource: [
      'ENV PDM_CHECK_UPDATE=false PDM_USE_VENV=true PDM_VENV_IN_PROJECT=true',
      // hishel 2 breaks PDM 2.29's HTTP cache; pinned until PDM supports it.
      input.toolchain.installTool('pdm', `pdm==${PDM_VERSION} 'hishel<2'`),
      ...venvFirst(input),
      'ARG ENVIRONMENT=production',
      run(
        ['--mount=type=cache,target=/root/.cache/pdm', ...manifests.map(bind)],
        byEnvironment(
          `${pdm} sync --prod --no-self --no-editable`,
          `${pdm} sync --dev --no-self --no-editable`,
        ),
      ),
    ],
    afterSource: [],
  };
}

function pipenvRecipe(input: RecipeInput): DependencyRecipe {
  if (!input.project.pipfileLock)
    throw new UserError(
      'The project uses Pipenv but has no Pipfile.lock: run `pipenv lock` and commit it, then optimize again.',
    );
  const manifests = ['Pipfile', 'Pipfile.lock'];
  const pipenv = input.toolchain.tool('pipenv');
  return {
    manager: 'pipenv',
    images: [],
    manifests,
    beforeSource: [
      'ENV PIPENV_VENV_IN_PROJECT=1 PIPENV_NOSPIN=1 PIPENV_YES=1',
      input.toolchain.installTool('pipenv', `pipenv==${PIPENV_VERSION}`),
      ...venvFirst(input),
      'ARG ENVIRONMENT=production',
      run(
        [
          '--mount=type=cache,target=/root/.cache/pipenv',
          '--mount=type=cache,target=/root/.cache/pip',
          ...manifests.map(bind),
        ],
        byEnvironment(`${pipenv} sync`, `${pipenv} sync --dev`),
      ),
    ],
    afterSource: [],
  };
}

/** The builder steps that install the project's dependencies, following each tool's Docker guidance. */
export function dependencyRecipe(input: RecipeInput): DependencyRecipe {
  const recipe = recipeFor(input);
  // The ENVIRONMENT switch only matters when production and development installs differ.
  const switches = recipe.beforeSource.some((line) => line.includes('$ENVIRONMENT'));
  return switches
    ? recipe
    : { ...recipe, beforeSource: recipe.beforeSource.filter((l) => !l.startsWith('ARG ENVIRONMENT=')) };
}

function recipeFor(input: RecipeInput): DependencyRecipe {
  const manager = input.project.manager.name;
  switch (manager) {
    case 'uv':
      if (!input.project.uvLock)
        throw new UserError(
          'The project uses uv but has no uv.lock: run `uv lock` and commit it, then optimize again.',
        );
      return uvRecipe(input);
    case 'poetry':
      return poetryRecipe(input);
    case 'pdm':
      return pdmRecipe(input);
    case 'pipenv':
      return pipenvRecipe(input);
    case 'pip':
      return pipRecipe(input);
    case 'conda':
      throw new UserError(
        'Conda projects are not supported by optimize yet: keep your Dockerfile, or switch the project to uv/pip and try again.',
      );
    default:
      if (input.project.requirements.length > 0) return pipRecipe(input);
      throw new UserError(
        'optimize cannot tell how this project installs its dependencies: add a pyproject.toml with a lock, or a requirements.txt, and try again.',
      );
  }
}
