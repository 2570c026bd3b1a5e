import type { Dockerfile, Word } from '../dockerfile/model.js';
import { scopeView } from '../dockerfile/scope.js';
import { defineRule } from './define.js';
import {
  launchCommands,
  launchInstructions,
  optionNamed,
  type ServerName,
  serverLaunch,
} from './lib/runtime-launch.js';
import { shippedInstructions } from './lib/stages.js';

/** How each server is told where to listen, and the environment variable that can say it instead. */
const BIND: Partial<Record<ServerName, { flags: string[]; env?: string; defaultsToLoopback: boolean }>> = {
  uvicorn: { flags: ['--host', '--uds', '--fd'], env: 'UVICORN_HOST', defaultsToLoopback: true },
  gunicorn: { flags: ['-b', '--bind', '-c', '--config'], env: 'GUNICORN_CMD_ARGS', defaultsToLoopback: true },
  hypercorn: { flags: ['-b', '--bind', '-c', '--config'], defaultsToLoopback: true },
  granian: { flags: ['--host', '--uds'], env: 'GRANIAN_HOST', defaultsToLoopback: true },
  daphne: {
    flags: ['-b', '--bind', '-u', '--unix-socket', '-e', '--endpoint', '--fd'],
    defaultsToLoopback: true,
  },
  flask: { flags: ['-h', '--host'], env: 'FLASK_RUN_HOST', defaultsToLoopback: true },
};

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|::1|\[::1\])(:\d+)?$/;

/**
 * The value a server's option parser (argparse, click) reads for one of `flags`: `--bind X`,
 * `--bind=X`, and a short option with its value attached — `-b0.0.0.0:8000`, or one JSON
 * element `"-c /etc/app/gunicorn.py"`, which argparse reads as `-c` and the rest (gunicorn
 * strips the space).
 */
function flagValue(
  program: ServerName,
  args: Word[],
  flags: string[],
): { flag: Word; value: Word | null } | null {
  for (const [index, arg] of args.entries()) {
    const short = /^(-[A-Za-z])(.+)$/s.exec(arg.value);
    if (short && flags.includes(short[1]!) && !short[2]!.startsWith('='))
      return { flag: arg, value: { ...arg, value: short[2]!.trim() } };
    const name = arg.value.split('=')[0]!;
    if (!optionNamed(program, name, flags)) continue;
    if (arg.value.includes('='))
      return { flag: arg, value: { ...arg, value: arg.value.slice(name.length + 1) } };
    return { flag: arg, value: args[index + 1] ?? null };
  }
  return null;
}

/**
 * gunicorn reads `./gunicorn.conf.py` from its working folder: a COPY that lands a file of
 * that name (`COPY docker/gunicorn.conf.py .`) configures it as surely as one in the project root.
 */
function copiesGunicornConf(dockerfile: Dockerfile): boolean {
  return shippedInstructions(dockerfile).some((instruction) => {
    if (instruction.keyword !== 'COPY' && instruction.keyword !== 'ADD') return false;
    const words = instruction.args.map((w) => w.value);
    const destination = words.at(-1) ?? '';
    const landsAsConf = /(^|\/)gunicorn\.conf\.py$/.test(destination);
    const intoFolder = destination.endsWith('/') || destination === '.' || destination === './';
    return landsAsConf || (intoFolder && words.slice(0, -1).some((w) => /(^|\/)gunicorn\.conf\.py$/.test(w)));
  });
}

export const rule = defineRule({
  code: 'SS415',
  name: 'server-bound-to-localhost',
  severity: 'warning',
  fixable: false,
  sources: [],
  docs: {
    summary: 'The server listens on 127.0.0.1 inside the container, so nothing outside can reach it.',
    whatItDoes:
      'Reports a CMD/ENTRYPOINT that starts uvicorn, gunicorn, hypercorn, granian, daphne or `flask run` without a bind address (they default to 127.0.0.1) or with an explicit loopback address, unless the matching environment variable (UVICORN_HOST, GUNICORN_CMD_ARGS, GRANIAN_HOST, FLASK_RUN_HOST) or a config file sets it: `-c`/`--config` on the command line (also written as one word, `"-c /etc/app/gunicorn.py"`), or `gunicorn.conf.py` in the project.',
    why: 'A published port forwards to the container’s network interface, not to its loopback: a server bound to 127.0.0.1 starts fine, logs that it is running, and refuses every request from outside — health checks and load balancers included.',
    example: {
      bad: 'CMD ["uvicorn", "app.main:app"]',
      good: 'CMD ["uvicorn", "app.main:app", "--host", "0.0.0.0", "--port", "8000"]',
    },
    fixSafety: 'No fix: which interface to expose is a deployment decision.',
  },
  check({ dockerfile, project, report }) {
    for (const instruction of launchInstructions(dockerfile)) {
      const scope = scopeView(dockerfile, instruction);
      for (const words of launchCommands(instruction)) {
        const launch = serverLaunch(words);
        const bind = launch && BIND[launch.program];
        if (!launch || !bind) continue;
        if (launch.program === 'flask' && !launch.args.some((a) => a.value === 'run')) continue;
        const given = flagValue(launch.program, launch.args, bind.flags);
        if (given) {
          if (given.value && LOOPBACK.test(given.value.value)) {
            report({
              range: given.value.range,
              message: `${launch.program} listens on ${given.value.value}, which only the container itself can reach: bind 0.0.0.0 (or [::]) so the published port works.`,
            });
          }
          continue;
        }
        if (bind.env && scope.has(bind.env)) continue;
        const gunicornConfig =
          launch.program === 'gunicorn' &&
          (project.entries.some((e) => e.name === 'gunicorn.conf.py') || copiesGunicornConf(dockerfile));
        if (gunicornConfig || !bind.defaultsToLoopback) continue;
        report({
          range: launch.programWord.range,
          message: `${launch.program} listens on 127.0.0.1 by default, which only the container itself can reach: pass ${bind.flags[0]} 0.0.0.0 (with ${launch.program === 'gunicorn' || launch.program === 'hypercorn' || launch.program === 'daphne' ? 'its port, e.g. `0.0.0.0:8000`' : 'the port you EXPOSE'}).`,
        });
      }
    }
  },
});
