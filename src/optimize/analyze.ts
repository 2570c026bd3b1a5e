import type { Dockerfile, Instruction, ShellCommand, Stage } from '../dockerfile/model.js';
import {
  argValues,
  baseName,
  flag,
  isRootUser,
  mountOption,
  mountTarget,
  stageByReference,
  stagesReachingShipped,
  writtenCommands,
} from '../dockerfile/queries.js';
import { rootOnlyCommand } from '../dockerfile/root-commands.js';
import { scopeView } from '../dockerfile/scope.js';
import { aptPackages, isAptInstall, positionals } from '../dockerfile/system-commands.js';
import { expandVariables } from '../dockerfile/variables.js';
import { UserError } from '../errors.js';
import { type InstallRequest, installsFromLock, readInstall } from '../project/installs.js';
import { isDependencyManifest, isManagerPackage, withoutRunner } from '../project/managers.js';
import type { Project } from '../project/types.js';
import type { Range } from '../types.js';
import type { AppStep, KeptStep, LedgerEntry, OriginalInstall, SourceCopy } from './types.js';

/** What the original Dockerfile does, sorted into the parts optimize rebuilds, with a fate for every line. */
export interface OriginalFacts {
  baseImage: string | null;
  /** apt packages of the shipped chain (split between builder and runtime). */
  aptPackages: string[];
  /** apt packages of builder stages (they stay in the builder). */
  builderAptPackages: string[];
  /** The image the original built its dependencies in (a builder stage's, else the shipped one's). */
  buildImage: string | null;
  /** The python base as written, variables and all (`python:${PYTHON_VERSION}-slim-bookworm`). */
  baseImageWritten: string | null;
  installsDockerCli: boolean;
  steps: AppStep[];
  review: KeptStep[];
  builderSteps: KeptStep[];
  sourceCopies: SourceCopy[];
  /** Programs the app or kept steps run (so their packages stay). */
  usedTools: Set<string>;
  /** Programs used only to add an apt repository or by a replaced HEALTHCHECK. */
  helperUses: Set<string>;
  env: string[];
  builderEnv: string[];
  labels: string[];
  expose: string[];
  volumes: string[];
  workdir: string | null;
  user: { name: string; uid: number | null; gid: number | null } | null;
  stopSignal: string | null;
  entrypoint: Instruction | null;
  cmd: Instruction | null;
  healthcheck: Instruction | null;
  /** The URL a curl health-check script created by a RUN probes. */
  healthScriptUrl: string | null;
  /** `pip wheel -w DIR` in a builder: DIR (absolute, in that stage) → the install it prepares. */
  wheelBuilds: Record<string, InstallRequest>;
  /** `COPY --from=<stage> SRC DEST` into the shipped chain: DEST → SRC. */
  copiedPaths: Record<string, string>;
  /** Installs the shell may skip, kept as written with each install a slot (its index in `requests`) the recipe fills. */
  conditionalInstalls: Array<{
    line: number;
    dir: string;
    parts: Array<string | number>;
    /** Each slot's install: what it asks for, and its words after `install` as written (destination options left out). */
    slots: Array<{ request: InstallRequest; args: string[] }>;
  }>;
  /** Manifests a kept stage writes (`poetry export`), by their path in the shipped image. */
  generatedManifests: Record<string, { stage: string; source: string }>;
  /** Container paths of dependency manifests the original copied → their path in the context. */
  manifestPaths: Record<string, string>;
  /** Folders the original installed Python packages into (a venv, a --prefix), whose bin/ the command may name. */
  environments: string[];
  installs: OriginalInstall[];
  globalArgs: string[];
  stageArgs: string[];
  builderArgs: string[];
  shell: string | null;
  ownedFolders: string[];
  keptStages: number[];
  /** What the kept stages copy from the context (`.` for everything). */
  keptStageSources: string[];
  keptCopies: string[];
  /** Folders the original added to PATH besides its Python environment's. */
  extraPath: string[];
  /** `--mount=type=secret|ssh` of the original's install steps. */
  installMounts: string[];
  /** `COPY --from=<builder>` of what the builder's kept steps made: copied from the new builder. */
  builderCopies: Array<{ flags: string[]; sources: string[]; destination: string }>;
  ledger: LedgerEntry[];
}

/** The official python image, by any registry path. */
const PYTHON_IMAGE = /(^|\/)python(:|$)/;
const NEVER_SHIPPED = /^(tests?|docs?|\.git|\.github|\.venv|venv)\/?$/;
/** Commands that only serve an apt install or a repository set-up. */
const APT_PLUMBING = new Set(['apt-get', 'apt', 'apt-key', 'gpg', 'tee', 'lsb_release', 'dpkg', 'install']);
/** Commands that change nothing a rebuilt image needs (cleanup, navigation, messages). */
const NEUTRAL = new Set(['rm', 'cd', 'echo', 'true', ':', 'printf', 'set', '[', 'test']);
/** What images install to bootstrap installing: pip itself and its build tools. */
const INSTALLER_TOOLS = /^(pip|setuptools|wheel|virtualenv|pipx)([<>=!~].*)?$/;
/** Tool settings that decide where packages come from: the builder keeps them. */
const INDEX_SETTINGS =
  /^((PIP|UV)_(INDEX_URL|EXTRA_INDEX_URL|INDEX|DEFAULT_INDEX|TRUSTED_HOST|FIND_LINKS|NO_BINARY|ONLY_BINARY|CONSTRAINT|PRERELEASE|EXCLUDE_NEWER|INDEX_STRATEGY)|POETRY_(SOURCE|HTTP_BASIC|REPOSITORIES)_.*|PDM_PYPI_.*)$/;
/** ENV names optimize sets on purpose (the venv on PATH; Python's output settings; pip into the venv). */
export const OWNED_BY_OPTIMIZE = /^(PATH|VIRTUAL_ENV|PYTHONUNBUFFERED|PYTHONDONTWRITEBYTECODE|PIP_PYTHON)$/;
const DEFAULT_PATH = new Set(['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin']);

/** Settings the recipes write themselves (and names that only matter where the original ran them). */
const RECIPE_SETTINGS =
  /^(PATH|VIRTUAL_ENV|UV_(COMPILE_BYTECODE|LINK_MODE|PYTHON_DOWNLOADS|PYTHON|PROJECT_ENVIRONMENT|NO_SYNC)|POETRY_.*|PDM_(CHECK_UPDATE|USE_VENV|VENV_IN_PROJECT)|PIPENV_(VENV_IN_PROJECT|NOSPIN|YES)|SSL_CERT_FILE|REQUESTS_CA_BUNDLE)$/;
/**
 * Commands whose need for root depends on what they touch (ownership, links, copies into system
 * folders, sudo): optimize keeps them before USER. Commands that always need root are asked of
 * dockerfile/root-commands.ts, which SS416 uses too.
 */
const MAYBE_ROOT_COMMANDS = new Set(['chown', 'chgrp', 'ln', 'install', 'sudo']);
const SYSTEM_ROOTS = /^\/(usr|etc|bin|sbin|lib|lib32|lib64|opt|var|root|boot|srv)(\/|$)/;
const NOT_OWNABLE = /^\/(usr|etc|bin|sbin|lib|lib32|lib64|proc|sys|dev|boot|run|tmp|root)(\/|$)|^\/$/;
const PATHLIKE_ENV = /(PATH|DIR|ROOT|HOME|CACHE|FOLDER|STORAGE|DATA|MEDIA|STATIC|UPLOAD|LOG|OUTPUT|MODELS?)$/;

