import type { Word } from '../dockerfile/model.js';
import { scopeView } from '../dockerfile/scope.js';
import { optionNamed, type ServerProgramName, serverProgram } from '../project/server/programs.js';
import { defineRule } from './define.js';
import { launchCommands, launchInstructions, serverLaunch } from './lib/runtime-launch.js';
import { shipsConfigFile } from './lib/runtime-ports.js';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|::1|\[::1\])(:\d+)?$/;

/**
 * The value a server's option parser (argparse, click) reads for one of `flags`: `--bind X`,
 * `--bind=X`, and a short option with its value attached — `-b0.0.0.0:8000`, or one JSON
 * element `"-c /etc/app/gunicorn.py"`, which argparse reads as `-c` and the rest (gunicorn
 * strips the space).
 */
function flagValue(
  program: ServerProgramName,
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

export const rule = defineRule({
  code: 'SS415',
  name: 'server-bound-to-localhost',
  severity: 'warning',
  fixable: false,
  sources: [],
  docs: {
    summary: 'The server listens on 127.0.0.1 inside the container, so nothing outside can reach it.',
    whatItDoes:
      'Reports a CMD/ENTRYPOINT that starts uvicorn, gunicorn, hypercorn, granian, daphne or `flask run` without a bind address (they default to 127.0.0.1), or any of them, waitress or uWSGI with an explicit loopback address. A server told to listen elsewhere is left alone: a socket or descriptor option (`--uds`, `--fd`), a config file (`-c`/`--config` on the command line, also written as one word, `"-c /etc/app/gunicorn.py"`, or a `gunicorn.conf.py` in the project or copied into the image), or the matching environment variable (UVICORN_HOST, GUNICORN_CMD_ARGS or PORT for gunicorn, GRANIAN_HOST, FLASK_RUN_HOST). A Celery worker listens on nothing and is never reported.',
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
      for (const command of launchCommands(instruction)) {
        const launch = serverLaunch(command);
        const listening = launch && serverProgram(launch.program).listening;
        if (!launch || !listening) continue;
        const addressFlags = [...listening.hostFlags, ...listening.addressFlags];
        // `manage.py runserver` takes its address as an operand; SS402 reports it anyway.
        if (addressFlags.length === 0) continue;
        const serve = listening.serveCommand;
        if (serve && !launch.args.some((a) => a.value === serve)) continue;
        const address = flagValue(launch.program, launch.args, addressFlags);
        if (address) {
          if (address.value && LOOPBACK.test(address.value.value)) {
            report({
              range: address.value.range,
              message: `${launch.program} listens on ${address.value.value}, which only the container itself can reach: bind 0.0.0.0 (or [::]) so the published port works.`,
            });
          }
          continue;
        }
        if (flagValue(launch.program, launch.args, listening.elsewhereFlags)) continue;
        if (listening.hostEnv.some((name) => scope.has(name) || launch.environment.has(name))) continue;
        if (!listening.loopbackByDefault || shipsConfigFile(dockerfile, project, listening)) continue;
        const withPort = listening.addressFlags.includes(addressFlags[0]!)
          ? 'its port, e.g. `0.0.0.0:8000`'
          : 'the port you EXPOSE';
        report({
          range: launch.programWord.range,
          message: `${launch.program} listens on 127.0.0.1 by default, which only the container itself can reach: pass ${addressFlags[0]} 0.0.0.0 (with ${withPort}).`,
        });
      }
    }
  },
});
