import type { Dockerfile, Instruction, Stage } from '../dockerfile/model.js';
import { scriptIndex, splitShellWords } from '../dockerfile/nested-shell.js';
import { baseName, isRootUser, stagesReachingShipped, writtenCommands } from '../dockerfile/queries.js';
import { runtimeEnvironmentAtEnd, scopeAt } from '../dockerfile/scope.js';
import { expandVariables } from '../dockerfile/variables.js';
import { isDevName } from '../project/dev-names.js';
import { requestedSets } from '../project/installs.js';
import { withoutRunner } from '../project/managers.js';
import { programIn, reloadOptionWords, serverProgram } from '../project/server/programs.js';
import type { Project } from '../project/types.js';
import type { OriginalFacts } from './analyze.js';
import { chainOf, OWNED_BY_OPTIMIZE, rootNeedingCommands } from './analyze.js';
import type { Plan } from './types.js';

/**
 * Checks optimize runs on its own output before it prints or writes anything: the rewritten
 * image must install the same runtime dependency sets, carry the same environment, ports,
 * command and health check (after variable expansion, except for changes it names), run
 * root-only steps before USER, give the app user the folders it writes to, and keep every
 * build target. Each problem is one sentence; any problem stops optimize.
 */
export interface ConservationProblem {
  check:
    | 'dependencies'
    | 'environment'
    | 'ports'
    | 'command'
    | 'healthcheck'
    | 'user'
    | 'folders'
    | 'targets';
  message: string;
}

function shippedChain(dockerfile: Dockerfile): Stage[] {
  const shipped = dockerfile.stages[dockerfile.stages.length - 1];
  return shipped ? chainOf(dockerfile, shipped) : [];
}

function lastInstruction(dockerfile: Dockerfile): Instruction | null {
  const stage = dockerfile.stages[dockerfile.stages.length - 1];
  return stage?.instructions[stage.instructions.length - 1] ?? null;
}

/** The ENV of the shipped stage at its end, through its FROM chain: what the running container sees. */
function runtimeEnvironment(dockerfile: Dockerfile): ReadonlyMap<string, string> {
  return runtimeEnvironmentAtEnd(dockerfile, dockerfile.stages.length - 1);
}

function buildScope(dockerfile: Dockerfile): Map<string, string> {
  const last = lastInstruction(dockerfile);
  return last ? scopeAt(dockerfile, last) : new Map();
}

function instructionsOf(dockerfile: Dockerfile, keyword: string): Instruction[] {
  return shippedChain(dockerfile).flatMap((s) => s.instructions.filter((i) => i.keyword === keyword));
}

function checkEnvironment(original: Dockerfile, output: Dockerfile, problems: ConservationProblem[]): void {
  const before = runtimeEnvironment(original);
  const after = runtimeEnvironment(output);
  for (const [name, value] of before) {
    if (OWNED_BY_OPTIMIZE.test(name)) continue;
    const now = after.get(name);
    if (now === undefined) problems.push({ check: 'environment', message: `ENV ${name} is missing` });
    else if (now !== value)
      problems.push({
        check: 'environment',
        message: `ENV ${name} is "${now}" instead of "${value}" (a build argument's default may be lost)`,
      });
  }
}

function checkPorts(original: Dockerfile, output: Dockerfile, problems: ConservationProblem[]): void {
  const expose = (d: Dockerfile) => {
    const scope = buildScope(d);
    return new Set(
      instructionsOf(d, 'EXPOSE').flatMap((i) =>
        i.args.map((a) => expandVariables(a.value, scope).replace(/\/tcp$/, '')),
      ),
    );
  };
  const before = expose(original);
  const after = expose(output);
  for (const port of before)
    if (!after.has(port)) problems.push({ check: 'ports', message: `port ${port} is no longer exposed` });
  for (const port of after)
    if (before.size > 0 && !before.has(port))
      problems.push({
        check: 'ports',
        message: `port ${port} is exposed but the original exposed ${[...before].join(', ')}`,
      });
}

/**
 * A command's text must read the same variables with the same values before and after: a shell
 * command or health check expands `$PORT` from the environment at run time.
 */
