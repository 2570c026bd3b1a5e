import { expandVariables, rangeAfter, scopeView } from '../../dockerfile/index.js';
import type { Dockerfile, Instruction, Word } from '../../dockerfile/model.js';
import { lastSegment } from '../../dockerfile/queries.js';
import {
  type Listening,
  listenArguments,
  optionNamed,
  type ServerProgramName,
  serverProgram,
} from '../../project/server/programs.js';
import type { Project } from '../../project/types.js';
import type { Range } from '../../types.js';
import { defaultServer } from './runtime-launch.js';
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
  program: ServerProgramName;
}

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
  listening: Listening,
  args: Word[],
  expand: (text: string) => string,
): { port: number | null; word: Word } | null {
  const words = flatten(args);
  const found = listenArguments(
    listening,
    words.map((w) => w.value),
  )[0];
  if (!found) return null;
  const word = words[found.at]!;
  const text = expand(found.value);
  if (found.kind === 'port') return { port: portNumber(text), word };
  if (found.kind === 'operand') return { port: portNumber(text.slice(text.lastIndexOf(':') + 1)), word };
  if (text.startsWith('unix:') || !text.includes(':')) return { port: null, word };
  return { port: portNumber(text.slice(text.lastIndexOf(':') + 1)), word };
}

/**
 * Whether a config file the server reads from its working folder (`gunicorn.conf.py`) is in
 * the project, or lands in the image under that name (`COPY docker/gunicorn.conf.py ./`):
 * either configures it as surely as an option.
 */
export function shipsConfigFile(dockerfile: Dockerfile, project: Project, listening: Listening): boolean {
  const names = listening.configFiles;
  if (names.length === 0) return false;
  if (project.entries.some((e) => names.includes(e.name))) return true;
  const named = (path: string) => names.includes(lastSegment(path));
  return shippedInstructions(dockerfile).some((instruction) => {
    if (instruction.keyword !== 'COPY' && instruction.keyword !== 'ADD') return false;
    const words = instruction.args.map((w) => w.value);
    const destination = words.at(-1) ?? '';
    const intoFolder = destination.endsWith('/') || destination === '.' || destination === './';
    return named(destination) || (intoFolder && words.slice(0, -1).some(named));
  });
}

/** The port the default server binds, when the Dockerfile says (or its default surely applies). */
export function bindPort(dockerfile: Dockerfile, project: Project): BindPort | null {
  const found = defaultServer(dockerfile);
  if (!found) return null;
  const { launch, instruction } = found;
  const listening = serverProgram(launch.program).listening;
  if (!listening) return null;
  const scope = scopeView(dockerfile, instruction);
  const expand = (text: string) => expandVariables(text, scope, { keepUnknown: true });
  const explicit = explicitPort(listening, launch.args, expand);
  if (explicit)
    return explicit.port === null
      ? null
      : { port: explicit.port, word: explicit.word, fromDefault: false, program: launch.program };
  if (listening.port === null) return null;
  if (listening.portEnv.some((name) => scope.has(name) || launch.environment.has(name))) return null;
  if (launch.args.some((a) => optionNamed(launch.program, a.value, listening.elsewhereFlags))) return null;
  if (shipsConfigFile(dockerfile, project, listening)) return null;
  const serve = listening.serveCommand;
  if (serve && !launch.args.some((a) => a.value === serve)) return null;
  return { port: listening.port, word: launch.programWord, fromDefault: true, program: launch.program };
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
