import { commandAfterWrappers } from '../../dockerfile/nested-shell.js';
import { lastSegment } from '../../dockerfile/queries.js';
import { MANAGERS, type ManagerName } from '../managers.js';

/**
 * What shipshape knows about each program a container may serve with, in one place: the names
 * a command starts it by, whether it answers HTTP, and how it is told where to listen. Rules
 * (dev server, port and bind checks), optimize and bench ask this table and `programIn`;
 * adding a server means adding an entry here.
 */

export type ServerProgramName =
  | 'uvicorn'
  | 'gunicorn'
  | 'hypercorn'
  | 'granian'
  | 'daphne'
  | 'fastapi'
  | 'flask'
  | 'django'
  | 'waitress'
  | 'uwsgi'
  | 'celery'
  | 'flower';

/** How a server is told where to listen, and where it listens when told nothing. */
export interface Listening {
  /** The port it binds when nothing sets one; null when it listens only where told (uWSGI). */
  port: number | null;
  /** Told nothing, it binds 127.0.0.1, which nothing outside the container reaches. */
  loopbackByDefault: boolean;
  /** Options taking a host alone (`--host 0.0.0.0`; daphne's `-b`). */
  hostFlags: string[];
  /** Options taking a port alone (`--port 8000`). */
  portFlags: string[];
  /** Options taking `host:port` (`--bind 0.0.0.0:8000`), where `unix:…` or a path means a socket. */
  addressFlags: string[];
  /** Options that move listening elsewhere: a socket, a descriptor, a config file. */
  elsewhereFlags: string[];
  /** Variables that set the address (or a socket) in its place. */
  hostEnv: string[];
  /** Variables that set the port (or a socket) in its place. */
  portEnv: string[];
  /** Files it reads from its working folder that may set both. */
  configFiles: string[];
  /** The subcommand that serves (`flask run`, `manage.py runserver`); others start no server. */
  serveCommand: string | null;
}

export interface ServerProgramFacts {
  name: ServerProgramName;
  /** `http` answers requests on a port; `worker` (Celery) takes jobs from a broker and listens on nothing. */
  kind: 'http' | 'worker';
  /** Executables that start it (`waitress-serve`). */
  commands: string[];
  /** Modules `python -m` starts it with. */
  modules: string[];
  /** Its option parser takes an unambiguous prefix of a long option (`--conf` for `--config`): argparse, getopt. */
  abbreviates: boolean;
  /**
   * The options that make it watch the source and restart on changes (development only):
   * switches, and options that take a value (`--reload-dir src`, `--reload-dir=src`).
   */
  reload: { switches: readonly string[]; valued: readonly string[] } | null;
  listening: Listening | null;
}

const NO_LISTENING_FACTS = {
  hostFlags: [],
  portFlags: [],
  addressFlags: [],
  elsewhereFlags: [],
  hostEnv: [],
  portEnv: [],
  configFiles: [],
  serveCommand: null,
} satisfies Omit<Listening, 'port' | 'loopbackByDefault'>;

