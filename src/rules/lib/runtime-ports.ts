import { expandVariables, rangeAfter, scopeView } from '../../dockerfile/index.js';
import type { Dockerfile, Instruction, Word } from '../../dockerfile/model.js';
import type { Project } from '../../project/types.js';
import type { Range } from '../../types.js';
import { defaultServer, optionNamed, type ServerName } from './runtime-launch.js';
import { shippedInstructions } from './stages.js';

/**
 * The three places a port is written — where the server binds, what EXPOSE documents, what
 * HEALTHCHECK probes — read from the stage that ships.
 */

export interface BindPort {
  port: number;
  /** The word that sets it, or the program word when the server's default applies. */
  word: Word;
  fromDefault: boolean;
  program: ServerName;
}

/** Ports servers listen on when not told otherwise, and what else can change it. */
const DEFAULTS: Partial<
  Record<ServerName, { port: number; env: string[]; configFlags: string[]; configFiles: string[] }>
> = {
  uvicorn: {
    port: 8000,
    env: ['UVICORN_PORT', 'UVICORN_UDS', 'UVICORN_FD'],
    configFlags: ['--uds', '--fd'],
    configFiles: [],
  },
  gunicorn: {
    port: 8000,
    env: ['GUNICORN_CMD_ARGS', 'PORT'],
    configFlags: ['-c', '--config'],
    configFiles: ['gunicorn.conf.py', 'gunicorn_config.py'],
  },
  hypercorn: { port: 8000, env: [], configFlags: ['-c', '--config'], configFiles: [] },
  fastapi: { port: 8000, env: [], configFlags: [], configFiles: [] },
  flask: { port: 5000, env: ['FLASK_RUN_PORT'], configFlags: [], configFiles: [] },
  django: { port: 8000, env: [], configFlags: [], configFiles: [] },
  daphne: {
    port: 8000,
    env: [],
    configFlags: ['-u', '--unix-socket', '--fd', '-e', '--endpoint'],
    configFiles: [],
  },
  waitress: { port: 8080, env: [], configFlags: ['--listen', '--unix-socket'], configFiles: [] },
};

function portNumber(text: string): number | null {
  const match = /^\s*(\d{1,5})\s*$/.exec(text);
  const port = match ? Number(match[1]) : Number.NaN;
  return port > 0 && port < 65536 ? port : null;
}

/** Splits `"-b 0.0.0.0:8000"` (one JSON element holding a flag and its value) the way argparse reads it. */
function flatten(args: Word[]): Word[] {
  return args.flatMap((word) =>
    word.value.startsWith('-') && /\s/.test(word.value.trim())
      ? word.value
          .trim()
          .split(/\s+/)
          .map((value) => ({ ...word, value }))
      : [word],
  );
}

function explicitPort(
  program: ServerName,
  args: Word[],
  expand: (text: string) => string,
): { port: number | null; word: Word } | null {
  const words = flatten(args);
  for (const [index, word] of words.entries()) {
    const [name, inline] = word.value.includes('=')
      ? [word.value.slice(0, word.value.indexOf('=')), word.value.slice(word.value.indexOf('=') + 1)]
      : [word.value, undefined];
    const value = inline ?? words[index + 1]?.value;
    const valueWord = inline !== undefined ? word : (words[index + 1] ?? word);
    if (name === '--port' || (name === '-p' && program !== 'gunicorn')) {
      return { port: value === undefined ? null : portNumber(expand(value)), word: valueWord };
    }
    if (name === '--bind' || name === '-b' || name === '--listen') {
      const bound = expand(value ?? '');
      if (program === 'daphne' && !bound.includes(':')) continue; // daphne's -b is the host only
      if (bound.startsWith('unix:')) return { port: null, word: valueWord };
      return {
        port: bound.includes(':') ? portNumber(bound.slice(bound.lastIndexOf(':') + 1)) : null,
        word: valueWord,
      };
    }
  }
  if (program === 'django') {
    const runserver = words.findIndex((w) => w.value === 'runserver');
    const address = words.slice(runserver + 1).find((w) => !w.value.startsWith('-'));
    if (runserver >= 0 && address) {
      const text = expand(address.value);
      return { port: portNumber(text.slice(text.lastIndexOf(':') + 1)), word: address };
    }
  }
  return null;
}