function quote(word: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  if (!word.includes("'")) return `'${word}'`;
  if (!/["$`\\!]/.test(word)) return `"${word}"`;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** Project console scripts run through `python -c`, so the project need not be installed into the venv. */
function projectScriptCommand(project: Project, argv: string[], projectInstalled: boolean): string[] {
  if (projectInstalled) return argv;
  const scripts = project.pyproject?.project?.scripts ?? project.pyproject?.poetry?.scripts ?? {};
  const target = argv[0] ? scripts[argv[0]] : undefined;
  if (!target) return argv;
  const [module, attr] = target.split(':');
  const call = attr
    ? `import sys; from ${module} import ${attr.split('.')[0]}; sys.exit(${attr}())`
    : `import runpy; runpy.run_module('${module}', run_name='__main__')`;
  return ['python', '-c', call, ...argv.slice(1)];
}

function commandWords(c: ShellCommand): string[] {
  return [c.name, ...argValues(c)];
}

/** Where Playwright's subcommand sits in `playwright X …` / `python -m playwright X …`; -1 when it is not Playwright. */
function playwrightSubcommand(argv: string[]): number {
  if (argv[0] === 'playwright') return 1;
  return /^python/.test(argv[0] ?? '') && argv[1] === '-m' && argv[2] === 'playwright' ? 3 : -1;
}

function playwrightWithDeps(argv: string[]): { prefix: string[]; rest: string[] } | null {
  const start = playwrightSubcommand(argv);
  if (start < 0 || argv[start] !== 'install' || !argv.includes('--with-deps')) return null;
  return { prefix: argv.slice(0, start), rest: argv.slice(start + 1).filter((a) => a !== '--with-deps') };
}

function isPlaywrightInstallDeps(c: ShellCommand): boolean {
  const argv = commandWords(c);
  const start = playwrightSubcommand(argv);
  return start > 0 && argv[start] === 'install-deps';
}

/** Separates `cmd || echo …` / `cmd || true` so a check can fail again. */
function swallowedCheck(commands: ShellCommand[]): ShellCommand[] | null {
  const swallowIndex = commands.findIndex(
    (c, i) => i > 0 && c.operatorBefore === '||' && ['echo', 'true', ':', 'printf'].includes(baseName(c)),
  );
  const checked = swallowIndex > 0 ? commands.slice(0, swallowIndex) : null;
  // Only an import check is meant to pass: other work behind `|| true` (collectstatic) may fail on purpose.
  return checked?.every(isImportCheck) ? checked : null;
}

/** `python -c "from app import x"` / `uv run python -c "import app"`: a check that the code imports. */
function isImportCheck(c: ShellCommand): boolean {
  const words = withoutRunner(commandWords(c));
  return (
    /^python[\d.]*$/.test(words[0]?.split('/').pop() ?? '') &&
    words[1] === '-c' &&
    /\b(import|from)\s/.test(words[2] ?? '')
  );
}

/** `pip install uv` / `pip install poetry==2.1` — installing the package manager itself. */
function isToolInstall(command: ShellCommand): boolean {
  const request = readInstall(command);
  if (!request || !['pip', 'uv-pip'].includes(request.installer)) return false;
  return (
    request.packages.length > 0 &&
    request.requirementFiles.length === 0 &&
    request.localPaths.length === 0 &&
    // `pip install pdm 'hishel<2'`: the other names pin the tool's own dependencies.
    (request.packages.every((p) => INSTALLER_TOOLS.test(p) || isManagerPackage(p)) ||
      request.packages.some(isManagerPackage))
  );
}

function isVenvCreation(command: ShellCommand): boolean {
  const values = command.args.map((a) => a.value);
  return (
    (/^python/.test(baseName(command)) &&
      values[0] === '-m' &&
      ['venv', 'virtualenv'].includes(values[1] ?? '')) ||
    baseName(command) === 'virtualenv' ||
    (baseName(command) === 'uv' && positionals(command)[0] === 'venv') ||
    (baseName(command) === 'poetry' && positionals(command)[0] === 'config')
  );
}

function isUserCreation(command: ShellCommand): boolean {
  return ['useradd', 'groupadd', 'adduser', 'addgroup'].includes(baseName(command));
}

/** `mkdir -p X` / `chown -R app X` / `chmod 755 X` on folders: become folders the app user owns. */
function isFolderSetup(command: ShellCommand): boolean {
  return (
    ['mkdir', 'chown', 'chgrp'].includes(baseName(command)) ||
    (baseName(command) === 'install' && argValues(command).includes('-d'))
  );
}

/** `curl … | gpg --dearmor`, `echo "deb …" > /etc/apt/…`: repository plumbing around an apt install. */
function isRepositorySetup(commands: ShellCommand[], c: ShellCommand): boolean {
  if (!['curl', 'wget'].includes(baseName(c))) return false;
  const sameLine = commands.filter((o) => o.pipeline === c.pipeline && o !== c);
  return (
    sameLine.some((o) => ['gpg', 'apt-key', 'tee', 'dd'].includes(baseName(o))) ||
    c.args.some((a) => /\.(gpg|asc|key)$|gpg|keyring/.test(a.value))
  );
}

/** An exec-form RUN (`RUN ["python", "-c", "…"]`) as one command. */
function execFormCommands(instruction: Instruction): ShellCommand[] {
  const [name, ...args] = instruction.args;
  if (instruction.form !== 'json' || !name || !instruction.argsRange) return [];
  if (/^(\/bin\/|\/usr\/bin\/)?(sh|bash|dash)$/.test(name.value)) return [];
  return [
    {
      name: name.value,
      nameRange: name.range,
      args,
      expandedArgs: args,
      assignments: [],
      range: instruction.argsRange,
      text: instruction.argsText ?? '',
      operatorBefore: null,
      depth: 0,
      pipeline: 0,
      redirected: false,
      wrappedBy: null,
      runsAs: null,
    },
  ];
}

/** Top-level commands joined by `&&` only: a step that can be rebuilt from its words without losing anything. */
function rebuildable(commands: ShellCommand[], options: { ignoreRedirects?: boolean } = {}): boolean {
  return commands.every(
    (c, i) =>
      c.depth === 0 &&
      (options.ignoreRedirects || !c.redirected) &&
      (i === 0 || c.operatorBefore === '&&') &&
      c.pipeline !== commands[i - 1]?.pipeline,
  );
}

/** The instruction's text after its keyword, flags and heredocs included, exactly as written. */
export function verbatim(dockerfile: Dockerfile, instruction: Instruction): string {
  const text = dockerfile.text.slice(instruction.keywordRange.end.offset, instruction.range.end.offset);
  return text.replace(/^[ \t]+/, '');
}

/** An ENV value as written when it was quoted (single quotes keep `$` literal), else quoted for the new line. */
function assignmentText(
  dockerfile: Dockerfile,
  assignment: { value: string | null; valueRange: Range | null },
): string {
  const written = assignment.valueRange
    ? dockerfile.text.slice(assignment.valueRange.start.offset, assignment.valueRange.end.offset)
    : '';
  return /^(['"]).*\1$/s.test(written) ? written : JSON.stringify(assignment.value ?? '');
}

/** A kept RUN's text: as written, except an exec-form one becomes the words it runs (every variant can render those). */
function keptText(dockerfile: Dockerfile, instruction: Instruction): string {
  if (instruction.form !== 'json' || !instruction.argsRange) return verbatim(dockerfile, instruction);
  const flags = dockerfile.text
    .slice(instruction.keywordRange.end.offset, instruction.argsRange.start.offset)
    .trim();
  const words = instruction.args.map((a) => quote(a.value)).join(' ');
  return flags ? `${flags} ${words}` : words;
}

function firstLine(dockerfile: Dockerfile, instruction: Instruction): string {
  const text = dockerfile.text.slice(instruction.range.start.offset, instruction.range.end.offset);
  const line = text.split('\n')[0] ?? '';
  return line.length > 100 ? `${line.slice(0, 97)}...` : line.replace(/\s*\\$/, ' …');
}

function isHealthcheckScript(instruction: Instruction): boolean {
  const text = instruction.argsText ?? '';
  return /health[-_]?check\.sh|health\.sh/.test(text) && /curl|wget/.test(text);
}

function needsRoot(commands: ShellCommand[], writable: readonly string[]): boolean {
  return rootNeedingCommands(commands, writable).length > 0;
}

/** The commands of a step that need root: system tools, redirections, or writes outside the app's folders. */
export function rootNeedingCommands(commands: ShellCommand[], writable: readonly string[]): ShellCommand[] {
  return commands.filter(
    (c) =>
      rootOnlyCommand(c) !== null ||
      MAYBE_ROOT_COMMANDS.has(baseName(c)) ||
      c.redirected ||
      argValues(c).some(
        (v) => SYSTEM_ROOTS.test(v) && !writable.some((w) => v === w || v.startsWith(`${w}/`)),
      ),
  );
}

/** What optimize knows when there is no Dockerfile to read. */
export function emptyFacts(): OriginalFacts {
  return {
    baseImage: null,
    aptPackages: [],
    builderAptPackages: [],
    baseImageWritten: null,
    buildImage: null,
    installsDockerCli: false,
    steps: [],
    review: [],
    builderSteps: [],
    sourceCopies: [],
    usedTools: new Set(),
    helperUses: new Set(),
    env: [],
    builderEnv: [],
    labels: [],
    expose: [],
    volumes: [],
    workdir: null,
    user: null,
    stopSignal: null,
    entrypoint: null,
    cmd: null,
    healthcheck: null,
    healthScriptUrl: null,
    wheelBuilds: {},
    copiedPaths: {},
    generatedManifests: {},
    conditionalInstalls: [],
    manifestPaths: {},
    environments: [],
    installs: [],
    globalArgs: [],
    stageArgs: [],
    builderArgs: [],
    shell: null,
    ownedFolders: [],
    keptStages: [],
    keptStageSources: [],
    keptCopies: [],
    extraPath: [],
    installMounts: [],
    builderCopies: [],
    ledger: [],
  };
}

function stageLabel(stage: Stage): string {
  return stage.name ?? `#${stage.index}`;
}

/** Each stage's working folder at its end (WORKDIR carries into a stage built FROM it). */
function workingFolders(dockerfile: Dockerfile): Map<number, string> {
  const ends = new Map<number, string>();
  for (const stage of dockerfile.stages) {
    let dir = stage.baseStageIndex !== null ? (ends.get(stage.baseStageIndex) ?? '/') : '/';
    for (const instruction of stage.instructions) {
      if (instruction.keyword !== 'WORKDIR') continue;
      const next = instruction.expandedArgs[0]?.value ?? '';
      dir = next.startsWith('/') ? next : `${dir.replace(/\/$/, '')}/${next}`;
    }
    ends.set(stage.index, dir);
  }
  return ends;
}

/** The FROM chain of a stage: its ancestors that are stages of this Dockerfile, oldest first, itself last. */
export function chainOf(dockerfile: Dockerfile, stage: Stage): Stage[] {
  const chain: Stage[] = [];
  const seen = new Set<number>();
  for (let s: Stage | undefined = stage; s && !seen.has(s.index); ) {
    seen.add(s.index);
    chain.unshift(s);
    s = s.baseStageIndex !== null ? dockerfile.stages[s.baseStageIndex] : undefined;
  }
  return chain;
}

/** A stage that makes Python dependencies: a python base, or one that runs an install. */
function isPythonBuilder(stage: Stage): boolean {
  if (PYTHON_IMAGE.test(stage.resolvedBaseImage)) return true;
  return stage.instructions.some((i) =>
    writtenCommands(i.shell?.commands ?? []).some((c) => readInstall(c) !== null || isVenvCreation(c)),
  );
}

/**
 * Stages that only hand the shipped image a manifest they write (`poetry export -o
 * requirements.txt`, `pip-compile`): kept as written, and the install reads the file from them.
 */
function manifestGenerators(dockerfile: Dockerfile, chain: ReadonlySet<number>): Set<number> {
  const copies = new Map<number, string[]>();
  for (const index of chain)
    for (const instruction of dockerfile.stages[index]!.instructions) {
      const from = flag(instruction, 'from')?.value;
      const origin = from && instruction.keyword === 'COPY' ? stageByReference(dockerfile, from) : undefined;
      if (!origin || chain.has(origin.index)) continue;
      const names = instruction.args.slice(0, -1).map((a) => a.value.split('/').pop() ?? '');
      copies.set(origin.index, [...(copies.get(origin.index) ?? []), ...names]);
    }
  return new Set(
    [...copies.entries()]
      .filter(
        ([, names]) =>
          names.length > 0 && names.every((n) => /^(requirements|constraints)[^/]*\.(txt|in)$/.test(n)),
      )
      .map(([index]) => index),
  );
}

/** Stages kept as written: named stages the shipped image does not use (build targets), and what they need. */
function targetStages(dockerfile: Dockerfile, reached: ReadonlySet<number>): number[] {
  const kept = new Set<number>();
  const visit = (stage: Stage | undefined): void => {
    if (!stage || kept.has(stage.index)) return;
    kept.add(stage.index);
    if (stage.baseStageIndex !== null) visit(dockerfile.stages[stage.baseStageIndex]);
    for (const instruction of stage.instructions) {
      const from = flag(instruction, 'from')?.value;
      if (from) visit(stageByReference(dockerfile, from));
    }
  };
  for (const stage of dockerfile.stages) if (stage.name && !reached.has(stage.index)) visit(stage);
  return [...kept].sort((a, b) => a - b);
}

function numberOrNull(text: string | undefined): number | null {
  return text && /^\d+$/.test(text) ? Number(text) : null;
}

/** Reads `useradd -u 1001 -g 1001 app` / `adduser --uid 1001 app` / `groupadd -g 1001 app`. */
function readUserCreation(
  c: ShellCommand,
  expand: (w: string) => string,
): { name: string | null; uid: number | null; gid: number | null } {
  const values = argValues(c).map(expand);
  let uid: number | null = null;
  let gid: number | null = null;
  let name: string | null = null;
  const group = ['groupadd', 'addgroup'].includes(baseName(c));
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    const [opt, inline] =
      v.startsWith('--') && v.includes('=')
        ? [v.slice(0, v.indexOf('=')), v.slice(v.indexOf('=') + 1)]
        : [v, undefined];
    const next = () => inline ?? values[++i];
    if (['-u', '--uid'].includes(opt)) uid = numberOrNull(next());
    else if (['-g', '--gid'].includes(opt)) {
      const value = next();
      gid = numberOrNull(value);
    } else if (
      [
        '-G',
        '--groups',
        '-s',
        '--shell',
        '-d',
        '--home',
        '--home-dir',
        '-c',
        '--comment',
        '--gecos',
        '--ingroup',
        '-h',
        '-k',
        '--skel',
        '-K',
        '-e',
        '-f',
        '-p',
      ].includes(opt)
    )
      next();
    else if (!opt.startsWith('-')) name = opt;
  }
  if (group) return { name: null, uid: null, gid: gid };
  return { name, uid, gid };
}

/** Paths named by `mkdir -p A B` / `chown -R u:g A`. */
function folderTargets(c: ShellCommand, expand: (w: string) => string): string[] {
  const all = argValues(c).map(expand);
  const values = all.filter(
    (v, i) =>
      !v.startsWith('-') && !['-o', '-g', '-m', '--mode', '--owner', '--group'].includes(all[i - 1] ?? ''),
  );
  const paths = ['mkdir', 'install'].includes(baseName(c)) ? values : values.slice(1);
  return paths.filter((p) => p.startsWith('/'));
}

export function analyzeOriginal(project: Project, dockerfile: Dockerfile): OriginalFacts {
  const facts = emptyFacts();
  const shipped = dockerfile.stages[dockerfile.stages.length - 1];
  if (!shipped) return facts;
  const chain = chainOf(dockerfile, shipped);
  const chainIndexes = new Set(chain.map((s) => s.index));
  const reached = stagesReachingShipped(dockerfile);
  const generators = manifestGenerators(dockerfile, chainIndexes);
  const builders = new Set(
    [...reached].filter(
      (i) => !chainIndexes.has(i) && !generators.has(i) && isPythonBuilder(dockerfile.stages[i]!),
    ),
  );
  const kept = new Set(targetStages(dockerfile, reached));
  // A stage the image copies from that makes no Python (a front-end build, a Go binary) is kept as written.
  for (const i of reached) if (!chainIndexes.has(i) && !builders.has(i)) kept.add(i);
  facts.keptStages = [...kept].sort((a, b) => a - b);
  const pythonStage =
    chain.find((s) => PYTHON_IMAGE.test(s.resolvedBaseImage)) ??
    [...builders].map((i) => dockerfile.stages[i]!).find((s) => PYTHON_IMAGE.test(s.resolvedBaseImage)) ??
    chain[0]!;
  facts.baseImage = pythonStage.resolvedBaseImage;
  facts.baseImageWritten = pythonStage.baseImage;
  // The image the original compiled in: a full python image brings gcc and headers the slim one lacks.
  const compilingStage = [...builders].map((i) => dockerfile.stages[i]!)[0] ?? pythonStage;
  facts.buildImage = compilingStage.resolvedBaseImage;
  const ledger = (instruction: Instruction, stage: Stage, fate: LedgerEntry['fate'], detail: string) =>
    facts.ledger.push({
      line: instruction.range.start.line,
      stage: stageLabel(stage),
      text: firstLine(dockerfile, instruction),
      fate,
      detail,
    });
  for (const arg of dockerfile.globalArgs) {
    facts.globalArgs.push(verbatim(dockerfile, arg));
    facts.ledger.push({
      line: arg.range.start.line,
      stage: '(global)',
      text: firstLine(dockerfile, arg),
      fate: 'kept',
      detail: 'global build argument, kept as written',
    });
  }

  // What each stage hands to others: the paths `COPY --from=<stage>` takes from it.
  const copiedBy = new Map<number, string[]>();
  for (const instruction of dockerfile.instructions) {
    const from = flag(instruction, 'from')?.value;
    const origin =
      from && ['COPY', 'ADD'].includes(instruction.keyword) ? stageByReference(dockerfile, from) : undefined;
    if (!origin) continue;
    const sources = instruction.args.slice(0, -1).map((a) => absolutePath(a.value, '/'));
    copiedBy.set(origin.index, [...(copiedBy.get(origin.index) ?? []), ...sources]);
  }

  // First pass: the shipped chain's user, folders named in ENV, and the workdir.
  let sawSourceInChain = false;
  for (const stage of chain) {
    for (const instruction of stage.instructions) {
      const expand = (w: string) =>
        expandVariables(w, scopeView(dockerfile, instruction), { keepUnknown: true });
      if (instruction.keyword === 'WORKDIR') {
        const dir = expand(instruction.args[0]?.value ?? '');
        facts.workdir = dir.startsWith('/') ? dir : `${(facts.workdir ?? '').replace(/\/$/, '')}/${dir}`;
      }
      if (instruction.keyword === 'ENV') {
        for (const a of instruction.assignments) {
          const value = expand(a.value ?? '');
          if (PATHLIKE_ENV.test(a.name) && !/^(PATH|PYTHONPATH|LD_LIBRARY_PATH|VIRTUAL_ENV)$/.test(a.name))
            for (const part of value.split(':'))
              if (part.startsWith('/') && !NOT_OWNABLE.test(part) && !/\.[A-Za-z0-9]+$/.test(part))
                facts.ownedFolders.push(part.replace(/\/+$/, ''));
        }
      }
      if (instruction.keyword === 'VOLUME')
        for (const a of instruction.args) {
          const path = expand(a.value);
          if (path.startsWith('/') && !NOT_OWNABLE.test(path))
            facts.ownedFolders.push(path.replace(/\/+$/, ''));
        }
    }
  }

  const endDirs = workingFolders(dockerfile);
  // ENV entries already carried (a set: thousands of ENV lines must not cost a scan each).
  const envSeen = new Set<string>();
  const builderEnvSeen = new Set<string>();
  for (const stage of dockerfile.stages) {
    const inChain = chainIndexes.has(stage.index);
    const inBuilder = builders.has(stage.index);
    if (!inChain && !inBuilder) {
      for (const instruction of stage.instructions)
        if (
          ['COPY', 'ADD'].includes(instruction.keyword) &&
          !instruction.flags.some((f) => f.name === 'from')
        )
          facts.keptStageSources.push(...instruction.args.slice(0, -1).map((a) => a.value));
      for (const instruction of stage.instructions)
        ledger(
          instruction,
          stage,
          'kept',
          kept.has(stage.index)
            ? 'a stage kept as written (a build target, or one the image copies from)'
            : 'kept as written',
        );
      continue;
    }
    let userSwitched = false;
    let sawSource = false;
    // A stage built FROM another starts in that stage's working folder.
    let currentDir = stage.baseStageIndex !== null ? (endDirs.get(stage.baseStageIndex) ?? '/') : '/';
    const stageVenvs: string[] = [];
    for (const instruction of stage.instructions) {
      const line = instruction.range.start.line;
      const scope = () => scopeView(dockerfile, instruction);
      const expand = (w: string) => expandVariables(w, scope(), { keepUnknown: true });
      switch (instruction.keyword) {
        case 'FROM':
          ledger(
            instruction,
            stage,
            'replaced',
            inChain
              ? 'the shipped stage is rebuilt on the slim image of the same Python'
              : 'absorbed into the builder stage',
          );
          break;
        case 'ARG':
          // The recipe declares its own production/development switch.
          if (instruction.assignments.every((a) => a.name === 'ENVIRONMENT')) {
            ledger(instruction, stage, 'replaced', 'the recipe’s own ENVIRONMENT switch');
            break;
          }
          if (inChain) facts.stageArgs.push(verbatim(dockerfile, instruction));
          else facts.builderArgs.push(verbatim(dockerfile, instruction));
          ledger(instruction, stage, inChain ? 'kept' : 'moved-to-builder', 'build argument, default kept');
          break;
        case 'SHELL':
          facts.shell = instruction.argsText?.trim() ?? null;
          ledger(instruction, stage, 'kept', 'shell kept for the steps that follow, in both stages');
          break;
        case 'RUN':
          analyzeRun(project, dockerfile, instruction, {
            currentDir,
            copied: inChain ? [] : (copiedBy.get(stage.index) ?? []),
            venvs: stageVenvs,
            facts,
            stage,
            inChain,
            userSwitched,
            sawSource: inChain ? sawSourceInChain : sawSource,
            expand,
            ledger: (fate, detail) => ledger(instruction, stage, fate, detail),
          });
          break;
        case 'COPY':
        case 'ADD': {
          const from = instruction.flags.find((f) => f.name === 'from')?.value;
          if (from) {
            const origin = stageByReference(dockerfile, expand(from));
            if (origin && inChain && generators.has(origin.index)) {
              const words = instruction.args.map((a) => expand(a.value));
              const destination = absolutePath(words[words.length - 1] ?? '.', currentDir);
              const reference = origin.name ?? String(facts.keptStages.indexOf(origin.index));
              for (const source of words.slice(0, -1))
                facts.generatedManifests[
                  words.length > 2 || destination.endsWith('/')
                    ? `${destination}/${source.split('/').pop()}`
                    : destination
                ] = { stage: reference, source: absolutePath(source, '/') };
              ledger(
                instruction,
                stage,
                'replaced',
                `the dependency step bind-mounts it from stage ${reference}, kept as written`,
              );
              break;
            }
            if (origin && inChain) {
              const words = instruction.args.map((a) => expand(a.value));
              const destination = absolutePath(words[words.length - 1] ?? '.', currentDir);
              for (const source of words.slice(0, -1))
                facts.copiedPaths[
                  words.length > 2 ? `${destination}/${source.split('/').pop()}` : destination
                ] = absolutePath(source, '/');
            }
            if (/^docker(:[^/]*)?$/.test(from) || /(^|\/)docker:[^/]*cli/.test(from)) {
              facts.installsDockerCli = true;
              ledger(instruction, stage, 'replaced', 'the Docker CLI is copied from its pinned image');
            } else if (origin && builders.has(origin.index)) {
              // What the builder's own kept steps made (assets, a compiled binary) still comes over.
              const words = instruction.args.map((a) => expand(a.value));
              const made = words
                .slice(0, -1)
                .filter((source) => !isEnvironmentPath(absolutePath(source, '/'), facts));
              if (made.length > 0 && inChain) {
                const flags = instruction.flags
                  .filter((f) => f.name !== 'from')
                  .map((f) => dockerfile.text.slice(f.range.start.offset, f.range.end.offset));
                facts.builderCopies.push({ flags, sources: made, destination: words[words.length - 1]! });
                ledger(
                  instruction,
                  stage,
                  'kept',
                  'copies what the builder’s own steps made, from the new builder',
                );
              } else ledger(instruction, stage, 'replaced', 'the builder venv is copied instead');
            } else if (origin && kept.has(origin.index) && inChain) {
              facts.keptCopies.push(verbatim(dockerfile, instruction));
              ledger(
                instruction,
                stage,
                'kept',
                `copies from stage ${origin.name ?? origin.index}, kept as written`,
              );
            } else if (!origin && inChain) {
              // From an image (`COPY --from=ghcr.io/astral-sh/uv /uv /bin/`): the recipe brings its own tools.
              const tool = /astral-sh\/uv/.test(from);
              if (tool)
                ledger(instruction, stage, 'replaced', 'uv comes from its pinned image in the builder');
              else {
                facts.keptCopies.push(verbatim(dockerfile, instruction));
                ledger(instruction, stage, 'kept', 'copies from an image, kept as written');
              }
            } else ledger(instruction, stage, 'replaced', 'the builder recipe makes what it copied');
            break;
          }
          const words = instruction.args.map((a) => expand(a.value));
          const destination = words[words.length - 1] ?? '.';
          const all = words.slice(0, -1);
          const here = currentDir.replace(/\/$/, '');
          for (const source of all) {
            const name = source.replace(/^\.\//, '');
            if (!isDependencyManifest(name)) continue;
            const into = destination.startsWith('/')
              ? destination
              : `${here}/${destination.replace(/^\.\/?/, '')}`;
            const target =
              destination.endsWith('/') || all.length > 1 || destination === '.' || destination === './'
                ? `${into.replace(/\/$/, '')}/${name.split('/').pop()}`
                : into;
            facts.manifestPaths[target.replace(/\/+/g, '/')] = name;
          }
          const sources = all.filter(
            (s) =>
              !isDependencyManifest(s.replace(/^\.\//, '')) && !NEVER_SHIPPED.test(s.replace(/^\.\//, '')),
          );
          if (sources.length > 0 && inChain) {
            // A copy made in another folder than the final WORKDIR names its folder, so it lands where it did.
            const final = facts.workdir ?? '/';
            const landing =
              destination.startsWith('/') || currentDir === final
                ? destination
                : `${currentDir.replace(/\/$/, '')}/${destination.replace(/^\.\/?/, '')}`.replace(/\/$/, '') +
                  (destination.endsWith('/') || destination === '.' ? '/' : '');
            facts.sourceCopies.push({
              keyword: instruction.keyword,
              flags: instruction.flags
                .filter((f) => !['chown', 'from'].includes(f.name))
                .map((f) => dockerfile.text.slice(f.range.start.offset, f.range.end.offset)),
              sources,
              destination: landing,
            });
            sawSource = true;
            sawSourceInChain = true;
            ledger(
              instruction,
              stage,
              'rewritten',
              'source copied with --chown to the app user, after the dependencies',
            );
          } else if (sources.length > 0) {
            sawSource = true;
            ledger(instruction, stage, 'moved-to-builder', 'source the builder needs, copied there');
          } else ledger(instruction, stage, 'replaced', 'manifests are bind-mounted by the dependency step');
          break;
        }
        case 'ENV':
          for (const a of instruction.assignments) {
            if (a.name === 'UV_PROJECT_ENVIRONMENT' && a.value)
              facts.environments.push(absolutePath(expand(a.value), currentDir));
            if (a.name === 'VIRTUAL_ENV' && a.value)
              facts.environments.push(expand(a.value).replace(/\/+$/, ''));
            if (INDEX_SETTINGS.test(a.name) || (!inChain && !RECIPE_SETTINGS.test(a.name))) {
              const entry = `${a.name}=${JSON.stringify(a.value ?? '')}`;
              if (!builderEnvSeen.has(entry)) {
                builderEnvSeen.add(entry);
                facts.builderEnv.push(entry);
              }
            }
            if (!inChain) continue;
            if (a.name === 'PATH') {
              // Folders the original added (a tool's bin/) stay on PATH; its Python folders give way to the venv.
              for (const folder of expand(a.value ?? '').split(':'))
                if (
                  folder.startsWith('/') &&
                  !DEFAULT_PATH.has(folder) &&
                  !/\/(\.?venv|\.local)\/bin$/.test(folder) &&
                  !facts.environments.some((e) => folder === `${e}/bin`) &&
                  !facts.extraPath.includes(folder)
                )
                  facts.extraPath.push(folder);
            }
            if (OWNED_BY_OPTIMIZE.test(a.name)) continue;
            const entry = `${a.name}=${assignmentText(dockerfile, a)}`;
            if (!envSeen.has(entry)) {
              envSeen.add(entry);
              facts.env.push(entry);
            }
          }
          ledger(
            instruction,
            stage,
            inChain ? 'kept' : 'moved-to-builder',
            inChain
              ? 'values kept (PATH and VIRTUAL_ENV point at the venv)'
              : 'tool settings kept in the builder',
          );
          break;
        case 'LABEL':
          if (inChain) facts.labels.push(instruction.argsText ?? '');
          ledger(
            instruction,
            stage,
            inChain ? 'kept' : 'dropped',
            inChain ? 'kept' : 'a builder label does not reach the image',
          );
          break;
        case 'EXPOSE':
          if (inChain)
            for (const a of instruction.args) if (!facts.expose.includes(a.value)) facts.expose.push(a.value);
          ledger(instruction, stage, inChain ? 'kept' : 'dropped', 'kept');
          break;
        case 'VOLUME':
          if (inChain) facts.volumes.push(...instruction.args.map((a) => a.value));
          ledger(instruction, stage, inChain ? 'kept' : 'dropped', 'kept; the app user owns it');
          break;
        case 'WORKDIR': {
          const dir = expand(instruction.args[0]?.value ?? '');
          currentDir = dir.startsWith('/') ? dir : `${currentDir.replace(/\/$/, '')}/${dir}`;
          ledger(
            instruction,
            stage,
            inChain ? 'kept' : 'replaced',
            inChain
              ? 'kept; the app user owns it'
              : 'the builder works in the shipped WORKDIR, so the venv keeps its path',
          );
          break;
        }
        case 'USER': {
          if (inChain) {
            const name = expand(instruction.args[0]?.value ?? '').split(':')[0] ?? '';
            userSwitched = !isRootUser(name);
            if (userSwitched) {
              const known = facts.user;
              facts.user = /^\d+$/.test(name)
                ? { name: known?.name ?? 'app', uid: Number(name), gid: known?.gid ?? Number(name) }
                : {
                    name,
                    uid: known?.name === name ? known.uid : null,
                    gid: known?.name === name ? known.gid : null,
                  };
            }
          }
          ledger(
            instruction,
            stage,
            inChain ? 'kept' : 'dropped',
            inChain ? 'the shipped stage runs as this user' : 'builder user',
          );
          break;
        }
        case 'STOPSIGNAL':
          if (inChain) facts.stopSignal = instruction.args[0]?.value ?? null;
          ledger(instruction, stage, 'kept', 'kept');
          break;
        case 'CMD':
          if (inChain) facts.cmd = instruction;
          ledger(
            instruction,
            stage,
            'rewritten',
            'exec form on the venv; runner prefixes and dev-server flags named in the changes',
          );
          break;
        case 'ENTRYPOINT':
          if (inChain) facts.entrypoint = instruction;
          ledger(instruction, stage, 'rewritten', 'exec form on the venv');
          break;
        case 'HEALTHCHECK':
          if (inChain) facts.healthcheck = instruction;
          ledger(
            instruction,
            stage,
            'kept',
            'kept (a curl/wget probe becomes the same probe with Python when curl goes)',
          );
          break;
        default:
          ledger(instruction, stage, inChain ? 'kept' : 'dropped', 'kept as written');
          if (inChain)
            facts.review.push({
              text: verbatim(dockerfile, instruction),
              keyword: instruction.keywordText,
              line,
              reason: `${instruction.keyword} kept as written`,
              asRoot: false,
              needsSource: true,
            });
          break;
      }
    }
  }
  facts.ownedFolders = [...new Set(facts.ownedFolders)];
  return facts;
}

interface RunContext {
  /** The stage's working folder at this step. */
  currentDir: string;
  /** Paths of this stage other stages copy (`COPY --from=<this stage> <path>`); empty for the shipped chain. */
  copied: string[];
  /** Venvs made in this stage so far (an install without a destination goes into the active one). */
  venvs: string[];
  facts: OriginalFacts;
  stage: Stage;
  inChain: boolean;
  userSwitched: boolean;
  sawSource: boolean;
  expand: (word: string) => string;
  ledger: (fate: LedgerEntry['fate'], detail: string) => void;
}

/** Sorts one RUN into what the rebuilt image reproduces and what it keeps as written. */
function analyzeRun(
  project: Project,
  dockerfile: Dockerfile,
  instruction: Instruction,
  context: RunContext,
): void {
  const { facts, inChain, expand } = context;
  const line = instruction.range.start.line;
  // A wrapped install (`sudo pip install x`) is kept with its wrapper: the user and environment
  // the wrapper gives it are not something a recipe reproduces.
  const commands = instruction.shell
    ? writtenCommands(instruction.shell.commands)
    : execFormCommands(instruction);
  const keep = (reason: string, asRoot: boolean) => {
    const step: KeptStep = {
      text: keptText(dockerfile, instruction),
      line,
      reason,
      asRoot,
      needsSource: context.sawSource,
      afterInstall: facts.installs.length > 0,
      dir: context.currentDir,
    };
    if (inChain) facts.review.push(step);
    else facts.builderSteps.push(step);
    for (const c of commands) facts.usedTools.add(baseName(c));
    context.ledger(
      inChain ? 'kept' : 'moved-to-builder',
      `kept as written${asRoot ? ' (as root, before USER)' : ''}: ${reason}`,
    );
  };
  if (commands.length === 0) {
    keep('a RUN whose shell could not be read', !context.userSwitched);
    return;
  }
  if (/^\s*for link in [^;]*; do[\s\S]*\/\.venv\/bin\//.test(instruction.argsText ?? '')) {
    context.ledger('replaced', 'links to venv programs, remade from the command and scripts');
    return;
  }
  if (isHealthcheckScript(instruction)) {
    facts.healthScriptUrl = /https?:\/\/[^\s'"|]+/.exec(instruction.argsText ?? '')?.[0] ?? null;
    context.ledger('replaced', 'a curl health-check script: the HEALTHCHECK probes the same URL with Python');
    // The script file is not made any more: `--verify` names this line when it finds it missing.
    const script = /\/[\w./-]*health[-_]?(?:check)?\.sh/.exec(instruction.argsText ?? '')?.[0];
    const entry = facts.ledger.at(-1);
    if (script && entry) entry.removes = [script];
    return;
  }
  // A manifest bind-mounted for the step (`--mount=type=bind,source=requirements.txt,target=/code/requirements.txt`).
  for (const mount of instruction.flags.filter((f) => f.name === 'mount')) {
    const source = mountOption(mount, 'source') ?? mountOption(mount, 'src');
    const target = mountTarget(mount);
    if ((mountOption(mount, 'type') ?? 'bind') !== 'bind' || !source || !target) continue;
    const absolute = (
      target.startsWith('/') ? target : `${context.currentDir.replace(/\/$/, '')}/${target}`
    ).replace(/\/+/g, '/');
    // From another stage (`from=builder`): a manifest that stage generates, as optimize writes it.
    const from = mountOption(mount, 'from');
    if (from) facts.generatedManifests[absolute] = { stage: from, source };
    else facts.manifestPaths[absolute] = source.replace(/^\.\//, '');
  }
  const credentials = instruction.flags
    .filter(
      (f) =>
        f.name === 'mount' &&
        ['secret', 'ssh'].includes(f.options.find((o) => o.name === 'type')?.value ?? ''),
    )
    .map((f) => dockerfile.text.slice(f.range.start.offset, f.range.end.offset));
  const aptStep = commands.some(isAptInstall);
  const absorbed: string[] = [];
  const rest: ShellCommand[] = [];
  const installs: OriginalInstall[] = [];
  const installCommands: ShellCommand[] = [];
  const folderSetups = new Set<ShellCommand>();
  let builderOnly = false;
  for (const c of commands) {
    if (aptStep && c.depth > 0) absorbed.push('apt plumbing');
    else if (aptStep && ['echo', 'printf'].includes(baseName(c))) absorbed.push('apt repository set-up');
    else if (isAptInstall(c)) {
      for (const { name } of aptPackages(c)) {
        const pkg = expand(name);
        const list = inChain ? facts.aptPackages : facts.builderAptPackages;
        if (!list.includes(pkg)) list.push(pkg);
        if (/^docker/.test(pkg)) facts.installsDockerCli = true;
      }
      absorbed.push('apt packages (split between builder and runtime)');
    } else if (
      ['apt-get', 'apt'].includes(baseName(c)) ||
      (aptStep && APT_PLUMBING.has(baseName(c)) && baseName(c) !== 'install')
    ) {
      absorbed.push('apt plumbing');
    } else if (isRepositorySetup(commands, c)) {
      facts.helperUses.add(baseName(c));
      absorbed.push('apt repository set-up');
    } else if (isToolInstall(c)) absorbed.push('package-manager install (the recipe brings its own)');
    else if (isVenvCreation(c)) {
      const target = positionals(c)
        .map(expand)
        .filter((p) => p.startsWith('/'))
        .pop();
      if (target) {
        facts.environments.push(target.replace(/\/+$/, ''));
        context.venvs.push(target.replace(/\/+$/, ''));
      }
      absorbed.push('venv creation (the recipe makes the venv)');
    } else if (readInstall(c, expand)) {
      const request = readInstall(c, expand)!;
      if (['prefix', 'target'].includes(request.destination.kind) && request.destination.path)
        facts.environments.push(request.destination.path.replace(/\/+$/, ''));
      const fate = installFate(request, context);
      if (fate === 'builder-only') {
        builderOnly = true;
        rest.push(c);
        continue;
      }
      if (fate === 'wheels') {
        facts.wheelBuilds[absolutePath(request.wheelDir!, context.currentDir)] = request;
        absorbed.push('wheels built for a later install (rebuilt by the recipe)');
        continue;
      }
      installs.push({
        request: ownProject(consumeWheels(request, facts), context.currentDir),
        line,
        shipped: true,
      });
      installCommands.push(c);
      for (const mount of credentials)
        if (!facts.installMounts.includes(mount)) facts.installMounts.push(mount);
      absorbed.push('dependency install (rebuilt by the recipe)');
    } else if (baseName(c) === 'ln' && argValues(c).some((v) => /\/\.venv\/bin\/[^/]+$/.test(v))) {
      absorbed.push('a link to a venv program (remade from the command)');
    } else if (isUserCreation(c)) {
      const read = readUserCreation(c, expand);
      const known = facts.user;
      if (read.name)
        facts.user = {
          name: read.name,
          uid: read.uid ?? (known?.name === read.name ? known.uid : null),
          gid: read.gid ?? known?.gid ?? null,
        };
      else if (read.gid !== null)
        facts.user = { name: known?.name ?? 'app', uid: known?.uid ?? null, gid: read.gid };
      absorbed.push(
        'user creation (recreated with the same name, and the same ids where the original set them)',
      );
    } else if (isFolderSetup(c) && inChain) {
      // The folders become the app user's; the command itself stays with the work around it,
      // which may need the folder at that moment (a later `rm -rf /tmp/*` would undo an early one).
      facts.ownedFolders.push(...folderTargets(c, expand).map((p) => p.replace(/\/+$/, '')));
      folderSetups.add(c);
      rest.push(c);
    } else rest.push(c);
  }
  // Cleanup and messages alone do not make a step: a RUN left with only those is fully rebuilt.
  if (rest.every((c) => (NEUTRAL.has(baseName(c)) && !c.redirected) || folderSetups.has(c))) {
    if (folderSetups.size > 0) absorbed.push('folder set-up (the app user owns these folders)');
    rest.length = 0;
  }
  // A production/development switch (`if [ "$ENVIRONMENT" = … ]; then …; else …; fi`): the
  // installs before `else` are the production ones.
  const start = instruction.range.start.offset;
  const text = dockerfile.text.slice(start, instruction.range.end.offset);
  const branch = productionBranch(text);
  if (branch) {
    facts.installs.push(
      ...installs.filter(
        (_, i) =>
          installCommands[i]!.range.start.offset - start < branch.elseAt === (branch.production === 'then'),
      ),
    );
  } else {
    // An install the shell may skip (`pip install x || echo …`, inside `case`/`if`) keeps its condition.
    const optional = installCommands
      .map((c, i) =>
        c.depth > 0 || c.operatorBefore === '||' || commands[commands.indexOf(c) + 1]?.operatorBefore === '||'
          ? i
          : -1,
      )
      .filter((i) => i >= 0);
    if (optional.length > 0) {
      const conditional = conditionalInstall(
        dockerfile,
        instruction,
        installCommands,
        installs,
        optional,
        context,
      );
      if (!conditional) {
        throw new UserError(
          `${dockerfile.path}:${line}: optimize cannot keep the condition around this install (it mixes it with other work); put the conditional install in a RUN of its own, then optimize again.`,
        );
      }
      facts.conditionalInstalls.push(conditional);
      context.ledger(
        'rewritten',
        'a conditional install: kept as written in the builder, installing into the venv',
      );
      return;
    }
    facts.installs.push(...installs);
  }
  if (rest.length === 0) {
    context.ledger('rewritten', [...new Set(absorbed)].join('; '));
    return;
  }
  // What is left must be rebuilt from its words, or kept as written without the parts the recipe does.
  if (absorbed.length > 0 && !rebuildable(commands)) {
    const removed = commands.filter((c) => !rest.includes(c));
    const text = textWithout(dockerfile, instruction, commands, removed);
    if (text === null)
      throw new UserError(
        `${dockerfile.path}:${line}: optimize cannot take the install out of this step without changing the rest of it; put the install in a RUN of its own, then optimize again.`,
      );
    const writable = [facts.workdir ?? '/app', ...facts.ownedFolders];
    const asRoot = !context.userSwitched && needsRoot(rest, writable);
    (inChain ? facts.review : facts.builderSteps).push({
      text,
      line,
      reason: 'optimize does not know what this step does',
      asRoot: inChain ? asRoot : true,
      needsSource: context.sawSource,
      afterInstall: facts.installs.length > 0,
      dir: context.currentDir,
    });
    for (const c of rest) facts.usedTools.add(baseName(c));
    context.ledger(
      inChain ? 'rewritten' : 'moved-to-builder',
      'install moved to the builder recipe; the rest kept as written',
    );
    return;
  }
  if (!inChain) {
    keep(
      builderOnly
        ? 'a tool the builder itself uses (its install does not reach the image)'
        : 'a builder step optimize does not rebuild',
      true,
    );
    return;
  }
  const check = swallowedCheck(rest);
  const installDeps = rest.filter(isPlaywrightInstallDeps);
  const setupLike = rest.every(
    (c) =>
      ['uv', 'poetry', 'pipenv', 'pdm', 'python', 'python3', 'playwright'].includes(baseName(c)) ||
      /^python3\.\d+$/.test(baseName(c)) ||
      Boolean(project.pyproject?.project?.scripts?.[c.name]),
  );
  const writable = [facts.workdir ?? '/app', ...facts.ownedFolders];
  for (const c of rest) facts.usedTools.add(baseName(c));
  if (installDeps.length > 0 && rest.every((c) => isPlaywrightInstallDeps(c) || baseName(c) === 'rm')) {
    facts.steps.push({
      command: installDeps.map((c) => commandWords(c).map(quote).join(' ')).join(' && '),
      kind: 'system',
      needsSource: false,
      line,
    });
    context.ledger('rewritten', 'system libraries installed as root before USER');
  } else if (check && rebuildable(check, { ignoreRedirects: true }) && !needsRoot(check, writable)) {
    facts.steps.push(stepFromCommands(project, check, line, 'check', context.sawSource));
    context.ledger('rewritten', 'import check that fails the build again');
  } else if (setupLike && rebuildable(rest) && !needsRoot(rest, writable)) {
    facts.steps.push(
      ...systemDepsFirst(rest, line),
      stepFromCommands(project, rest, line, 'setup', context.sawSource),
    );
    context.ledger('rewritten', 'setup step run as the app user with the venv’s tools');
  } else if (rebuildable(commands) && absorbed.length > 0) {
    // The other commands of a step that also installed: kept in its role, without the install.
    const asRoot = !context.userSwitched && needsRoot(rest, writable);
    const step: KeptStep = {
      text: rest.map((c) => [quote(c.name), ...c.args.map((a) => a.text)].join(' ')).join(' && '),
      line,
      reason: 'optimize does not know what this step does',
      asRoot,
      needsSource: context.sawSource,
      dir: context.currentDir,
    };
    facts.review.push(step);
    context.ledger('rewritten', `install moved to the builder; the rest kept${asRoot ? ' as root' : ''}`);
  } else {
    keep(
      setupLike
        ? 'a step with pipes, redirections or nested commands'
        : 'optimize does not know what this step does',
      !context.userSwitched && needsRoot(rest, writable),
    );
  }
}

/**
 * The step's text as written without some of its commands, each taken out with the `&&` that
 * joins it to a neighbour; null when one of them is nested, piped, or not joined by `&&`.
 */
function textWithout(
  dockerfile: Dockerfile,
  instruction: Instruction,
  commands: ShellCommand[],
  removed: ShellCommand[],
): string | null {
  const start = instruction.keywordRange.end.offset;
  let text = dockerfile.text.slice(start, instruction.range.end.offset);
  const sorted = [...removed].sort((a, b) => b.range.start.offset - a.range.start.offset);
  for (const c of sorted) {
    if (c.depth > 0 || commands.filter((o) => o.pipeline === c.pipeline).length > 1) return null;
    const from = c.range.start.offset - start;
    const to = c.range.end.offset - start;
    const after = /^(?:[ \t]|\\\r?\n)*&&(?:[ \t]|\\\r?\n)*/.exec(text.slice(to));
    if (after) {
      text = text.slice(0, from) + text.slice(to + after[0].length);
      continue;
    }
    const before = /(?:[ \t]|\\\r?\n)*&&(?:[ \t]|\\\r?\n)*$/.exec(text.slice(0, from));
    if (!before) return null;
    text = text.slice(0, from - before[0].length) + text.slice(to);
  }
  return text.replace(/^[ \t]+/, '');
}

function absolutePath(path: string, dir: string): string {
  const joined = path.startsWith('/') ? path : `${dir.replace(/\/$/, '')}/${path}`;
  return joined
    .replace(/\/\.(?=\/|$)/g, '')
    .replace(/\/+/g, '/')
    .replace(/(.)\/$/, '$1');
}

/** Whether a path is (inside, or holds) one of the paths another stage copies. */
function reaches(path: string, copied: readonly string[]): boolean {
  return copied.some((c) => path === c || path.startsWith(`${c}/`) || c.startsWith(`${path}/`));
}

/**
 * Where an install of a builder stage ends up: in the image (its venv, prefix or site-packages is
 * copied), as wheels a later install takes, or nowhere but the builder (a lint tool).
 */
function installFate(request: InstallRequest, context: RunContext): 'shipped' | 'wheels' | 'builder-only' {
  if (context.inChain) return 'shipped';
  if (request.wheelDir) return 'wheels';
  const destination = request.destination;
  if (destination.path && destination.kind !== 'default') {
    const folder =
      destination.kind === 'python' ? destination.path.replace(/\/bin\/python[\d.]*$/, '') : destination.path;
    return reaches(absolutePath(folder, context.currentDir), context.copied) ? 'shipped' : 'builder-only';
  }
  if (destination.kind === 'user')
    return reaches('/root/.local', context.copied) ? 'shipped' : 'builder-only';
  if (context.venvs.some((venv) => reaches(venv, context.copied))) return 'shipped';
  if (installsFromLock(request)) return 'shipped';
  return reaches('/usr/local', context.copied) || context.copied.some((c) => /site-packages/.test(c))
    ? 'shipped'
    : 'builder-only';
}

/** A path the recipe's venv replaces: a venv, a --prefix/--target folder, site-packages, wheels, a manifest. */
function isEnvironmentPath(path: string, facts: OriginalFacts): boolean {
  const name = path.split('/').pop() ?? '';
  return (
    reaches(path, facts.environments) ||
    // uv, Poetry, PDM and Pipenv make their in-project venv without a command to see.
    /(^|\/)\.?venv(\/|$)/.test(path) ||
    reaches(path, Object.keys(facts.wheelBuilds)) ||
    /site-packages|dist-packages|^\/root\/\.local|^\/usr\/local(\/|$)/.test(path) ||
    isDependencyManifest(name)
  );
}

/** `pip install /wheels/*` of wheels a builder made with `pip wheel -w …`: the install that built them. */
function consumeWheels(request: InstallRequest, facts: OriginalFacts): InstallRequest {
  const fromWheels = request.localPaths.flatMap((local) => {
    const folder = local.replace(/\/\*(\.whl)?$/, '').replace(/\/[^/]*\.whl$/, '');
    const source = facts.copiedPaths[folder];
    const built = source ? facts.wheelBuilds[source] : undefined;
    return built ? [{ local, built }] : [];
  });
  const links = request.passThrough.flatMap((option) => {
    const folder = /^(?:-f|--find-links)=(.*)$/.exec(option)?.[1];
    const source = folder ? facts.copiedPaths[folder.replace(/\/$/, '')] : undefined;
    return source && facts.wheelBuilds[source] ? [option] : [];
  });
  if (fromWheels.length === 0 && links.length === 0) return request;
  const built =
    fromWheels[0]?.built ??
    facts.wheelBuilds[facts.copiedPaths[/=(.*)$/.exec(links[0]!)![1]!.replace(/\/$/, '')]!]!;
  const consumed = new Set(fromWheels.map((w) => w.local));
  return {
    ...request,
    requirementFiles: [...request.requirementFiles, ...built.requirementFiles],
    constraintFiles: [...request.constraintFiles, ...built.constraintFiles],
    packages: [...request.packages, ...built.packages],
    localPaths: request.localPaths.filter((l) => !consumed.has(l)),
    passThrough: [
      ...request.passThrough.filter((o) => !links.includes(o) && o !== '--no-index'),
      // `pip wheel --no-deps` builds only the named packages; the install of the wheels then resolves the rest.
      ...built.passThrough.filter((o) => !request.passThrough.includes(o) && o !== '--no-deps'),
    ],
  };
}

/** `pip install /app` from inside /app is the project itself. */
function ownProject(request: InstallRequest, dir: string): InstallRequest {
  const own = request.localPaths.filter(
    (l) => l.startsWith('/') && absolutePath(l, '/') === absolutePath(dir, '/'),
  );
  if (own.length === 0) return request;
  return {
    ...request,
    installsProject: true,
    localPaths: request.localPaths.map((l) => (own.includes(l) ? '.' : l)),
  };
}

const DESTINATION_OPTIONS = /^(--target|-t|--prefix|--root|--python|-p)$/;

/** `pip install --prefer-binary --target=/deps x` → `--prefer-binary x`: the words after `install`, as written, minus where they went. */
function argsAfterInstall(c: ShellCommand): string[] {
  const words = c.args;
  const at = words.findIndex((w) => w.value === 'install');
  const out: string[] = [];
  for (let i = at + 1; i < words.length; i++) {
    const value = words[i]!.value;
    if (DESTINATION_OPTIONS.test(value)) {
      i++;
      continue;
    }
    if (/^(--target|--prefix|--root|--python)=/.test(value) || value === '--user' || value === '--system')
      continue;
    out.push(words[i]!.text);
  }
  return out;
}

/**
 * A RUN whose installs the shell may skip, as written but with each install as a slot the
 * recipe fills with its own command into the venv; null when the RUN does other work too.
 */
function conditionalInstall(
  dockerfile: Dockerfile,
  instruction: Instruction,
  commands: ShellCommand[],
  installs: OriginalInstall[],
  optional: number[],
  context: RunContext,
): OriginalFacts['conditionalInstalls'][number] | null {
  if (optional.length !== installs.length) return null;
  if (
    installs.some(
      (i) => !['pip', 'uv-pip'].includes(i.request.installer) || i.request.requirementFiles.length > 0,
    )
  )
    return null;
  const all = writtenCommands(instruction.shell?.commands ?? []);
  const others = all.filter((c) => !commands.includes(c));
  if (!others.every((c) => NEUTRAL.has(baseName(c)))) return null;
  const from = instruction.keywordRange.end.offset;
  const parts: Array<string | number> = [];
  let at = from;
  commands.forEach((c, i) => {
    parts.push(dockerfile.text.slice(at, c.range.start.offset), i);
    at = c.range.end.offset;
  });
  parts.push(dockerfile.text.slice(at, instruction.range.end.offset));
  if (typeof parts[0] === 'string') parts[0] = parts[0].replace(/^[ \t]+/, '');
  return {
    line: instruction.range.start.line,
    dir: context.currentDir,
    parts,
    slots: commands.map((c, i) => ({ request: installs[i]!.request, args: argsAfterInstall(c) })),
  };
}

/**
 * `if [ "$ENVIRONMENT" = "production" ]; then …; else …; fi` (or a test for development, or
 * `!=`): which branch is the production install, and where `else` starts; null when the RUN is
 * not such a switch or its condition names neither.
 */
function productionBranch(text: string): { elseAt: number; production: 'then' | 'else' } | null {
  const test = /\$\{?(?:ENVIRONMENT|ENV|APP_ENV|BUILD_ENV)\}?"?\s*(!?=+)\s*["']?([A-Za-z]+)/.exec(text);
  const elseAt = /;\s*else\b/.exec(text)?.index;
  if (!test || elseAt === undefined) return null;
  const [, operator, value] = test;
  const names = /^prod/i.test(value!)
    ? 'production'
    : /^dev|^test|^local/i.test(value!)
      ? 'development'
      : null;
  if (!names) return null;
  const thenIsProduction = (names === 'production') === !operator!.startsWith('!');
  return { elseAt, production: thenIsProduction ? 'then' : 'else' };
}

/** Splits `playwright install --with-deps X` into its root part and the app user's part. */
function systemDepsFirst(commands: ShellCommand[], line: number): AppStep[] {
  const system: string[] = [];
  for (const c of commands) {
    const split = playwrightWithDeps(withoutRunner(commandWords(c)));
    if (split)
      system.push(
        [...split.prefix, 'install-deps', ...split.rest.filter((a) => !a.startsWith('-'))]
          .map(quote)
          .join(' '),
      );
  }
  return system.length > 0
    ? [{ command: system.join(' && '), kind: 'system', needsSource: false, line }]
    : [];
}

function stepFromCommands(
  project: Project,
  commands: ShellCommand[],
  line: number,
  kind: AppStep['kind'],
  afterSource: boolean,
): AppStep {
  const parts = commands.map((c) => {
    const all = commandWords(c);
    const words = withoutRunner(all);
    const split = playwrightWithDeps(words);
    const argv = split ? [...split.prefix, 'install', ...split.rest] : words;
    const resolved = projectScriptCommand(project, argv, false);
    // Words kept from the original keep their quoting as written (a glob stays a glob).
    const written = [quote(c.name), ...c.args.map((a) => a.text)].slice(all.length - words.length);
    const asWritten = !split && resolved === argv ? written : resolved.map(quote);
    return {
      text: asWritten.join(' '),
      // Playwright downloads browsers: nothing of the project's is read.
      source: playwrightSubcommand(argv) < 0 && (afterSource || kind === 'check'),
    };
  });
  return {
    command: parts.map((p) => p.text).join(' && '),
    kind,
    needsSource: parts.some((p) => p.source),
    line,
  };
}