function checkExpansion(
  what: 'command' | 'healthcheck',
  text: string,
  original: Dockerfile,
  output: Dockerfile,
  problems: ConservationProblem[],
): void {
  if (!text.includes('$')) return;
  const before = expandVariables(text, runtimeEnvironment(original));
  const after = expandVariables(text, runtimeEnvironment(output));
  if (before !== after)
    problems.push({
      check: what,
      message: `the ${what === 'command' ? 'command' : 'health check'} runs as \`${after}\` instead of \`${before}\``,
    });
}

function checkCommand(
  plan: Plan,
  original: Dockerfile,
  output: Dockerfile,
  problems: ConservationProblem[],
): void {
  const argv = [...(plan.entrypoint ?? []), ...(plan.cmd ?? [])];
  checkExpansion('command', argv.join(' '), original, output, problems);
  // The same program with the same arguments, up to the changes optimize names.
  const before = originalArgv(original);
  if (before && argv.length > 0 && !before.some((w) => /^pdm$/.test(w))) {
    const expected = comparableCommand(before);
    const got = comparableCommand(argv);
    if (expected.join(' ') !== got.join(' '))
      problems.push({
        check: 'command',
        message: `the image runs \`${got.join(' ')}\` instead of \`${expected.join(' ')}\``,
      });
  }
  const had = instructionsOf(original, 'CMD').length + instructionsOf(original, 'ENTRYPOINT').length > 0;
  const has = instructionsOf(output, 'CMD').length + instructionsOf(output, 'ENTRYPOINT').length > 0;
  if (had && !has)
    problems.push({ check: 'command', message: 'the image has no CMD or ENTRYPOINT any more' });
}

function checkHealthcheck(
  plan: Plan,
  original: Dockerfile,
  output: Dockerfile,
  problems: ConservationProblem[],
): void {
  const before = instructionsOf(original, 'HEALTHCHECK').pop();
  if (!before) return;
  const after = instructionsOf(output, 'HEALTHCHECK').pop();
  if (!after) {
    problems.push({ check: 'healthcheck', message: 'the original HEALTHCHECK is gone' });
    return;
  }
  if (plan.healthcheck?.original != null)
    checkExpansion('healthcheck', plan.healthcheck.original, original, output, problems);
}

/** ENTRYPOINT + CMD of the original's shipped stage as Docker runs them (CMD is ignored behind a shell-form ENTRYPOINT). */
function originalArgv(dockerfile: Dockerfile): string[] | null {
  const entrypoint = instructionsOf(dockerfile, 'ENTRYPOINT').pop();
  const cmd = instructionsOf(dockerfile, 'CMD').pop();
  const argv = (i: Instruction) =>
    i.form === 'json' ? i.args.map((a) => a.value) : ['/bin/sh', '-c', i.argsText ?? ''];
  if (!entrypoint && !cmd) return null;
  if (entrypoint && entrypoint.form !== 'json') return argv(entrypoint);
  return [...(entrypoint ? argv(entrypoint) : []), ...(cmd ? argv(cmd) : [])];
}

/**
 * A command in words with what optimize changes on purpose taken out: the shell wrapper and
 * `exec`, runner prefixes (`uv run`), dev-server reload flags, and where a program lives (the
 * venv replaces the system Python and other environments).
 */
export function comparableCommand(argv: readonly string[]): string[] {
  let words = [...argv];
  const script = scriptIndex(words);
  if (script !== null) words = [...splitShellWords(words[script]!), ...words.slice(script + 1)];
  words = words.filter((w) => w !== 'exec');
  words = withoutRunner(words);
  const { program, at } = programIn(words);
  const server = program !== null && program !== 'python' ? serverProgram(program) : null;
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const reload = server && i > at ? reloadOptionWords(server, words, i) : 0;
    if (reload > 0) {
      i += reload - 1;
      continue;
    }
    out.push(i === 0 ? w.slice(w.lastIndexOf('/') + 1).replace(/^python[\d.]*$/, 'python') : w);
  }
  return out;
}

/** Root-only commands after the switch to the app user would fail the build. */
function checkUser(plan: Plan, output: Dockerfile, problems: ConservationProblem[]): void {
  const shipped = output.stages[output.stages.length - 1];
  if (!shipped) return;
  let asUser = false;
  for (const instruction of shipped.instructions) {
    if (instruction.keyword === 'USER')
      asUser = !isRootUser((instruction.args[0]?.value ?? '').split(':')[0]!);
    if (!asUser || instruction.keyword !== 'RUN') continue;
    const commands = rootNeedingCommands(writtenCommands(instruction.shell?.commands ?? []), [
      plan.workdir,
      ...plan.ownedFolders,
      `/home/${plan.user.name}`,
    ]);
    if (commands.length > 0)
      problems.push({
        check: 'user',
        message: `\`${commands.map(baseName).join(', ')}\` needs root but runs after USER ${plan.user.name}`,
      });
  }
}