/** The port the default server binds, when the Dockerfile says (or its default surely applies). */
export function bindPort(dockerfile: Dockerfile, project: Project): BindPort | null {
  const found = defaultServer(dockerfile);
  if (!found) return null;
  const { launch, instruction } = found;
  const scope = scopeView(dockerfile, instruction);
  const expand = (text: string) => expandVariables(text, scope, { keepUnknown: true });
  const explicit = explicitPort(launch.program, launch.args, expand);
  if (explicit)
    return explicit.port === null
      ? null
      : { port: explicit.port, word: explicit.word, fromDefault: false, program: launch.program };
  const defaults = DEFAULTS[launch.program];
  if (!defaults) return null;
  if (defaults.env.some((name) => scope.has(name))) return null;
  if (launch.args.some((a) => optionNamed(launch.program, a.value, defaults.configFlags))) return null;
  if (project.entries.some((e) => defaults.configFiles.includes(e.name))) return null;
  if (launch.program === 'flask' && !launch.args.some((a) => a.value === 'run')) return null;
  if (launch.program === 'django' && !launch.args.some((a) => a.value === 'runserver')) return null;
  return { port: defaults.port, word: launch.programWord, fromDefault: true, program: launch.program };
}

export interface ExposedPorts {
  ports: number[];
  /** False when some EXPOSE could not be read (an unresolved variable). */
  complete: boolean;
  instructions: Instruction[];
}

export function exposedPorts(dockerfile: Dockerfile): ExposedPorts {
  const instructions = shippedInstructions(dockerfile).filter((i) => i.keyword === 'EXPOSE');
  const ports: number[] = [];
  let complete = true;
  for (const instruction of instructions) {
    const scope = scopeView(dockerfile, instruction);
    for (const arg of instruction.args) {
      const text = expandVariables(arg.value, scope).split('/')[0] ?? '';
      const range = /^(\d+)-(\d+)$/.exec(text);
      if (range) {
        for (let port = Number(range[1]); port <= Number(range[2]) && port - Number(range[1]) < 1000; port++)
          ports.push(port);
        continue;
      }
      const port = portNumber(text);
      if (port === null) complete = false;
      else ports.push(port);
    }
  }
  return { ports, complete, instructions };
}

/**
 * Ports whose protocol is not HTTP by convention (IANA registrations and each server's
 * default): mail, databases, brokers, caches, gRPC, DNS, SSH. An HTTP probe there always fails.
 */
const NON_HTTP_PORTS = new Set([
  21, 22, 25, 53, 110, 143, 389, 465, 514, 587, 636, 993, 995, 1433, 1521, 1883, 2181, 2525, 3306, 4222, 4317,
  5060, 5432, 5672, 6379, 6380, 7687, 8883, 9042, 9092, 11211, 27017, 50051,
]);

export function isNonHttpPort(port: number): boolean {
  return NON_HTTP_PORTS.has(port);
}

export interface ProbedPort {
  port: number;
  url: string;
  range: Range;
  instruction: Instruction;
}

const LOCAL_URL = /https?:\/\/(?:localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\])(?::([^/\s'"\\)]+))?/g;

/** The local port the effective HEALTHCHECK probes over HTTP, when it names one. */
export function probedPort(dockerfile: Dockerfile): ProbedPort | null {
  const healthcheck = shippedInstructions(dockerfile)
    .filter((i) => i.keyword === 'HEALTHCHECK')
    .pop();
  if (!healthcheck || /^\s*none\b/i.test(healthcheck.argsText ?? '')) return null;
  const start = healthcheck.range.start.offset;
  const text = dockerfile.text.slice(start, healthcheck.range.end.offset);
  const match = [...text.matchAll(LOCAL_URL)][0];
  if (!match) return null;
  const scope = scopeView(dockerfile, healthcheck);
  const written = match[1];
  // `'http://127.0.0.1:' + os.environ['PORT']`: the port is computed at run time, not unwritten.
  if (written === undefined && text[(match.index ?? 0) + match[0].length] === ':') return null;
  const port =
    written === undefined
      ? match[0].startsWith('https')
        ? 443
        : 80
      : portNumber(expandVariables(written, scope));
  if (port === null) return null;
  const offset = start + (match.index ?? 0);
  return {
    port,
    url: match[0],
    range: rangeAfter(dockerfile, healthcheck.range.start, offset, offset + match[0].length),
    instruction: healthcheck,
  };
}
