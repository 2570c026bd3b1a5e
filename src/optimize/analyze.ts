import type { Dockerfile, Instruction, ShellCommand } from '../dockerfile/model.js';
import { argValues, baseName } from '../dockerfile/queries.js';
import type { Project } from '../project/types.js';
import { aptPackages, isAptInstall, isPythonDependencyInstall, positionals } from '../rules/lib/commands.js';
import type { AppStep, ReviewStep, SourceCopy } from './types.js';

/** What the original Dockerfile does, sorted into the parts optimize rebuilds. */
export interface OriginalFacts {
  baseImage: string | null;
  aptPackages: string[];
  installsDockerCli: boolean;
  steps: AppStep[];
  review: ReviewStep[];
  sourceCopies: SourceCopy[];
  /** Names used by kept steps (so their packages stay). */
  usedTools: Set<string>;
  env: string[];
  labels: string[];
  expose: string[];
  volumes: string[];
  workdir: string | null;
  userName: string | null;
  stopSignal: string | null;
  entrypoint: Instruction | null;
  cmd: Instruction | null;
  healthcheck: Instruction | null;
  /** Extras and groups the original installed (`--extra x`, `--group y`, `--all-extras`). */
  installedExtras: string[] | 'all';
  installedGroups: string[] | 'all';
  droppedSteps: Array<{ line: number; text: string; why: string }>;
}

const DEPENDENCY_MANIFESTS =
  /^(pyproject\.toml|uv\.lock|poetry\.lock|pdm\.lock|Pipfile(\.lock)?|requirements[^/]*\.txt|setup\.(py|cfg)|\.python-version)$/;
const NEVER_SHIPPED = /^(tests?|docs?|\.git|\.github|\.venv|venv)\/?$/;
const APT_PLUMBING = new Set([
  'apt-get',
  'apt',
  'rm',
  'apt-key',
  'gpg',
  'tee',
  'lsb_release',
  'dpkg',
  'echo',
  'curl',
  'wget',
  'mkdir',
  'install',
  'chmod',
]);
const TOOL_INSTALLS = /^(uv|poetry|pipenv|pdm|pip|setuptools|wheel|virtualenv)([<>=!~].*)?$/;

function shellText(instruction: Instruction): string {
  return instruction.argsText ?? '';
}

function isAptRun(commands: ShellCommand[]): boolean {
  return (
    commands.some((c) => ['apt-get', 'apt'].includes(baseName(c))) &&
    commands.every((c) => APT_PLUMBING.has(baseName(c)) || c.depth > 0)
  );
}

/** `pip install uv` / `pip install poetry==2.1` — installing the package manager itself. */
function isToolInstall(command: ShellCommand): boolean {
  if (!['pip', 'pip3', 'pipx'].includes(baseName(command)) && !/^python/.test(baseName(command)))
    return false;
  const pos = positionals(command);
  const installIndex = pos.indexOf('install');
  const packages = pos.slice(installIndex + 1).filter((p) => p !== 'pip' && p !== '-m');
  return installIndex >= 0 && packages.length > 0 && packages.every((p) => TOOL_INSTALLS.test(p));
}

/** `uv run X`, `poetry run X`, `pipenv run X`, `pdm run X` → `X` (the venv is on PATH). */
export function withoutRunner(words: string[]): string[] {
  const [tool, sub] = words;
  if (tool && ['uv', 'poetry', 'pipenv', 'pdm'].includes(tool) && sub === 'run') {
    const rest = words.slice(2);
    while (rest[0]?.startsWith('-')) rest.shift();
    return rest;
  }
  return words;
}