export const SERVER_PROGRAMS: readonly ServerProgramFacts[] = [
  {
    name: 'uvicorn',
    kind: 'http',
    commands: ['uvicorn'],
    modules: ['uvicorn'],
    abbreviates: false,
    reload: {
      switches: ['--reload'],
      valued: ['--reload-dir', '--reload-include', '--reload-exclude', '--reload-delay'],
    },
    listening: {
      ...NO_LISTENING_FACTS,
      port: 8000,
      loopbackByDefault: true,
      hostFlags: ['--host'],
      portFlags: ['--port'],
      elsewhereFlags: ['--uds', '--fd'],
      hostEnv: ['UVICORN_HOST', 'UVICORN_UDS', 'UVICORN_FD'],
      portEnv: ['UVICORN_PORT', 'UVICORN_UDS', 'UVICORN_FD'],
    },
  },
  {
    name: 'gunicorn',
    kind: 'http',
    commands: ['gunicorn'],
    modules: ['gunicorn'],
    abbreviates: true,
    reload: { switches: ['--reload'], valued: ['--reload-engine', '--reload-extra-file'] },
    listening: {
      ...NO_LISTENING_FACTS,
      port: 8000,
      loopbackByDefault: true,
      addressFlags: ['-b', '--bind'],
      elsewhereFlags: ['-c', '--config'],
      // With PORT set and no bind, gunicorn binds 0.0.0.0:$PORT.
      hostEnv: ['GUNICORN_CMD_ARGS', 'PORT'],
      portEnv: ['GUNICORN_CMD_ARGS', 'PORT'],
      configFiles: ['gunicorn.conf.py'],
    },
  },
  {
    name: 'hypercorn',
    kind: 'http',
    commands: ['hypercorn'],
    modules: ['hypercorn'],
    abbreviates: true,
    reload: { switches: ['--reload'], valued: [] },
    listening: {
      ...NO_LISTENING_FACTS,
      port: 8000,
      loopbackByDefault: true,
      addressFlags: ['-b', '--bind'],
      elsewhereFlags: ['-c', '--config'],
    },
  },
  {
    name: 'granian',
    kind: 'http',
    commands: ['granian'],
    modules: ['granian'],
    abbreviates: false,
    reload: {
      switches: ['--reload'],
      valued: [
        '--reload-paths',
        '--reload-ignore-dirs',
        '--reload-ignore-patterns',
        '--reload-ignore-paths',
        '--reload-tick',
      ],
    },
    listening: {
      ...NO_LISTENING_FACTS,
      port: 8000,
      loopbackByDefault: true,
      hostFlags: ['--host'],
      portFlags: ['--port'],
      elsewhereFlags: ['--uds'],
      hostEnv: ['GRANIAN_HOST', 'GRANIAN_UDS'],
      portEnv: ['GRANIAN_PORT', 'GRANIAN_UDS'],
    },
  },
  {
    name: 'daphne',
    kind: 'http',
    commands: ['daphne'],
    modules: ['daphne'],
    abbreviates: true,
    reload: null,
    listening: {
      ...NO_LISTENING_FACTS,
      port: 8000,
      loopbackByDefault: true,
      // daphne's `-b` is the host alone; the port has its own option.
      hostFlags: ['-b', '--bind'],
      portFlags: ['-p', '--port'],
      elsewhereFlags: ['-u', '--unix-socket', '-e', '--endpoint', '--fd'],
    },
  },
  {
    name: 'fastapi',
    kind: 'http',
    commands: ['fastapi'],
    modules: ['fastapi'],
    abbreviates: false,
    reload: { switches: ['--reload'], valued: [] },
    // `fastapi run` binds 0.0.0.0; `fastapi dev` binds 127.0.0.1 but is a dev server anyway (SS402).
    listening: {
      ...NO_LISTENING_FACTS,
      port: 8000,
      loopbackByDefault: false,
      hostFlags: ['--host'],
      portFlags: ['--port'],
    },
  },
  {
    name: 'flask',
    kind: 'http',
    commands: ['flask'],
    modules: ['flask'],
    abbreviates: false,
    reload: { switches: ['--reload'], valued: [] },
    listening: {
      ...NO_LISTENING_FACTS,
      port: 5000,
      loopbackByDefault: true,
      hostFlags: ['-h', '--host'],
      portFlags: ['-p', '--port'],
      hostEnv: ['FLASK_RUN_HOST'],
      portEnv: ['FLASK_RUN_PORT'],
      serveCommand: 'run',
    },
  },
  {
    name: 'django',
    kind: 'http',
    // `manage.py` is recognised by its file name (`./manage.py`, `python manage.py`).
    commands: ['django-admin', 'django-admin.py'],
    modules: ['django'],
    abbreviates: true,
    reload: null,
    // `runserver [addr:]port` takes where to listen as its operand, not as an option.
    listening: { ...NO_LISTENING_FACTS, port: 8000, loopbackByDefault: true, serveCommand: 'runserver' },
  },
  {
    name: 'waitress',
    kind: 'http',
    commands: ['waitress-serve'],
    modules: ['waitress'],
    // waitress-serve reads its options with getopt, which takes unique prefixes too.
    abbreviates: true,
    reload: null,
    listening: {
      ...NO_LISTENING_FACTS,
      port: 8080,
      loopbackByDefault: false,
      hostFlags: ['--host'],
      portFlags: ['--port'],
      addressFlags: ['--listen'],
      elsewhereFlags: ['--unix-socket'],
    },
  },
  {
    name: 'uwsgi',
    kind: 'http',
    commands: ['uwsgi'],
    modules: [],
    abbreviates: false,
    reload: null,
    // uWSGI listens only where its options (or an ini file) say; `--socket` speaks uwsgi to a proxy, not HTTP.
    listening: {
      ...NO_LISTENING_FACTS,
      port: null,
      loopbackByDefault: false,
      addressFlags: ['--http', '--http-socket'],
      elsewhereFlags: ['-s', '--socket', '--uwsgi-socket', '--ini', '--yaml', '--json', '--xml'],
    },
  },
  {
    name: 'celery',
    kind: 'worker',
    commands: ['celery'],
    modules: ['celery'],
    abbreviates: false,
    reload: null,
    listening: null,
  },
  {
    // Celery's web monitor, started as `flower` or as celery's `flower` subcommand.
    name: 'flower',
    kind: 'http',
    commands: ['flower'],
    modules: ['flower'],
    abbreviates: false,
    reload: null,
    listening: {
      ...NO_LISTENING_FACTS,
      port: 5555,
      // Its default address, '', is every interface.
      loopbackByDefault: false,
      hostFlags: ['--address'],
      portFlags: ['--port'],
      // Tornado's option parser takes `--unix_socket` and `--unix-socket` alike.
      elsewhereFlags: ['--unix_socket', '--unix-socket', '--conf'],
      hostEnv: ['FLOWER_ADDRESS', 'FLOWER_UNIX_SOCKET'],
      portEnv: ['FLOWER_PORT', 'FLOWER_UNIX_SOCKET'],
      configFiles: ['flowerconfig.py'],
    },
  },
];

