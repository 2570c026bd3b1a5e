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
export const launchCommands: (instruction: Instruction) => readonly CommandWords[] =
  readOnce(readLaunchCommands);

function readLaunchCommands(instruction: Instruction): CommandWords[] {
  if (instruction.form === 'json') {
    // `["sh", "-c", "gunicorn --config x app"]`: the model reads the script as the shell will.
    const script = instruction.execScript;
    if (script) return script.commands.filter((c) => c.depth === 0).map((c) => [commandWord(c), ...c.args]);
    return instruction.args.length > 0 ? [instruction.args] : [];
  }
  const commands = instruction.shell?.commands ?? [];
  return commands.filter((c) => c.depth === 0).map((c) => [commandWord(c), ...c.args]);
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
export function serverLaunch(words: CommandWords): ServerLaunch | null {
  const values = words.map((word) => word.value);
  const { program, at } = programIn(values);
  if (program === null || program === 'python') return null;
  return {
    program,
    programWord: words[at]!,
    args: words.slice(at + 1),
    environment: wrapperEnvironment(values, at),
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
  const candidates: Array<{ words: CommandWords; instruction: Instruction }> = [];
  if (entrypoint && cmd && entrypoint.form === 'json' && cmd.form === 'json') {
    candidates.push({ words: [...entrypoint.args, ...cmd.args], instruction: cmd });
  }
  for (const instruction of [cmd, entrypoint]) {
    if (!instruction) continue;
    for (const words of launchCommands(instruction)) candidates.push({ words, instruction });
  }
  let first: { launch: ServerLaunch; instruction: Instruction } | null = null;
  for (const { words, instruction } of candidates) {
    const launch = serverLaunch(words);
    if (!launch) continue;
    // `celery worker & exec gunicorn app`: the image serves with the one that answers HTTP.
    if (servesHttp(launch.program)) return { launch, instruction };
    first ??= { launch, instruction };
  }
  return first;
}