/** Folders the app writes to (WORKDIR, data folders, paths named in ENV, volumes) belong to the app user. */
function checkFolders(
  plan: Plan,
  facts: OriginalFacts,
  output: Dockerfile,
  problems: ConservationProblem[],
): void {
  if (plan.variant === 'distroless') return;
  const owned = new Set<string>();
  for (const stage of [output.stages[output.stages.length - 1]]) {
    for (const instruction of stage?.instructions ?? []) {
      for (const c of writtenCommands(instruction.shell?.commands ?? [])) {
        const values = c.args.map((a) => a.value);
        if (baseName(c) === 'install' && values.includes('-d') && values.includes(plan.user.name))
          for (const v of values) if (v.startsWith('/')) owned.add(v);
      }
    }
  }
  const needed = [plan.workdir, ...facts.ownedFolders].filter((f) => f !== '/' && !f.startsWith(plan.venv));
  for (const folder of new Set(needed))
    if (!owned.has(folder))
      problems.push({
        check: 'folders',
        message: `${folder} is not owned by ${plan.user.name}, who writes there`,
      });
}

function checkTargets(original: Dockerfile, output: Dockerfile, problems: ConservationProblem[]): void {
  const reached = stagesReachingShipped(original);
  const names = new Set(output.stages.map((s) => s.name));
  for (const stage of original.stages)
    if (stage.name && !reached.has(stage.index) && !names.has(stage.name))
      problems.push({ check: 'targets', message: `build target "${stage.name}" is gone` });
}

/** Runtime dependency sets of the original (dev ones may go) that the recipe does not install. */
function checkDependencies(
  project: Project,
  plan: Plan,
  facts: OriginalFacts,
  problems: ConservationProblem[],
): void {
  const installed = new Set(plan.recipe.sets);
  const devFiles = new Set(project.requirements.filter((r) => r.dev).map((r) => r.path));
  const expandAll = (set: string): string[] => {
    if (set === 'extra:*')
      return Object.keys(project.pyproject?.project?.optionalDependencies ?? {}).map((e) => `extra:${e}`);
    if (set === 'group:*')
      return Object.keys(project.pyproject?.dependencyGroups ?? {}).map((g) => `group:${g}`);
    return [set];
  };
  const isDev = (set: string): boolean => {
    const [kind, name = ''] = set.split(/:(.*)/s);
    if (kind === 'extra' || kind === 'group') return isDevName(name);
    if (kind === 'requirements')
      return devFiles.has(name) || isDevName(name.replace(/^.*requirements[-_.]?|\.txt$/g, ''));
    return false;
  };
  const contextPath = (set: string): string => {
    if (!set.startsWith('requirements:')) return set;
    const named = set.slice('requirements:'.length);
    const copied = facts.manifestPaths[named] ?? facts.manifestPaths[`/${named}`];
    return `requirements:${copied ?? named}`;
  };
  for (const install of facts.installs.filter((i) => i.shipped)) {
    for (const set of requestedSets(install.request).flatMap(expandAll).map(contextPath)) {
      if (isDev(set) || installed.has(set)) continue;
      if (set === 'main' && (installed.has('main') || plan.recipe.manager === 'uv')) continue;
      problems.push({
        check: 'dependencies',
        message: `line ${install.line} installs ${set.replace(':', ' ')}, which the rewrite does not`,
      });
    }
  }
}

export function conservationProblems(
  project: Project,
  plan: Plan,
  facts: OriginalFacts,
  original: Dockerfile | null,
  output: Dockerfile,
): ConservationProblem[] {
  const problems: ConservationProblem[] = [];
  checkDependencies(project, plan, facts, problems);
  if (original && original.stages.length > 0) {
    checkEnvironment(original, output, problems);
    checkPorts(original, output, problems);
    checkCommand(plan, original, output, problems);
    checkHealthcheck(plan, original, output, problems);
    checkTargets(original, output, problems);
  }
  checkUser(plan, output, problems);
  checkFolders(plan, facts, output, problems);
  return problems;
}