// Maps, not objects: looked up with words from the file, and `CMD ["constructor"]` must not
// find Object.prototype's.
const BY_NAME = new Map(SERVER_PROGRAMS.map((program) => [program.name, program]));
const BY_COMMAND = new Map(SERVER_PROGRAMS.flatMap((program) => program.commands.map((c) => [c, program])));
const BY_MODULE = new Map(SERVER_PROGRAMS.flatMap((program) => program.modules.map((m) => [m, program])));

export function serverProgram(name: ServerProgramName): ServerProgramFacts {
  return BY_NAME.get(name)!;
}

/**
 * How many words of `args` from `at` are one reload option of `program`: 1 for `--reload` or
 * `--reload-dir=src`, 2 for `--reload-dir src`, 0 when `args[at]` is no reload option.
 */
export function reloadOptionWords(program: ServerProgramFacts, args: readonly string[], at: number): number {
  const reload = program.reload;
  const word = args[at];
  if (!reload || word === undefined || !word.startsWith('-')) return 0;
  if (reload.switches.includes(word)) return 1;
  const equals = word.indexOf('=');
  const name = equals < 0 ? word : word.slice(0, equals);
  if (!reload.valued.includes(name)) return 0;
  return equals < 0 && at + 1 < args.length ? 2 : 1;
}

/** A program that answers HTTP (not a worker, not the app's own Python, not one we do not know). */
export function servesHttp(name: string): boolean {
  return BY_NAME.get(name as ServerProgramName)?.kind === 'http';
}

/**
 * The option of `flags` an argument word names, as the server's parser reads it: exactly, or
 * (parsers that abbreviate) a prefix of at least four letters that fits only one of them.
 */
export function optionNamed(
  program: ServerProgramName,
  word: string,
  flags: readonly string[],
): string | null {
  const name = word.split(/[=\s]/)[0]!;
  if (flags.includes(name)) return name;
  if (!serverProgram(program).abbreviates || !/^--[a-z][a-z-]{3,}$/.test(name)) return null;
  const matches = flags.filter((flag) => flag.startsWith(name));
  return matches.length === 1 ? matches[0]! : null;
}

export type RunnerName = ManagerName;

export interface ProgramIn {
  /** The runner prefix that starts it (`uv run`), null when none. */
  runner: RunnerName | null;
  /** The server program; `python` for Python running the app's own code; null when it is neither. */
  program: ServerProgramName | 'python' | null;
  /** Index of the word naming it: the executable, `manage.py`, the module after `-m`, or `python`. */
  at: number;
}

const PYTHON = /^python(\d(\.\d+)?)?$/;
/** Interpreter options that take the next word as their value (`-X dev`, `-W ignore`). */
const PYTHON_OPTION_WITH_VALUE = /^-[XW]$/;

function runnerNamed(name: string): RunnerName | null {
  return MANAGERS.find((m) => m.runner && m.name === name)?.name ?? null;
}

/**
 * The program one command starts, looking through wrappers (`exec`, `tini --`, `gosu app`),
 * runner prefixes (`uv run --frozen`), interpreter options and `python -m`: what both the
 * rules (on the Dockerfile's words) and the project's server facts (on plain argv) read.
 */
