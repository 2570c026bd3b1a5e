import type { Dockerfile, Instruction, Stage } from '../../dockerfile/model.js';
import { lastCommandOfArgv, splitShellWords } from '../../dockerfile/nested-shell.js';
import type { PortFact, ServerCommand, ServerProgram } from '../types.js';
import { type Listening, listenArguments, programIn, serverProgram } from './programs.js';

function instructionArgv(instruction: Instruction): string[] {
  if (instruction.form === 'json') return instruction.args.map((arg) => arg.value);
  const words = splitShellWords(instruction.argsText ?? '');
  return ['/bin/sh', '-c', words.join(' ')];
}

/** Strips `sh -c`, then asks the server table which program the command serves with. */
export function analyseArgv(argv: string[]): {
  runner: ServerCommand['runner'];
  program: ServerProgram;
  args: string[];
} {
  // `sh -c "migrate && exec gunicorn app"` serves with its last command (the model's reading).
  const words = lastCommandOfArgv(argv);
  const { runner, program, at } = programIn(words);
  return { runner, program: program ?? 'other', args: words.slice(at + 1) };
}

/** `${PORT:-8000}` → 8000; `8080` → 8080; anything else → null. */
export function portValue(text: string): number | null {
  const match = /^(?:\$\{\w+:?-(\d+)\}|(\d+))$/.exec(text.trim());
  const digits = match?.[1] ?? match?.[2];
  const port = digits ? Number(digits) : Number.NaN;
  return port > 0 && port < 65536 ? port : null;
}

/** `0.0.0.0:8000` → `8000`; `:${PORT:-5000}` → `${PORT:-5000}`; `unix:/tmp/s` → undefined. */
function hostPort(value: string): string | undefined {
  return /(?:^|:)(\d+|\$\{\w+:?-\d+\})$/.exec(value)?.[1];
}

/**
 * How a program we do not know is read: the options most servers use, and any bare
 * `host:port` argument.
 */
const ANY_SERVER: Listening = {
  port: null,
  loopbackByDefault: false,
  hostFlags: [],
  portFlags: ['--port', '-p'],
  addressFlags: ['--bind', '-b', '--listen', '--http'],
  elsewhereFlags: [],
  hostEnv: [],
  portEnv: [],
  configFiles: [],
  serveCommand: null,
};

/**
 * Ports a server command binds: `--port 8080`, `--bind 0.0.0.0:8000`, `runserver 0.0.0.0:8000`,
 * read with the options of `program` when the server table knows it (gunicorn's `-p` is its
 * pid file, daphne's `-b` a host), with the usual ones otherwise.
 */
export function portsInArgs(args: string[], program: ServerProgram | null = null): number[] {
  const known =
    program === null || program === 'python' || program === 'other' ? null : serverProgram(program);
  // A Celery worker listens on nothing, whatever its arguments look like.
  if (known && !known.listening) return [];
  const listening = known?.listening ?? ANY_SERVER;
  const ports: number[] = [];
  const push = (value: string | undefined): void => {
    const port = value === undefined ? null : portValue(value);
    if (port !== null && !ports.includes(port)) ports.push(port);
  };
  for (const found of listenArguments(listening, args))
    push(found.kind === 'port' ? found.value : hostPort(found.value));
  if (!known) {
    // A bare `host:port` argument of a program we do not know.
    for (const arg of args)
      if (/^(\d{1,3}(\.\d{1,3}){3}|\[[\d:]*\]|localhost)?:(\d+|\$\{\w+:?-\d+\})$/.test(arg))
        push(hostPort(arg));
  }
  return ports;
}

/** The `module:attr` app a server command names (`uvicorn src.main:app`, `gunicorn -w 4 app:create_app()`). */
export function appInArgs(program: ServerProgram, args: string[]): string | null {
  if (program === 'celery') {
    const index = args.findIndex((arg) => arg === '-A' || arg === '--app' || arg.startsWith('--app='));
    const value = args[index]?.startsWith('--app=') ? args[index]?.slice(6) : args[index + 1];
    return index >= 0 && value ? value : null;
  }
  if (program === 'flask') {
    const index = args.findIndex((arg) => arg === '--app' || arg.startsWith('--app='));
    if (index >= 0)
      return args[index]?.startsWith('--app=') ? (args[index]?.slice(6) ?? null) : (args[index + 1] ?? null);
    return null;
  }
  if (program === 'fastapi') {
    const file = args.find((arg) => arg.endsWith('.py'));
    return file ? `${file.replace(/\.py$/, '').split('/').join('.')}:app` : null;
  }
  const candidate = args.find((arg, index) => {
    const previous = args[index - 1] ?? '';
    return (
      /^[A-Za-z_][\w.]*:[A-Za-z_][\w.]*(\(.*\))?$/.test(arg) &&
      !/^-/.test(arg) &&
      !/^--?(b|bind|host)$/.test(previous)
    );
  });
  return candidate ?? null;
}

