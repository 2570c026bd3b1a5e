import type { Instruction } from '../dockerfile/model.js';
import { splitShellWords } from '../dockerfile/nested-shell.js';
import { RUNNERS, withoutRunner } from '../project/managers.js';
import {
  programIn,
  reloadOptionWords,
  SERVER_PROGRAMS,
  type ServerProgramFacts,
  serverProgram,
} from '../project/server/programs.js';
import type { Project } from '../project/types.js';

/** `uv run X` → `X`; `pdm run start` → the command of PDM script `start`. */
export function resolveRunner(project: Project, words: string[]): string[] {
  if (words[0] === 'pdm' && words[1] === 'run') {
    const script = project.pyproject?.pdm?.scripts[words[2] ?? ''];
    if (script) return [...script.argv, ...words.slice(3)];
  }
  return withoutRunner(words);
}

export interface ServerCommand {
  argv: string[];
  /** True when the command had to keep a shell (a variable expands at run time). */
  viaShell: boolean;
  translatedFrom: string | null;
  /** Development-server flags left out (`--reload`). */
  dropped: string[];
  /** Programs named by a path that moved (`/usr/local/bin/x` is now `/app/.venv/bin/x`). */
  renamed: Array<{ original: string; venvPath: string }>;
}

export interface CommandContext {
  project: Project;
  venv: string;
  /** Where the original installed packages (a venv, a --prefix): their bin/ moves to the venv's. */
  environments: string[];
  /** The original's SHELL, which runs a shell-form command; null for /bin/sh -c. */
  shell?: string[] | null;
  /** Name a moved program by its venv path in the command (an image without `ln`); otherwise the old path is linked. */
  rewritePaths?: boolean;
}

const RELOADERS = SERVER_PROGRAMS.filter((program) => program.reload !== null);
/** The names (commands, `python -m` modules) of the servers whose reload options optimize drops. */
const RELOADING_NAMES = RELOADERS.flatMap((program) => [...program.commands, ...program.modules]);
// Option names are letters and dashes: nothing to escape in a pattern.
const alternatives = (options: (reload: NonNullable<ServerProgramFacts['reload']>) => readonly string[]) =>
  [...new Set(RELOADERS.flatMap((program) => options(program.reload!)))].join('|');
/** The same options inside a shell script: a switch, or a valued option and its value. */
const RELOAD_IN_SCRIPT = new RegExp(
  `\\s((?:${alternatives((reload) => reload.switches)})|(?:${alternatives((reload) => reload.valued)})(?:=|\\s+)\\S+)(?=\\s|$)`,
  'g',
);

/** `uvicorn … --reload` → without it: a production image does not watch its files. */
function withoutReload(argv: string[]): { argv: string[]; dropped: string[] } {
  const { program: name, at: program } = programIn(argv);
  if (name === null || name === 'python' || !serverProgram(name).reload) return { argv, dropped: [] };
  const facts = serverProgram(name);
  const out: string[] = [];
  const dropped: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const words = i > program ? reloadOptionWords(facts, argv, i) : 0;
    if (words > 0) {
      dropped.push(...argv.slice(i, i + words));
      i += words - 1;
    } else out.push(argv[i]!);
  }
  return { argv: out, dropped };
}

/** The same for the script of `sh -c '…'`. */
function shellWithoutReload(argv: string[]): { argv: string[]; dropped: string[] } {
  const script = argv[argv.length - 1] ?? '';
  if (!new RegExp(`\\b(${RELOADING_NAMES.join('|')})\\b`).test(script)) return { argv, dropped: [] };
  const dropped: string[] = [];
  const cleaned = script.replace(RELOAD_IN_SCRIPT, (_, flag: string) => {
    dropped.push(flag);
    return '';
  });
  return { argv: [...argv.slice(0, -1), cleaned], dropped };
}

/** `/usr/local/bin/my-service` or `/venv/bin/gunicorn` → the same program in the new venv. */
function onTheVenv(
  context: CommandContext,
  argv: string[],
): { argv: string[]; renamed: ServerCommand['renamed'] } {
  const first = argv[0] ?? '';
  // The system interpreter by path had the packages in the original; now the venv's has them.
  if (/^\/usr\/(local\/)?bin\/python[\d.]*$/.test(first)) {
    return {
      argv: ['python', ...argv.slice(1)],
      renamed: [{ original: first, venvPath: `${context.venv}/bin/python` }],
    };
  }
  const bins = [...context.environments.map((e) => `${e}/bin/`), '/usr/local/bin/', '/root/.local/bin/'];
  const bin = bins.find((b) => first.startsWith(b));
  const program = bin ? first.slice(bin.length) : '';
  if (!bin || !program || /^python[\d.]*$/.test(program) || program.includes('/'))
    return { argv, renamed: [] };
  const moved = `${context.venv}/bin/${program}`;
  // The original's own venv moved: name the new one. A system path (`/usr/local/bin/x`) keeps
  // working through a link, where the image has the tools to make one.
  const systemPath = !context.environments.some((e) => first.startsWith(`${e}/bin/`));
  return {
    argv: context.rewritePaths || !systemPath ? [moved, ...argv.slice(1)] : argv,
    renamed: [{ original: first, venvPath: moved }],
  };
}