export function programIn(words: readonly string[]): ProgramIn {
  let runner: RunnerName | null = null;
  let at = commandAfterWrappers(words);
  for (let guard = 0; guard < 6 && at < words.length; guard++) {
    const found = runnerNamed(lastSegment(words[at]!));
    if (!found || words[at + 1] !== 'run') break;
    runner = found;
    at += 2;
    // Runner options such as `uv run --no-dev --frozen` sit before the program.
    while (words[at]?.startsWith('-')) at++;
    at = commandAfterWrappers(words, at);
  }
  const first = words[at];
  if (first === undefined) return { runner, program: null, at };
  const name = lastSegment(first);
  if (name === 'manage.py') return { runner, program: 'django', at };
  if (PYTHON.test(name)) {
    let next = at + 1;
    // `python -u -m gunicorn`: interpreter options come before the module or script.
    while (/^-[^-mc]/.test(words[next] ?? '')) next += PYTHON_OPTION_WITH_VALUE.test(words[next]!) ? 2 : 1;
    if (words[next] === '-m' && words[next + 1] !== undefined) {
      // `python -m uvicorn …` runs uvicorn; `python -m app.main` runs the app's own code.
      const module = BY_MODULE.get(words[next + 1]!);
      if (module?.name === 'celery') return celerySubcommand(words, runner, next + 1);
      return module ? { runner, program: module.name, at: next + 1 } : { runner, program: 'python', at };
    }
    if (lastSegment(words[next] ?? '') === 'manage.py') return { runner, program: 'django', at: next };
    return { runner, program: 'python', at };
  }
  const program = BY_COMMAND.get(name)?.name ?? null;
  if (program === 'celery') return celerySubcommand(words, runner, at);
  return { runner, program, at };
}

/** Celery's global options that take the next word as their value (`-A proj`). */
const CELERY_OPTION_WITH_VALUE = new Set([
  '-A',
  '--app',
  '-b',
  '--broker',
  '--result-backend',
  '--loader',
  '--config',
  '--workdir',
]);

/** `celery -A proj flower` serves Flower's web UI; every other subcommand (worker, beat) is Celery's own. */
function celerySubcommand(words: readonly string[], runner: RunnerName | null, at: number): ProgramIn {
  let index = at + 1;
  while (words[index]?.startsWith('-')) index += CELERY_OPTION_WITH_VALUE.has(words[index]!) ? 2 : 1;
  return words[index] === 'flower'
    ? { runner, program: 'flower', at: index }
    : { runner, program: 'celery', at };
}

/** An argument that says where a server listens. */
export interface ListenArgument {
  /** `port`: a port alone; `address`: `host:port` or a socket; `operand`: runserver's `[addr:]port`. */
  kind: 'port' | 'address' | 'operand';
  /** Index of the argument holding the value (the option's own for `--port=8000`). */
  at: number;
  /** The value as written, before any variable is expanded. */
  value: string;
}

/**
 * Where a command line, read as `listening` describes the server, says its port or address, in
 * order: `--port 8000`, `--bind=0.0.0.0:8000`, `-b0.0.0.0:8000`, `runserver 0.0.0.0:8000`. The value's text is
 * read by the caller: the rules after expanding the stage's variables, the project's facts
 * before (keeping `${PORT:-8000}`'s default).
 */
export function listenArguments(listening: Listening, args: readonly string[]): ListenArgument[] {
  const found: ListenArgument[] = [];
  const kindOf = (name: string) =>
    listening.portFlags.includes(name) ? 'port' : listening.addressFlags.includes(name) ? 'address' : null;
  args.forEach((arg, index) => {
    // `-b0.0.0.0:8000`, `-p5001`: argparse and click read a short option's value attached to it.
    const attached = /^-[A-Za-z][^=]/.test(arg) ? kindOf(arg.slice(0, 2)) : null;
    if (attached) {
      found.push({ kind: attached, at: index, value: arg.slice(2) });
      return;
    }
    const equals = arg.indexOf('=');
    const name = equals > 0 ? arg.slice(0, equals) : arg;
    const kind = kindOf(name);
    if (!kind) return;
    if (equals > 0) found.push({ kind, at: index, value: arg.slice(equals + 1) });
    // `--port` last, with no value: it says where, but nothing readable.
    else found.push({ kind, at: Math.min(index + 1, args.length - 1), value: args[index + 1] ?? '' });
  });
  if (listening.serveCommand === 'runserver') {
    const serve = args.indexOf('runserver');
    const operand = serve < 0 ? -1 : args.findIndex((arg, index) => index > serve && !arg.startsWith('-'));
    if (operand >= 0) found.push({ kind: 'operand', at: operand, value: args[operand]! });
  }
  return found;
}