/** Stages the shipped stage inherits from (`FROM base`), last first. */
function lineage(dockerfile: Dockerfile): Stage[] {
  const stages: Stage[] = [];
  let stage = dockerfile.stages[dockerfile.stages.length - 1];
  while (stage && !stages.includes(stage)) {
    stages.push(stage);
    stage = stage.baseStageIndex === null ? undefined : dockerfile.stages[stage.baseStageIndex];
  }
  return stages;
}

function lastOf(stages: Stage[], keyword: string): Instruction | null {
  for (const stage of stages) {
    const found = stage.instructions.filter((instruction) => instruction.keyword === keyword).pop();
    if (found) return found;
  }
  return null;
}

export interface DockerfileServerFacts {
  command: ServerCommand | null;
  args: string[];
  ports: PortFact[];
}

/** The command the image runs (ENTRYPOINT + CMD of the shipped stage, as Docker combines them) and EXPOSEd ports. */
export function serverFromDockerfile(dockerfile: Dockerfile, file: string): DockerfileServerFacts {
  const stages = lineage(dockerfile);
  const entrypoint = lastOf(stages, 'ENTRYPOINT');
  const cmd = lastOf(stages, 'CMD');
  const ports: PortFact[] = [];
  let command: ServerCommand | null = null;
  let args: string[] = [];
  const argv = [
    ...(entrypoint ? instructionArgv(entrypoint) : []),
    // A shell-form ENTRYPOINT ignores CMD.
    ...(cmd && !(entrypoint && entrypoint.form !== 'json') ? instructionArgv(cmd) : []),
  ];
  if (argv.length > 0) {
    const analysed = analyseArgv(argv);
    // An entrypoint script that execs "$@" leaves the real server in CMD.
    const fromCmd = analysed.program === 'other' && cmd ? analyseArgv(instructionArgv(cmd)) : null;
    const chosen = fromCmd && fromCmd.program !== 'other' ? fromCmd : analysed;
    const origin = (chosen === fromCmd ? cmd : (entrypoint ?? cmd)) as Instruction;
    command = {
      argv,
      runner: chosen.runner,
      program: chosen.program,
      origin: origin.keyword === 'ENTRYPOINT' ? 'ENTRYPOINT' : 'CMD',
      file,
      line: origin.range.start.line,
    };
    args = chosen.args;
    for (const port of portsInArgs(chosen.args, chosen.program))
      ports.push({ port, origin: 'command', file, line: origin.range.start.line });
  }
  for (const stage of stages) {
    for (const instruction of stage.instructions) {
      if (instruction.keyword !== 'EXPOSE') continue;
      // `EXPOSE $PORT` with `ARG PORT=8000`: the model substitutes as Docker does.
      for (const arg of instruction.expandedArgs) {
        const port = portValue(arg.value.split('/')[0] ?? '');
        if (port !== null) ports.push({ port, origin: 'expose', file, line: arg.range.start.line });
      }
    }
  }
  return { command, args, ports };
}

/** The `web:` process of a Procfile (Heroku style), when the Dockerfile gives no command. */
export function serverFromProcfile(text: string, file: string): DockerfileServerFacts {
  const lines = text.split(/\r?\n/);
  const index = lines.findIndex((line) => /^web\s*:/.test(line));
  if (index < 0) return { command: null, args: [], ports: [] };
  const argv = splitShellWords((lines[index] ?? '').replace(/^web\s*:\s*/, ''));
  const analysed = analyseArgv(argv);
  return {
    command: {
      argv,
      runner: analysed.runner,
      program: analysed.program,
      origin: 'Procfile',
      file,
      line: index + 1,
    },
    args: analysed.args,
    ports: portsInArgs(analysed.args, analysed.program).map((port) => ({
      port,
      origin: 'procfile',
      file,
      line: index + 1,
    })),
  };
}
