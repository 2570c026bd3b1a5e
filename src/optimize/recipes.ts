import { UserError } from '../errors.js';
import { isDevName } from '../project/dev-names.js';
import { type InstallRequest, requestedSets } from '../project/installs.js';
import { cacheFolder } from '../project/managers.js';
import { uvLockOfAnotherProject } from '../project/queries.js';
import type { Project } from '../project/types.js';
import type { OriginalFacts } from './analyze.js';
import { localPackages, refuseUnreadablePaths } from './requirement-paths.js';
import type { DependencyRecipe, OriginalInstall } from './types.js';
import { PDM_VERSION, PIPENV_VERSION, POETRY_VERSION, UV_IMAGE } from './versions.js';

export interface RecipeInput {
  project: Project;
  venv: string;
  /** The installs of the original's shipped image; empty when there is no Dockerfile. */
  installs: OriginalInstall[];
  /** Where the original had its manifests in the image → their path in the build context. */
  manifestPaths: Record<string, string>;
  /** Manifests another stage of the original generates (`poetry export -o requirements.txt`), by path in the image. */
  generated: Record<string, { stage: string; source: string }>;
  /** The shipped stage's working folder, against which relative manifest paths resolve. */
  workdir: string;
  /** Secret and SSH mounts the original's installs had (a private index's credentials): the recipe's install keeps them. */
  installMounts?: string[];
  /** Installs the shell may skip (`|| echo`, inside `case`), kept as written with the recipe's command in each slot. */
  conditional?: OriginalFacts['conditionalInstalls'];
  toolchain: Toolchain;
  /** The app runs pip at run time: the venv keeps it. */
  keepPip: boolean;
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

const PIP_CACHE = `--mount=type=cache,target=${cacheFolder('pip')}`;
/** The python image's interpreter by path: once the venv is on PATH, `python` is the venv's (which has no pip). */
const SYSTEM_PYTHON = '/usr/local/bin/python';

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

/**
 * A production/development switch (the guide's "Production-Specific Build Args"): `ARG
 * ENVIRONMENT` and one RUN choosing between the two installs; a plain RUN when they are the same.
 */
function switchable(mounts: string[], production: string, development: string): string[] {
  if (production === development) return [run(mounts, production)];
  return [
    'ARG ENVIRONMENT=production',
    run(mounts, `if [ ${BOTH} ]; then ${production}; else ${development}; fi`),
  ];
}

/** Extras and groups every production install of the original asked for (dev ones left to ENVIRONMENT=development). */
function askedFor(input: RecipeInput, installers: InstallRequest['installer'][]) {
  const requests = input.installs.map((i) => i.request).filter((r) => installers.includes(r.installer));
  const extras = new Set<string>();
  const groups = new Set<string>();
  let allExtras = false;
  let allGroups = false;
  const only = new Set<string>();
  for (const r of requests) {
    if (r.extras === 'all') allExtras = true;
    else for (const e of r.extras) extras.add(e);
    if (r.groups === 'all') allGroups = true;
    else for (const g of r.groups) groups.add(g);
    for (const g of r.onlyGroups) only.add(g);
  }
  return { requests, extras, groups, allExtras, allGroups, only };
}

function keptExtras(project: Project, extras: Set<string>, all: boolean): string[] {
  const declared = Object.keys(project.pyproject?.project?.optionalDependencies ?? {});
  const wanted = all ? declared : [...extras];
  return wanted.filter((e) => !isDevName(e)).sort();
}

function keptGroups(project: Project, groups: Set<string>, all: boolean): string[] {
  const declared = Object.keys(project.pyproject?.dependencyGroups ?? {});
  const wanted = all ? declared : [...groups];
  return wanted.filter((g) => !isDevName(g)).sort();
}

function setsOf(main: boolean, extras: string[], groups: string[], more: string[] = []): string[] {
  return [
    ...(main ? ['main'] : []),
    ...extras.map((e) => `extra:${e}`),
    ...groups.map((g) => `group:${g}`),
    ...more,
  ].sort();
}

function uvRecipe(input: RecipeInput): DependencyRecipe {
  const { project } = input;
  const asked = askedFor(input, ['uv-sync']);
  const extraNames = keptExtras(project, asked.extras, asked.allExtras);
  const onlyGroups = [...asked.only].filter((g) => !isDevName(g)).sort();
  const onlyMode = asked.requests.length > 0 && asked.requests.every((r) => r.onlyGroups.length > 0);
  const groupNames = onlyMode
    ? onlyGroups
    : keptGroups(project, new Set([...asked.groups, ...onlyGroups]), asked.allGroups);
  const extras = extraNames.map((e) => `--extra ${e}`);
  const groups = groupNames.map((g) => (onlyMode ? `--only-group ${g}` : `--group ${g}`));
  // `--frozen` stays `--frozen` (a lock a little behind pyproject.toml still builds); else `--locked`.
  const lockFlag = asked.requests.some((r) => r.passThrough.includes('--frozen')) ? '--frozen' : '--locked';
  const prodFlags = [
    lockFlag,
    '--no-install-project',
    ...(onlyMode ? [] : ['--no-dev']),
    ...extras,
    ...groups,
  ].join(' ');
  const devFlags = [lockFlag, '--no-install-project', '--all-extras', '--all-groups'].join(' ');
  // A packaged project the original installed goes into the venv too, from its source, not editable.
  const installsProject =
    input.installs.some((i) => i.request.installsProject) &&
    project.pyproject?.buildSystem != null &&
    !workspaceOf(project);
  // The dependencies are in the venv already: only the project itself goes in, from its source.
  const projectInstall = `uv pip install --python ${input.venv}/bin/python --no-deps .`;
  const workspace = workspaceOf(project);
  const manifests = ['pyproject.toml', 'uv.lock'];
  const [production, development] = workspace
    ? [
        `uv sync --frozen --no-install-workspace --no-dev ${[...extras, ...groups].join(' ')}`.trim(),
        'uv sync --frozen --no-install-workspace --all-extras --all-groups',
      ]
    : [`uv sync ${prodFlags}`, `uv sync ${devFlags}`];
  return {
    manager: 'uv',
    images: [UV_IMAGE],
    manifests,
    sets: setsOf(!onlyMode, extraNames, groupNames),
    keepsPip: false,
    shippedEnv: [],
    beforeSource: [
      `COPY --from=${UV_IMAGE} /uv /uvx /bin/`,
      [
        'ENV UV_COMPILE_BYTECODE=1',
        'UV_LINK_MODE=copy',
        'UV_PYTHON_DOWNLOADS=0',
        ...(input.toolchain.interpreterPath ? [`UV_PYTHON=${input.toolchain.interpreterPath}`] : []),
        `UV_PROJECT_ENVIRONMENT=${input.venv}`,
      ].join(' \\\n    '),
      ...switchable(
        [
          `--mount=type=cache,target=${cacheFolder('uv')}`,
          ...manifests.map(bind),
          ...(input.installMounts ?? []),
        ],
        production!,
        development!,
      ),
    ],
    afterSource: installsProject
      ? [run([`--mount=type=cache,target=${cacheFolder('uv')}`], projectInstall)]
      : [],
  };
}

/**
 * The venv pip installs fill: made without pip of its own but seeing the base image's
 * site-packages, so the image's pip (and setuptools) is neither copied again nor reinstalled
 * when a package depends on it; a Debian toolchain's venv keeps its pip (the system's is managed).
 */
function venvCommand(input: RecipeInput): string {
  if (input.toolchain.createsVenv) return `RUN ${input.toolchain.python} -m venv ${input.venv}`;
  // Only the sh activation script can matter in an image; the csh, fish and PowerShell ones go.
  const others = ['activate.csh', 'activate.fish', 'Activate.ps1'].map((f) => `${input.venv}/bin/${f}`);
  return `RUN ${input.toolchain.python} -m venv --without-pip --system-site-packages ${input.venv} \\\n    && rm -f ${others.join(' ')}`;
}

/** An app that runs `pip install` itself gets the image's pip pointed at the venv. */
function pipAtRunTime(input: RecipeInput): string[] {
  return input.keepPip && !input.toolchain.createsVenv ? [`PIP_PYTHON=${input.venv}/bin/python`] : [];
}

function workspaceOf(project: Project): boolean {
  return (project.pyproject?.uv?.workspaceMembers.length ?? 0) > 0;
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
  const asked = askedFor(input, ['poetry']);
  const declared = input.project.pyproject?.poetry?.groups ?? {};
  const groups = Object.keys(declared).filter((name) => !isDevName(name) && name !== 'main');
  const onlyMode = asked.requests.length > 0 && asked.requests.every((r) => r.onlyGroups.length > 0);
  const wanted = onlyMode ? [...asked.only].filter((g) => !isDevName(g) && g !== 'main') : groups;
  const mainToo = !onlyMode || asked.only.has('main');
  const only = [...(mainToo ? ['main'] : []), ...wanted].join(',');
  const extras = keptExtras(input.project, asked.extras, asked.allExtras);
  const extraFlags = extras.length > 0 ? ` --extras "${extras.join(' ')}"` : '';
  const poetry = input.toolchain.tool('poetry');
  const manifests = ['pyproject.toml', 'poetry.lock'];
  return {
    manager: 'poetry',
    images: [],
    manifests,
    sets: setsOf(mainToo, extras, wanted),
    keepsPip: false,
    shippedEnv: [],
    beforeSource: [
      `ENV POETRY_NO_INTERACTION=1 \\\n    POETRY_VIRTUALENVS_IN_PROJECT=1 \\\n    POETRY_VIRTUALENVS_CREATE=1 \\\n    POETRY_CACHE_DIR=${cacheFolder('poetry')}`,
      input.toolchain.installTool('poetry', `poetry==${POETRY_VERSION}`),
      ...venvFirst(input),
      ...switchable(
        [
          `--mount=type=cache,target=${cacheFolder('poetry')}`,
          ...manifests.map(bind),
          ...(input.installMounts ?? []),
        ],
        `${poetry} install --only ${only} --no-root${extraFlags}`,
        `${poetry} install --no-root --all-extras`,
      ),
    ],
    afterSource: [],
  };
}

/** Every requirements file a file includes (`-r`, `-c` inside it), itself first. */
function withIncludes(project: Project, file: string): string[] {
  const byPath = new Map(project.requirements.map((r) => [r.path, r]));
  const out: string[] = [];
  const visit = (path: string) => {
    if (out.includes(path)) return;
    out.push(path);
    const parsed = byPath.get(path);
    for (const next of [...(parsed?.includes ?? []), ...(parsed?.constraints ?? [])]) visit(next);
  };
  visit(file);
  return out;
}

function isDevRequirements(project: Project, file: string): boolean {
  const parsed = project.requirements.find((r) => r.path === file);
  return parsed
    ? parsed.dev
    : isDevName(
        file
          .split('/')
          .pop()!
          .replace(/^requirements[-_.]?|\.txt$/g, ''),
      );
}

/** A file an install names (`-r /tmp/requirements.txt`) → the context file the bind mount reads. */
function contextPathOf(input: RecipeInput, named: string): string | null {
  const clean = named.replace(/^\.\//, '');
  if (input.project.requirements.some((r) => r.path === clean)) return clean;
  const copied =
    input.manifestPaths[named] ??
    Object.entries(input.manifestPaths).find(([path]) => path.endsWith(`/${clean}`))?.[1];
  return copied ?? null;
}

function shellWord(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./<>~!-]+$/.test(word) && !/[<>]/.test(word)
    ? word
    : `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * pip and `uv pip` installs reproduced as the original wrote them, into a venv made without pip
 * (the base image's pip fills it with `--python`), requirement files bind-mounted where the
 * original had them, the project itself installed (not editable) after the source.
 */
function pipRecipe(input: RecipeInput, options: { venvMade?: boolean } = {}): DependencyRecipe {
  const { project, venv } = input;
  const requests = input.installs
    .map((i) => i.request)
    .filter((r) => r.installer === 'pip' || r.installer === 'uv-pip');
  if (requests.length === 0) return pipFromProject(input);
  const usesUv = requests.some((r) => r.installer === 'uv-pip');
  const python = `${venv}/bin/python`;
  // A toolchain that makes its own venv (Debian's Python) fills it with the venv's pip.
  const ownPip = input.toolchain.createsVenv;
  const installer = (uv: boolean) =>
    uv
      ? `uv pip install --python ${python}`
      : ownPip
        ? `${venv}/bin/pip install`
        : `${SYSTEM_PYTHON} -m pip --python ${python} install`;
  const mounts = new Map<string, string>();
  // Local packages a requirements file names (`./libs/mylib`): mounted writable (pip builds in them), writes discarded.
  const sourceMounts = new Set<string>();
  // Generated manifests are bind-mounted from the stage of the original that writes them.
  const generatedMounts = new Map<string, { stage: string; source: string }>();
  const generatedOf = (named: string) =>
    input.generated[
      named.startsWith('/') ? named : `${input.workdir.replace(/\/$/, '')}/${named.replace(/^\.\//, '')}`
    ];
  const prodCommands: string[] = [];
  const devCommands: string[] = [];
  const projectCommands: string[] = [];
  const sets: string[] = [];
  for (const r of requests) {
    const files = r.requirementFiles.map((f) => ({
      named: f,
      // A file the image got from a generating stage is that stage's, even when the context has one of the name.
      context: generatedOf(f) ? f : contextPathOf(input, f),
    }));
    for (const f of r.requirementFiles) {
      const generated = generatedOf(f);
      if (generated) generatedMounts.set(f, generated);
    }
    const missing = files.filter((f) => !f.context);
    if (missing.length > 0)
      throw new UserError(
        `optimize cannot find ${missing.map((f) => f.named).join(', ')} (installed by the Dockerfile) in the project: keep the file in the build context, then optimize again.`,
      );
    for (const f of [
      ...files,
      ...r.constraintFiles.map((c) => ({ named: c, context: contextPathOf(input, c) })),
    ]) {
      if (!f.context || generatedMounts.has(f.named)) continue;
      refuseUnreadablePaths(project, withIncludes(project, f.context));
      const target = f.named.startsWith('/') ? f.named : f.context;
      mounts.set(target, f.context);
      for (const folder of localPackages(project, f.context)) sourceMounts.add(folder);
      for (const included of withIncludes(project, f.context).slice(1)) mounts.set(included, included);
    }
    const prodFiles = files.filter(
      (f) => generatedMounts.has(f.named) || !isDevRequirements(project, f.context!),
    );
    const words = (which: typeof files) => [
      ...which.flatMap((f) => ['-r', f.named]),
      ...r.constraintFiles.flatMap((c) => ['-c', c]),
      ...r.packages,
      ...r.localPaths.filter((p) => !isProjectPath(p)),
      ...r.passThrough,
    ];
    const prodWords = words(prodFiles);
    const devWords = words(files);
    if (
      prodWords.length > 0 &&
      (prodFiles.length > 0 || r.packages.length > 0 || r.localPaths.some((p) => !isProjectPath(p)))
    )
      prodCommands.push(`${installer(r.installer === 'uv-pip')} ${prodWords.map(shellWord).join(' ')}`);
    if (devWords.length > 0 && (files.length > 0 || r.packages.length > 0))
      devCommands.push(`${installer(r.installer === 'uv-pip')} ${devWords.map(shellWord).join(' ')}`);
    for (const p of r.localPaths.filter((p) => !isProjectPath(p))) mounts.set(p, p);
    sets.push(...requestedSets({ ...r, requirementFiles: prodFiles.map((f) => f.context!) }));
    if (r.installsProject) {
      const extras =
        r.extras === 'all' ? Object.keys(project.pyproject?.project?.optionalDependencies ?? {}) : r.extras;
      const target = `.${extras.length > 0 ? `[${extras.join(',')}]` : ''}`;
      projectCommands.push(
        `${installer(r.installer === 'uv-pip')} ${[shellWord(target), ...r.passThrough].join(' ')}`,
      );
    }
  }
  // The project's dev requirement files the original never installed: ENVIRONMENT=development adds them.
  const installedFiles = new Set(mounts.values());
  const devOnly = requirementsFiles(project).dev.filter(
    (f) => !installedFiles.has(f) && isDevRequirements(project, f),
  );
  if (devOnly.length > 0 && devCommands.length > 0 && !usesUv) {
    devCommands.push(`${installer(false)} ${devOnly.map((f) => `-r ${f}`).join(' ')}`);
    for (const f of devOnly) for (const file of withIncludes(project, f)) mounts.set(file, file);
  }
  const manifests = [...mounts.values()].sort();
  const bindMounts = [...mounts.entries()]
    .sort()
    .map(([target, source]) => `--mount=type=bind,source=${source},target=${target}`)
    .concat(
      [...sourceMounts].sort().map((folder) => `--mount=type=bind,source=${folder},target=${folder},rw`),
    )
    .concat(
      [...generatedMounts.entries()].map(
        ([target, { stage, source }]) => `--mount=type=bind,from=${stage},source=${source},target=${target}`,
      ),
    );
  const cache = usesUv
    ? `--mount=type=cache,target=${cacheFolder('uv')}`
    : `--mount=type=cache,target=${cacheFolder('pip')}`;
  const venvLine = usesUv ? `RUN uv venv --system-site-packages ${venv}` : venvCommand(input);
  const before = [
    ...(usesUv && !options.venvMade
      ? [`COPY --from=${UV_IMAGE} /uv /uvx /bin/`, 'ENV UV_LINK_MODE=copy UV_PYTHON_DOWNLOADS=0']
      : []),
    ...(options.venvMade ? [] : [venvLine, `ENV PATH="${venv}/bin:$PATH"`]),
  ];
  if (prodCommands.length > 0) {
    before.push(
      ...switchable(
        [cache, ...bindMounts, ...(input.installMounts ?? [])],
        prodCommands.join(' && '),
        devCommands.join(' && '),
      ),
    );
  }
  return {
    manager: usesUv ? 'uv' : 'pip',
    images: usesUv ? [UV_IMAGE] : [],
    manifests,
    sets: [...new Set(sets)].sort(),
    keepsPip: input.keepPip,
    shippedEnv: pipAtRunTime(input),
    beforeSource: before,
    afterSource:
      projectCommands.length > 0
        ? ['# shipshape: ignore=SS201', run([cache], projectCommands.join(' && '))]
        : [],
  };
}

function isProjectPath(path: string): boolean {
  return /^\.{1,2}(\/.*)?$/.test(path);
}

/** No Dockerfile to follow: the project's requirement files (production ones; dev ones with ENVIRONMENT=development). */
function pipFromProject(input: RecipeInput): DependencyRecipe {
  const { prod, dev } = requirementsFiles(input.project);
  if (prod.length === 0) {
    throw new UserError(
      'The project has no requirements*.txt, pyproject.toml or lock file that optimize can install from: add one, then optimize again.',
    );
  }
  const referenced = new Set<string>(input.project.requirements.map((r) => r.path));
  const manifests = [...referenced].sort();
  refuseUnreadablePaths(input.project, manifests);
  const python = `${input.venv}/bin/python`;
  const ownPip = input.toolchain.createsVenv;
  const pip = ownPip ? `${input.venv}/bin/pip install` : `${SYSTEM_PYTHON} -m pip --python ${python} install`;
  const prodInstall = `${pip} ${prod.map((f) => `-r ${f}`).join(' ')}`;
  const devInstall = `${pip} ${[...prod, ...dev].map((f) => `-r ${f}`).join(' ')}`;
  return {
    manager: 'pip',
    images: [],
    manifests,
    sets: prod.map((f) => `requirements:${f}`),
    keepsPip: input.keepPip,
    shippedEnv: pipAtRunTime(input),
    beforeSource: [
      venvCommand(input),
      `ENV PATH="${input.venv}/bin:$PATH"`,
      ...switchable(
        [
          `--mount=type=cache,target=${cacheFolder('pip')}`,
          ...manifests.map(bind),
          ...(input.installMounts ?? []),
        ],
        prodInstall,
        devInstall,
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

function pdmRecipe(input: RecipeInput): DependencyRecipe {
  if (!input.project.pdmLock)
    throw new UserError(
      'The project uses PDM but has no pdm.lock: run `pdm lock` and commit it, then optimize again.',
    );
  const asked = askedFor(input, ['pdm']);
  const groups = [...asked.groups].filter((g) => !isDevName(g)).sort();
  const groupFlags = groups.map((g) => ` -G ${g}`).join('');
  const manifests = ['pyproject.toml', 'pdm.lock'];
  const pdm = input.toolchain.tool('pdm');
  return {
    manager: 'pdm',
    images: [],
    manifests,
    sets: setsOf(true, [], groups),
    keepsPip: false,
    shippedEnv: [],
    beforeSource: [
      'ENV PDM_CHECK_UPDATE=false PDM_USE_VENV=true PDM_VENV_IN_PROJECT=true',
      // hishel 2 breaks PDM 2.29's HTTP cache; pinned until PDM supports it.
      input.toolchain.installTool('pdm', `pdm==${PDM_VERSION} 'hishel<2'`),
      ...venvFirst(input),
      ...switchable(
        [
          `--mount=type=cache,target=${cacheFolder('pdm')}`,
          ...manifests.map(bind),
          ...(input.installMounts ?? []),
        ],
        `${pdm} sync --prod${groupFlags} --no-self --no-editable`,
        `${pdm} sync --dev --no-self --no-editable`,
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
  const asked = askedFor(input, ['pipenv']);
  const categories = [...asked.groups].filter((g) => !isDevName(g) && g !== 'packages');
  const categoryFlag = categories.length > 0 ? ` --categories "packages ${categories.join(' ')}"` : '';
  const manifests = ['Pipfile', 'Pipfile.lock'];
  const pipenv = input.toolchain.tool('pipenv');
  return {
    manager: 'pipenv',
    images: [],
    manifests,
    sets: setsOf(true, [], categories),
    keepsPip: false,
    shippedEnv: [],
    beforeSource: [
      'ENV PIPENV_VENV_IN_PROJECT=1 PIPENV_NOSPIN=1 PIPENV_YES=1',
      input.toolchain.installTool('pipenv', `pipenv==${PIPENV_VERSION}`),
      ...venvFirst(input),
      ...switchable(
        [
          `--mount=type=cache,target=${cacheFolder('pipenv')}`,
          `--mount=type=cache,target=${cacheFolder('pip')}`,
          ...manifests.map(bind),
          ...(input.installMounts ?? []),
        ],
        `${pipenv} sync${categoryFlag}`,
        `${pipenv} sync --dev`,
      ),
    ],
    afterSource: [],
  };
}

/** The builder steps that install the project's dependencies, following each tool's Docker guidance. */
export function dependencyRecipe(input: RecipeInput): DependencyRecipe {
  return withConditionalInstalls(input, withPipInstalls(input, recipeFor(input)));
}

/**
 * The original's conditional installs, after the recipe's: each RUN as written, its install
 * commands replaced by the same install (same words, same flags) into the venv.
 */
function withConditionalInstalls(input: RecipeInput, recipe: DependencyRecipe): DependencyRecipe {
  const conditional = input.conditional ?? [];
  if (conditional.length === 0) return recipe;
  const python = `${input.venv}/bin/python`;
  const needsUv = conditional.some((c) => c.slots.some((s) => s.request.installer === 'uv-pip'));
  const lines: string[] = [];
  if (needsUv && !recipe.images.includes(UV_IMAGE)) lines.push(`COPY --from=${UV_IMAGE} /uv /uvx /bin/`);
  for (const step of conditional) {
    const text = step.parts
      .map((part) => {
        if (typeof part === 'string') return part;
        const slot = step.slots[part]!;
        const installer =
          slot.request.installer === 'uv-pip'
            ? `uv pip install --python ${python}`
            : input.toolchain.createsVenv
              ? `${input.venv}/bin/pip install`
              : `${SYSTEM_PYTHON} -m pip --python ${python} install`;
        return [installer, ...slot.args].join(' ');
      })
      .join('');
    lines.push(`RUN ${text}`);
  }
  return {
    ...recipe,
    images: needsUv && !recipe.images.includes(UV_IMAGE) ? [...recipe.images, UV_IMAGE] : recipe.images,
    sets: [
      ...new Set([
        ...recipe.sets,
        ...conditional.flatMap((c) => c.slots.flatMap((s) => requestedSets(s.request))),
      ]),
    ].sort(),
    beforeSource: [...recipe.beforeSource, ...lines],
  };
}

/**
 * A lock-based recipe plus the original's other pip installs (`uv pip install --system httpx`
 * after `uv sync`), the same words into the same venv after the manager's own install.
 */
function withPipInstalls(input: RecipeInput, recipe: DependencyRecipe): DependencyRecipe {
  // A project-only install (`uv pip install --no-deps .`) is the recipe's own, after the source.
  const pipOnly = input.installs.filter(
    (i) =>
      ['pip', 'uv-pip'].includes(i.request.installer) &&
      !(
        recipe.afterSource.length > 0 &&
        i.request.installsProject &&
        i.request.packages.length === 0 &&
        i.request.requirementFiles.length === 0
      ),
  );
  if (managerOf(input) === 'pip' || pipOnly.length === 0) return recipe;
  const extra = pipRecipe({ ...input, installs: pipOnly }, { venvMade: true });
  const needsUv = extra.images.includes(UV_IMAGE) && !recipe.images.includes(UV_IMAGE);
  return {
    ...recipe,
    images: [...new Set([...recipe.images, ...extra.images])],
    manifests: [...new Set([...recipe.manifests, ...extra.manifests])],
    sets: [...new Set([...recipe.sets, ...extra.sets])].sort(),
    beforeSource: [
      ...recipe.beforeSource,
      ...(needsUv ? [`COPY --from=${UV_IMAGE} /uv /uvx /bin/`] : []),
      ...extra.beforeSource,
    ],
    afterSource: [...recipe.afterSource, ...extra.afterSource],
  };
}

/** The installer the original used decides the recipe; without a Dockerfile, the project's manager. */
function managerOf(input: RecipeInput): string {
  const used = new Set(input.installs.map((i) => i.request.installer));
  return used.has('uv-sync')
    ? 'uv'
    : used.has('poetry')
      ? 'poetry'
      : used.has('pdm')
        ? 'pdm'
        : used.has('pipenv')
          ? 'pipenv'
          : used.has('pip') || used.has('uv-pip')
            ? 'pip'
            : input.project.manager.name;
}

function recipeFor(input: RecipeInput): DependencyRecipe {
  const manager = managerOf(input);
  switch (manager) {
    case 'uv':
      if (!input.project.uvLock)
        throw new UserError(
          'The project uses uv but has no uv.lock: run `uv lock` and commit it, then optimize again.',
        );
      if (uvLockOfAnotherProject(input.project))
        throw new UserError(
          `uv.lock belongs to another project: it locks no package named "${input.project.pyproject?.project?.name}" (pyproject.toml's [project] name), so \`uv sync\` cannot install from it; run \`uv lock\` and commit it, then optimize again.`,
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
