import type { Dockerfile, Instruction, ShellCommand, Word } from '../../dockerfile/model.js';
import { lastSegment } from '../../dockerfile/queries.js';
import { readOnce } from '../../dockerfile/read-once.js';
import { RUNNERS } from '../../project/managers.js';
import { shippedLineage } from './stages.js';

/**
 * How the image starts: CMD/ENTRYPOINT read as word lists that keep their places in the
 * Dockerfile, and the server program they launch once wrappers are looked through.
 */

/** One command a CMD/ENTRYPOINT runs, as words with ranges (the name first). */
export type CommandWords = Word[];

export type ServerName =
  | 'uvicorn'
  | 'gunicorn'
  | 'hypercorn'
  | 'granian'
  | 'daphne'
  | 'fastapi'
  | 'flask'
  | 'django'
  | 'waitress'
  | 'uwsgi';

export interface ServerLaunch {
  program: ServerName;
  /** The word naming the program (`uvicorn`, `manage.py`…). */
  programWord: Word;
  /** Arguments after the program. */
  args: Word[];
}

// A Map, not an object: looked up with words from the file, which an object would have to
// internalize first (and `constructor` would find Object.prototype's).
const SERVERS = new Map<string, ServerName>(
  Object.entries({
    uvicorn: 'uvicorn',
    gunicorn: 'gunicorn',
    hypercorn: 'hypercorn',
    granian: 'granian',
    daphne: 'daphne',
    fastapi: 'fastapi',
    flask: 'flask',
    'django-admin': 'django',
    'waitress-serve': 'waitress',
    waitress: 'waitress',
    uwsgi: 'uwsgi',
  }),
);

const PYTHON = /^python(\d(\.\d+)?)?$/;

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
 * Looks through `exec`, init wrappers, `gosu user`, runner prefixes (`uv run --frozen`) and
 * `python -m`, and names the server a command starts, or null when it starts none we know.
 */
export function serverLaunch(words: CommandWords): ServerLaunch | null {
  let rest = [...words];
  const skipWhile = (test: (w: Word) => boolean) => {
    while (rest[0] && test(rest[0])) rest.shift();
  };
  for (let guard = 0; guard < 6 && rest.length > 0; guard++) {
    const name = lastSegment(rest[0]!.value);
    if (['exec', 'tini', 'dumb-init', '--', 'nice'].includes(name)) {
      rest.shift();
      skipWhile((w) => w.value.startsWith('-'));
      continue;
    }
    if (name === 'gosu' || name === 'su-exec') {
      rest = rest.slice(2);
      continue;
    }
    if (RUNNERS.includes(name) && rest[1]?.value === 'run') {
      rest = rest.slice(2);
      skipWhile((w) => w.value.startsWith('-'));
      continue;
    }
    break;
  }
  const first = rest[0];
  if (!first) return null;
  const name = lastSegment(first.value);
  if (PYTHON.test(name)) {
    const second = rest[1];
    if (second?.value === '-m' && rest[2]) {
      const module = SERVERS.get(rest[2].value);
      return module ? { program: module, programWord: rest[2], args: rest.slice(3) } : null;
    }
    if (second?.value.endsWith('manage.py'))
      return { program: 'django', programWord: second, args: rest.slice(2) };
    return null;
  }
  if (name === 'manage.py') return { program: 'django', programWord: first, args: rest.slice(1) };
  const program = SERVERS.get(name);
  return program ? { program, programWord: first, args: rest.slice(1) } : null;
}

/** Servers whose options are read by argparse, which accepts any unambiguous prefix of a long option (`--conf` for `--config`). */
const ARGPARSE_SERVERS = new Set<ServerName>(['gunicorn', 'hypercorn', 'daphne']);

/**
 * The option of `flags` an argument word names, as the server's parser reads it: exactly, or
 * (argparse servers) an abbreviation of at least four letters that fits only one of them.
 */
export function optionNamed(program: ServerName, word: string, flags: readonly string[]): string | null {
  const name = word.split(/[=\s]/)[0]!;
  if (flags.includes(name)) return name;
  if (!ARGPARSE_SERVERS.has(program) || !/^--[a-z][a-z-]{3,}$/.test(name)) return null;
  const matches = flags.filter((flag) => flag.startsWith(name));
  return matches.length === 1 ? matches[0]! : null;
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
  for (const { words, instruction } of candidates) {
    const launch = serverLaunch(words);
    if (launch) return { launch, instruction };
  }
  return null;
}
