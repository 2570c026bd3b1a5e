import type { Instruction } from '../dockerfile/model.js';
import type { Project } from '../project/types.js';
import { withoutRunner } from './analyze.js';

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
}

const SHELL_FEATURES = /[$`|&;<>*?(){}]|\|\||&&/;

function splitWords(text: string): string[] {
  const words: string[] = [];
  const pattern = /"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) words.push(m[1] ?? m[2] ?? m[3] ?? '');
  return words;
}

/**
 * The user's command in exec form: `uv run X` / `poetry run X` become the venv's X;
 * a shell-form command that needs the shell keeps it through `sh -c 'exec …'` so the
 * server is still PID 1 and receives SIGTERM.
 */
export function translateCommand(project: Project, instruction: Instruction | null): ServerCommand | null {
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
      const execScript = /^\s*exec\s/.test(script) ? script : `exec ${script}`;
      return { argv: [...stripped.slice(0, -1), execScript], viaShell: true, translatedFrom: original };
    }
    return {
      argv: stripped,
      viaShell: false,
      translatedFrom: stripped.length !== argv.length ? original : null,
    };
  }
  if (SHELL_FEATURES.test(original)) {
    const withoutPrefix = original.replace(/^(uv|poetry|pipenv|pdm)\s+run\s+/, '');
    const script = /^\s*exec\s/.test(withoutPrefix) ? withoutPrefix : `exec ${withoutPrefix}`;
    return { argv: ['sh', '-c', script], viaShell: true, translatedFrom: original };
  }
  // `CMD exec uvicorn …`: exec-form is already what `exec` asked for.
  const words = splitWords(original);
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
