import type { Dockerfile, Instruction, ShellCommand, Word } from '../../dockerfile/model.js';
import { wrapperEnvironment } from '../../dockerfile/nested-shell.js';
import { readOnce } from '../../dockerfile/read-once.js';
import { programIn, type ServerProgramName, servesHttp } from '../../project/server/programs.js';
import { shippedLineage } from './stages.js';

/**
 * How the image starts: CMD/ENTRYPOINT read as word lists that keep their places in the
 * Dockerfile, and the server program they launch once wrappers are looked through.
 */

/** One command a CMD/ENTRYPOINT runs, as words with ranges (the name first). */
export type CommandWords = Word[];

/**
 * One command a CMD/ENTRYPOINT runs: its words, and the variables written before it in shell
 * form (`PORT=9000 gunicorn app:app` hands gunicorn PORT as `env PORT=9000` would).
 */
export interface LaunchCommand {
  words: CommandWords;
  assignments: ReadonlyMap<string, string>;
}

const NO_ASSIGNMENTS: ReadonlyMap<string, string> = new Map();

function launchCommand(words: CommandWords, command?: ShellCommand): LaunchCommand {
  if (!command || command.assignments.length === 0) return { words, assignments: NO_ASSIGNMENTS };
  return { words, assignments: new Map(command.assignments.map((a) => [a.name, a.value ?? ''])) };
}

export interface ServerLaunch {
  program: ServerProgramName;
  /** The word naming the program (`uvicorn`, `manage.py`…). */
  programWord: Word;
  /** Arguments after the program. */
  args: Word[];
  /** Variables a wrapper in the command hands the program (`env PORT=9000 gunicorn`), beside the image's ENV. */
  environment: ReadonlyMap<string, string>;
}

export function commandWord(command: ShellCommand): Word {
  return { text: command.name, value: command.name, range: command.nameRange };
}

interface Launch {
  instructions: readonly Instruction[];
  entrypoint: Instruction | null;
  cmd: Instruction | null;
  server: { launch: ServerLaunch; instruction: Instruction } | null;
}

/** Top-level commands of a shell-form instruction, or the JSON array (with `sh -c "…"` split). */
export const launchCommands: (instruction: Instruction) => readonly LaunchCommand[] =
  readOnce(readLaunchCommands);

function readLaunchCommands(instruction: Instruction): LaunchCommand[] {
  // `["sh", "-c", "gunicorn --config x app"]`: the model reads the script as the shell will.
  const commands =
    instruction.form === 'json' ? instruction.execScript?.commands : instruction.shell?.commands;
  if (instruction.form === 'json' && !commands)
    return instruction.args.length > 0 ? [launchCommand(instruction.args)] : [];
  return (commands ?? [])
    .filter((c) => c.depth === 0)
    .map((c) => launchCommand([commandWord(c), ...c.args], c));
}

// Several runtime rules ask how the image starts: each answer is read once per parsed model.
const launchOf = readOnce((dockerfile: Dockerfile): Launch => {
  const instructions = shippedLineage(dockerfile).flatMap((stage) =>
    stage.instructions.filter((i) => i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT'),
  );
  const last = (keyword: string) => instructions.filter((i) => i.keyword === keyword).pop() ?? null;
  const entrypoint = last('ENTRYPOINT');
  const cmd = last('CMD');
  return { instructions, entrypoint, cmd, server: readDefaultServer(entrypoint, cmd) };
});

/** CMD and ENTRYPOINT instructions of the stages whose settings the image keeps. */
export function launchInstructions(dockerfile: Dockerfile): readonly Instruction[] {
  return launchOf(dockerfile).instructions;
}

/** The CMD and ENTRYPOINT that take effect (the last of each in the shipped lineage). */
export function effectiveLaunch(dockerfile: Dockerfile): {
  entrypoint: Instruction | null;
  cmd: Instruction | null;
} {
  const { entrypoint, cmd } = launchOf(dockerfile);
  return { entrypoint, cmd };
}

/**
 * The server program a command starts (`uv run gunicorn`, `exec python -m uvicorn`,
 * `./manage.py runserver`), as the server table reads it, or null when it starts none we know.
 */
export function serverLaunch({ words, assignments }: LaunchCommand): ServerLaunch | null {
  const values = words.map((word) => word.value);
  const { program, at } = programIn(values);
  if (program === null || program === 'python') return null;
  const handed = wrapperEnvironment(values, at);
  return {
    program,
    programWord: words[at]!,
    args: words.slice(at + 1),
    environment: assignments.size === 0 ? handed : new Map([...assignments, ...handed]),
  };
}

/** The server the image starts by default (ENTRYPOINT + CMD as Docker joins them), if any. */
export function defaultServer(
  dockerfile: Dockerfile,
): { launch: ServerLaunch; instruction: Instruction } | null {
  return launchOf(dockerfile).server;
}

function readDefaultServer(
  entrypoint: Instruction | null,
  cmd: Instruction | null,
): { launch: ServerLaunch; instruction: Instruction } | null {
  const candidates: Array<{ command: LaunchCommand; instruction: Instruction }> = [];
  if (entrypoint && cmd && entrypoint.form === 'json' && cmd.form === 'json') {
    candidates.push({ command: launchCommand([...entrypoint.args, ...cmd.args]), instruction: cmd });
  }
  for (const instruction of [cmd, entrypoint]) {
    if (!instruction) continue;
    for (const command of launchCommands(instruction)) candidates.push({ command, instruction });
  }
  let first: { launch: ServerLaunch; instruction: Instruction } | null = null;
  for (const { command, instruction } of candidates) {
    const launch = serverLaunch(command);
    if (!launch) continue;
    // `celery worker & exec gunicorn app`: the image serves with the one that answers HTTP.
    if (servesHttp(launch.program)) return { launch, instruction };
    first ??= { launch, instruction };
  }
  return first;
}
