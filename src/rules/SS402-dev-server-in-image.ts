import type { Word } from '../dockerfile/model.js';
import { reloadOptionWords, serverProgram } from '../project/server/programs.js';
import { defineRule } from './define.js';
import { launchCommands, launchInstructions, type ServerLaunch, serverLaunch } from './lib/runtime-launch.js';
import { shippedLineage } from './lib/stages.js';

/** What makes this launch a development server, with the word to point at; null when it is not one. */
function devServer(launch: ServerLaunch): { word: Word; what: string } | null {
  const { program, args } = launch;
  const positional = args.find((a) => !a.value.startsWith('-'));
  if (program === 'fastapi' && positional?.value === 'dev')
    return { word: positional, what: '`fastapi dev` is the auto-reloading development server' };
  if (program === 'flask' && args.some((a) => a.value === 'run')) {
    const run = args.find((a) => a.value === 'run')!;
    return { word: run, what: "`flask run` starts Werkzeug's development server" };
  }
  if (program === 'django' && positional?.value === 'runserver')
    return { word: positional, what: "`runserver` is Django's development server" };
  // Each reload option restarts the server on file changes and watches the whole tree.
  const facts = serverProgram(program);
  const values = args.map((a) => a.value);
  const reload = args.find((_, index) => reloadOptionWords(facts, values, index) > 0);
  if (reload)
    return {
      word: reload,
      what: `\`${program} ${reload.value.split('=')[0]}\` watches files and restarts the server`,
    };
  const debug = args.find((a) => a.value === '--debug');
  if (debug) return { word: debug, what: `\`${program} --debug\` turns on the interactive debugger` };
  return null;
}

/** Environment switches that put a framework into debug mode. */
// A Map, not an object: looked up with words from the file, which an object would have to
// internalize first (and `constructor` would find Object.prototype's).
const DEBUG_VARIABLES = new Map<string, RegExp>(
  Object.entries({
    FLASK_DEBUG: /^(1|true|yes|on)$/i,
    FLASK_ENV: /^development$/i,
    DEBUG: /^(1|true|yes|on)$/i,
    DJANGO_DEBUG: /^(1|true|yes|on)$/i,
    UVICORN_RELOAD: /^(1|true|yes|on)$/i,
  }),
);

export const rule = defineRule({
  code: 'SS402',
  name: 'dev-server-in-image',
  severity: 'warning',
  fixable: false,
  sources: [],
  docs: {
    summary: 'The image starts a development server or turns debug mode on.',
    whatItDoes:
      'Reports, in the stage that ships, a CMD/ENTRYPOINT that runs `uvicorn --reload` (or any server with `--reload`), `fastapi dev`, `flask run`, `manage.py runserver` or a `--debug` flag, and ENV that sets `FLASK_DEBUG=1`, `FLASK_ENV=development`, `DEBUG=True` or `DJANGO_DEBUG=True`.',
    why: 'Development servers are single-process, unhardened and slow; reload mode watches every file and restarts on changes; debug mode shows tracebacks, settings and — with Werkzeug — an interactive console that runs any code a visitor types. None of it belongs in an image that serves traffic.',
    example: {
      bad: 'CMD ["uvicorn", "app.main:app", "--reload", "--host", "0.0.0.0"]',
      good: 'CMD ["uvicorn", "app.main:app", "--host", "0.0.0.0", "--port", "8000"]',
    },
    fixSafety: 'No fix: the production command (workers, server choice) is a deployment decision.',
  },
  check({ dockerfile, report }) {
    for (const instruction of launchInstructions(dockerfile)) {
      for (const command of launchCommands(instruction)) {
        const launch = serverLaunch(command);
        const found = launch && devServer(launch);
        if (!found) continue;
        report({
          range: found.word.range,
          message: `${found.what}: run a production server command in the image (e.g. \`uvicorn app:app --host 0.0.0.0\` or \`gunicorn\`) and keep this for local development.`,
        });
      }
    }
    for (const stage of shippedLineage(dockerfile)) {
      for (const instruction of stage.instructions) {
        if (instruction.keyword !== 'ENV') continue;
        for (const assignment of instruction.assignments) {
          const pattern = DEBUG_VARIABLES.get(assignment.name);
          if (!pattern?.test((assignment.value ?? '').trim())) continue;
          report({
            range: assignment.range,
            message: `\`${assignment.name}=${assignment.value}\` puts the app in debug or development mode in the shipped image: leave it unset (set it at run time when debugging).`,
          });
        }
      }
    }
  },
});