const SHELL_FEATURES = /[$`|&;<>*?(){}]|\|\||&&/;

/**
 * The user's command in exec form: `uv run X` / `poetry run X` become the venv's X;
 * a shell-form command that needs the shell keeps it through `sh -c 'exec …'` so the
 * server is still PID 1 and receives SIGTERM.
 */
export function translateCommand(
  context: CommandContext,
  instruction: Instruction | null,
): ServerCommand | null {
  const translated = translateForm(context.project, instruction, context.shell ?? ['/bin/sh', '-c']);
  if (!translated) return null;
  const reload = translated.viaShell ? shellWithoutReload(translated.argv) : withoutReload(translated.argv);
  const moved = translated.viaShell ? { argv: reload.argv, renamed: [] } : onTheVenv(context, reload.argv);
  const changed = reload.dropped.length > 0 || moved.argv[0] !== reload.argv[0];
  return {
    ...translated,
    argv: moved.argv,
    dropped: reload.dropped,
    renamed: moved.renamed,
    translatedFrom: translated.translatedFrom ?? (changed ? (instruction?.argsText ?? '') : null),
  };
}

/** `exec` in front of a simple command makes it PID 1; in front of a list (`a || b; c`) it would change what runs. */
function withExec(script: string): string {
  if (/^\s*exec\s/.test(script)) return script;
  const unquoted = script.replace(/'[^']*'|"(?:[^"\\]|\\.)*"/g, '');
  return /[;&|\n]|\[\[|^\s*(if|for|while|case)\b/.test(unquoted) ? script : `exec ${script}`;
}

function translateForm(
  project: Project,
  instruction: Instruction | null,
  shell: string[],
): Omit<ServerCommand, 'dropped' | 'renamed'> | null {
  if (!instruction) return null;
  const withoutRunner = (words: string[]) => resolveRunner(project, words);
  const original = instruction.argsText ?? '';
  if (instruction.form === 'json') {
    const argv = instruction.args.map((a) => a.value);
    // `ENTRYPOINT []` only resets the base image's; there is no command in it.
    if (argv.length === 0) return null;
    const stripped = withoutRunner(argv);
    if (stripped[0] === 'sh' || stripped[0] === '/bin/sh' || stripped[0] === 'bash') {
      const script = stripped[stripped.length - 1] ?? '';
      const execScript = withExec(script);
      return { argv: [...stripped.slice(0, -1), execScript], viaShell: true, translatedFrom: original };
    }
    return {
      argv: stripped,
      viaShell: false,
      translatedFrom: stripped.length !== argv.length ? original : null,
    };
  }
  if (SHELL_FEATURES.test(original)) {
    const withoutPrefix = original.replace(new RegExp(`^(${RUNNERS.join('|')})\\s+run\\s+`), '');
    return { argv: [...shell, withExec(withoutPrefix)], viaShell: true, translatedFrom: original };
  }
  // `CMD exec uvicorn …`: exec-form is already what `exec` asked for.
  const words = splitShellWords(original);
  if (words[0] === 'exec') words.shift();
  return { argv: withoutRunner(words), viaShell: false, translatedFrom: original };
}

/** A command for projects whose Dockerfile has none (or no Dockerfile at all), from the detected server. */
export function defaultCommand(project: Project, port: number): string[] | null {
  const server = project.server;
  if (server.command) return resolveRunner(project, server.command.argv);
  const app = server.app;
  switch (server.framework) {
    case 'fastapi':
    case 'starlette':
    case 'mcp':
      return app ? ['uvicorn', app, '--host', '0.0.0.0', '--port', String(port)] : null;
    case 'flask':
    case 'django':
      return app ? ['gunicorn', '--bind', `0.0.0.0:${port}`, app] : null;
    case 'aiohttp':
      return app ? ['python', '-m', 'aiohttp.web', '-H', '0.0.0.0', '-P', String(port), app] : null;
    case 'celery':
      return app ? ['celery', '-A', app, 'worker', '--loglevel=INFO'] : null;
    default:
      return null;
  }
}