function quote(word: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  if (!word.includes("'")) return `'${word}'`;
  if (!/["$`\\!]/.test(word)) return `"${word}"`;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** Project console scripts run through `python -c`, so the project need not be installed into the venv. */
function projectScriptCommand(project: Project, argv: string[]): string[] {
  const scripts = project.pyproject?.project?.scripts ?? project.pyproject?.poetry?.scripts ?? {};
  const target = argv[0] ? scripts[argv[0]] : undefined;
  if (!target) return argv;
  const [module, attr] = target.split(':');
  const call = attr
    ? `import sys; from ${module} import ${attr.split('.')[0]}; sys.exit(${attr}())`
    : `import runpy; runpy.run_module('${module}', run_name='__main__')`;
  return ['python', '-c', call, ...argv.slice(1)];
}

function readsSource(project: Project, argv: string[], copies: SourceCopy[]): boolean {
  const scripts = project.pyproject?.project?.scripts ?? {};
  if (argv[0] && scripts[argv[0]]) return true;
  // Playwright downloads browsers: nothing of the project's is read.
  if (playwrightSubcommand(argv) > 0) return false;
  const joined = argv.join(' ');
  const sourceRoots = copies.flatMap((c) => c.sources.map((s) => s.replace(/\/$/, '').replace(/^\.\//, '')));
  return sourceRoots.some(
    (root) => root === '.' || (root !== '' && joined.includes(root.replace(/\/.*$/, ''))),
  );
}

/** Separates `cmd || echo …` / `cmd || true` so a check can fail again. */
function swallowedCheck(commands: ShellCommand[]): ShellCommand[] | null {
  const swallowIndex = commands.findIndex(
    (c, i) => i > 0 && c.operatorBefore === '||' && ['echo', 'true', ':', 'printf'].includes(baseName(c)),
  );
  return swallowIndex > 0 ? commands.slice(0, swallowIndex) : null;
}

function commandWords(c: ShellCommand): string[] {
  return [c.name, ...argValues(c)];
}

/** Where Playwright's subcommand sits in `playwright X …` / `python -m playwright X …`; -1 when it is not Playwright. */
function playwrightSubcommand(argv: string[]): number {
  if (argv[0] === 'playwright') return 1;
  return /^python/.test(argv[0] ?? '') && argv[1] === '-m' && argv[2] === 'playwright' ? 3 : -1;
}

/** `playwright install --with-deps chromium` (or `python -m playwright …`): the browsers need apt too. */
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

/**
 * Splits `playwright install --with-deps X` into its root part (`playwright install-deps X`,
 * which runs apt) and the user's part (`playwright install X`), since the shipped stage runs
 * setup steps as the app user.
 */
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
  copies: SourceCopy[],
  line: number,
  kind: AppStep['kind'],
): AppStep {
  const parts = commands.map((c) => {
    const words = withoutRunner(commandWords(c));
    const split = playwrightWithDeps(words);
    const argv = split ? [...split.prefix, 'install', ...split.rest] : words;
    const resolved = projectScriptCommand(project, argv);
    return {
      text: resolved.map(quote).join(' '),
      source: readsSource(project, argv, copies) || kind === 'check',
    };
  });
  return {
    command: parts.map((p) => p.text).join(' && '),
    kind,
    needsSource: parts.some((p) => p.source),
    line,
  };
}

/** `python -m venv /app/.venv` / `virtualenv` — the recipe creates its own venv. */
function isVenvCreation(command: ShellCommand): boolean {
  const values = command.args.map((a) => a.value);
  return (
    (/^python/.test(baseName(command)) && values[0] === '-m' && values[1] === 'venv') ||
    baseName(command) === 'virtualenv'
  );
}

function isHealthcheckScript(instruction: Instruction): boolean {
  return (
    /healthcheck\.sh|health\.sh/.test(shellText(instruction)) && /curl|wget/.test(shellText(instruction))
  );
}

function isUserSetup(commands: ShellCommand[]): boolean {
  return (
    commands.length > 0 &&
    commands.every((c) =>
      ['useradd', 'groupadd', 'adduser', 'addgroup', 'chown', 'mkdir'].includes(baseName(c)),
    )
  );
}

function flagValues(command: ShellCommand, flag: string): string[] {
  const values: string[] = [];
  command.args.forEach((a, i) => {
    if (a.value === flag) values.push(command.args[i + 1]?.value ?? '');
    else if (a.value.startsWith(`${flag}=`)) values.push(a.value.slice(flag.length + 1));
  });
  return values;
}

/** An exec-form RUN (`RUN ["python", "-c", "…"]`, as the distroless variant writes) as one command. */
function execFormCommands(instruction: Instruction): ShellCommand[] {
  const [name, ...args] = instruction.args;
  if (instruction.form !== 'json' || !name || !instruction.argsRange) return [];
  if (/^(\/bin\/|\/usr\/bin\/)?(sh|bash|dash)$/.test(name.value)) return [];
  return [
    {
      name: name.value,
      nameRange: name.range,
      args,
      assignments: [],
      range: instruction.argsRange,
      text: instruction.argsText ?? '',
      operatorBefore: null,
      depth: 0,
      pipeline: 0,
      redirected: false,
    },
  ];
}

/**
 * Whether a step can be rebuilt from its commands' words: top-level commands joined by `&&`
 * only. Pipes, `;`, `||`, nested commands and redirections would be lost, so such steps are
 * kept as written instead.
 */
function rebuildable(commands: ShellCommand[], options: { ignoreRedirects?: boolean } = {}): boolean {
  return commands.every(
    (c, i) =>
      c.depth === 0 &&
      (options.ignoreRedirects || !c.redirected) &&
      (i === 0 || c.operatorBefore === '&&') &&
      c.pipeline !== commands[i - 1]?.pipeline,
  );
}

/** The step's text for a verbatim copy; an exec-form RUN as the shell words it runs. */
function reviewText(instruction: Instruction): string {
  if (instruction.form === 'json') return instruction.args.map((a) => quote(a.value)).join(' ');
  return shellText(instruction);
}

/** What optimize knows when there is no Dockerfile to read. */
export function emptyFacts(): OriginalFacts {
  return {
    baseImage: null,
    aptPackages: [],
    installsDockerCli: false,
    steps: [],
    review: [],
    sourceCopies: [],
    usedTools: new Set(),
    env: [],
    labels: [],
    expose: [],
    volumes: [],
    workdir: null,
    userName: null,
    stopSignal: null,
    entrypoint: null,
    cmd: null,
    healthcheck: null,
    installedExtras: [],
    installedGroups: [],
    droppedSteps: [],
  };
}

export function analyzeOriginal(project: Project, dockerfile: Dockerfile): OriginalFacts {
  const shipped = dockerfile.stages[dockerfile.stages.length - 1];
  const facts = emptyFacts();
  // The first stage that is a python image names the Python the user builds with.
  const pythonStage = dockerfile.stages.find((s) => /(^|\/)python:/.test(s.resolvedBaseImage)) ?? shipped;
  facts.baseImage = pythonStage?.resolvedBaseImage ?? null;

  for (const stage of dockerfile.stages) {
    const isShipped = stage === shipped;
    for (const instruction of stage.instructions) {
      const line = instruction.range.start.line;
      switch (instruction.keyword) {
        case 'RUN': {
          const commands = instruction.shell?.commands ?? execFormCommands(instruction);
          let sawSync = false;
          for (const c of commands) {
            if (isAptInstall(c)) {
              for (const { name } of aptPackages(c)) {
                if (!facts.aptPackages.includes(name)) facts.aptPackages.push(name);
                if (/^docker/.test(name)) facts.installsDockerCli = true;
              }
            }
            // With a production/development switch, the first sync is the production one.
            if (c.name === 'uv' && positionals(c)[0] === 'sync' && !sawSync) {
              sawSync = true;
              if (c.args.some((a) => a.value === '--all-extras')) facts.installedExtras = 'all';
              else if (facts.installedExtras !== 'all')
                facts.installedExtras.push(...flagValues(c, '--extra'));
              if (c.args.some((a) => a.value === '--all-groups')) facts.installedGroups = 'all';
              else if (facts.installedGroups !== 'all')
                facts.installedGroups.push(...flagValues(c, '--group'));
            }
          }
          if (commands.length === 0) {
            facts.review.push({
              text: reviewText(instruction),
              line,
              reason: 'a RUN whose shell could not be read',
            });
          } else if (isAptRun(commands)) {
            facts.droppedSteps.push({
              line,
              text: 'apt install',
              why: 'system packages are installed once per stage, split between builder and runtime',
            });
          } else if (commands.every((c) => isToolInstall(c) || isVenvCreation(c) || c.depth > 0)) {
            facts.droppedSteps.push({
              line,
              text: shellText(instruction),
              why: 'the package manager comes from its own image or stays in the builder',
            });
          } else if (
            commands.some(isPythonDependencyInstall) &&
            commands.every(
              (c) =>
                isPythonDependencyInstall(c) ||
                isToolInstall(c) ||
                isVenvCreation(c) ||
                ['cd', 'rm', 'mkdir'].includes(baseName(c)),
            )
          ) {
            facts.droppedSteps.push({
              line,
              text: shellText(instruction),
              why: 'dependencies are installed by the builder recipe',
            });
          } else if (isHealthcheckScript(instruction)) {
            facts.droppedSteps.push({
              line,
              text: shellText(instruction),
              why: 'replaced by a HEALTHCHECK that probes with Python',
            });
          } else if (isUserSetup(commands)) {
            facts.droppedSteps.push({
              line,
              text: shellText(instruction),
              why: 'the non-root user is created by optimize',
            });
          } else {
            const check = swallowedCheck(commands);
            const installDeps = commands.filter(isPlaywrightInstallDeps);
            const setupLike = commands.every(
              (c) =>
                ['uv', 'poetry', 'pipenv', 'pdm', 'python', 'python3', 'playwright'].includes(baseName(c)) ||
                Boolean(project.pyproject?.project?.scripts?.[c.name]),
            );
            if (
              installDeps.length > 0 &&
              commands.every((c) => isPlaywrightInstallDeps(c) || baseName(c) === 'rm')
            ) {
              // What optimize writes for `--with-deps` (and people write by hand): read back as such.
              facts.steps.push({
                command: installDeps.map((c) => commandWords(c).map(quote).join(' ')).join(' && '),
                kind: 'system',
                needsSource: false,
                line,
              });
            } else if (check && rebuildable(check, { ignoreRedirects: true })) {
              // A check only needs its exit status, so a redirection of its output may go.
              facts.steps.push(stepFromCommands(project, check, facts.sourceCopies, line, 'check'));
            } else if (setupLike && rebuildable(commands)) {
              facts.steps.push(
                ...systemDepsFirst(commands, line),
                stepFromCommands(project, commands, facts.sourceCopies, line, 'setup'),
              );
            } else {
              facts.review.push({
                text: reviewText(instruction),
                line,
                reason: setupLike
                  ? 'a step with pipes, redirections or nested commands, which optimize does not rebuild'
                  : 'optimize does not know what this step does',
              });
            }
            for (const c of commands) facts.usedTools.add(baseName(c));
          }
          break;
        }
        case 'COPY':
        case 'ADD': {
          const from = instruction.flags.find((f) => f.name === 'from')?.value;
          if (from) {
            if (/^docker(:[^/]*)?$/.test(from) || /(^|\/)docker:[^/]*cli/.test(from))
              facts.installsDockerCli = true;
            break;
          }
          const words = instruction.args.map((a) => a.value);
          const destination = words[words.length - 1] ?? '.';
          const sources = words
            .slice(0, -1)
            .filter(
              (s) =>
                !DEPENDENCY_MANIFESTS.test(s.replace(/^\.\//, '')) &&
                !NEVER_SHIPPED.test(s.replace(/^\.\//, '')),
            );
          if (sources.length > 0) facts.sourceCopies.push({ sources, destination });
          break;
        }
        case 'ENV':
          if (isShipped || stage.index === pythonStage?.index) {
            for (const a of instruction.assignments) {
              if (
                /^(PATH|PYTHONUNBUFFERED|PYTHONDONTWRITEBYTECODE|PIP_|UV_|POETRY_|PDM_|PIPENV_|VIRTUAL_ENV)/.test(
                  a.name,
                )
              )
                continue;
              const entry = `${a.name}=${JSON.stringify(a.value ?? '')}`;
              if (!facts.env.includes(entry)) facts.env.push(entry);
            }
          }
          break;
        case 'LABEL':
          if (isShipped) facts.labels.push(instruction.argsText ?? '');
          break;
        case 'EXPOSE':
          if (isShipped)
            for (const a of instruction.args) if (!facts.expose.includes(a.value)) facts.expose.push(a.value);
          break;
        case 'VOLUME':
          if (isShipped) facts.volumes.push(...instruction.args.map((a) => a.value));
          break;
        case 'WORKDIR':
          if (isShipped) facts.workdir = instruction.args[0]?.value ?? null;
          break;
        case 'USER':
          if (isShipped) facts.userName = instruction.args[0]?.value.split(':')[0] ?? null;
          break;
        case 'STOPSIGNAL':
          if (isShipped) facts.stopSignal = instruction.args[0]?.value ?? null;
          break;
        case 'CMD':
          if (isShipped) facts.cmd = instruction;
          break;
        case 'ENTRYPOINT':
          if (isShipped) facts.entrypoint = instruction;
          break;
        case 'HEALTHCHECK':
          if (isShipped) facts.healthcheck = instruction;
          break;
        default:
          break;
      }
    }
  }
  return facts;
}
