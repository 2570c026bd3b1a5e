import type { Dockerfile, Word } from '../dockerfile/model.js';
import { commandAfterWrappers } from '../dockerfile/nested-shell.js';
import { lastSegment } from '../dockerfile/queries.js';
import { isDependencyManifest, MANAGERS, RUNNERS } from '../project/managers.js';
import { defineRule } from './define.js';
import { installsFromManifests } from './lib/cache-installs.js';
import { scopeBefore } from './lib/cache-scope.js';
import { launchCommands, launchInstructions } from './lib/runtime-launch.js';
import { startCommands } from './lib/runtime-start.js';
import { shippedInstructions } from './lib/stages.js';

/**
 * Whether the image carries the project's manifests: a COPY/ADD from the context of the whole
 * folder or of a manifest (requirements.txt, pyproject.toml, a lock). Without one, a start
 * script's install reads files mounted at run time (a CI action installing the checked-out
 * repository), which is that tool's job, not a step the build skipped.
 */
function shipsManifests(dockerfile: Dockerfile): boolean {
  return shippedInstructions(dockerfile).some((instruction) => {
    if (instruction.keyword !== 'COPY' && instruction.keyword !== 'ADD') return false;
    if (instruction.flags.some((f) => f.name === 'from')) return false;
    return instruction.args.slice(0, -1).some((word) => {
      const path = word.value.replace(/^\.\/+/, '').replace(/\/+$/, '');
      return ['', '.', '*'].includes(path) || isDependencyManifest(lastSegment(path));
    });
  });
}

/**
 * The `uv run` / `poetry run` / `pdm run` … pair at the head of a command, once wrappers
 * (`exec`, `tini --`, `gosu app`, `env A=1`, `timeout 60`; the model's table) are looked through.
 */
function runnerAt(words: Word[]): { runner: Word; run: Word; rest: Word[] } | null {
  const index = commandAfterWrappers(words.map((word) => word.value));
  const runner = words[index];
  const run = words[index + 1];
  if (!runner || run?.value !== 'run' || !RUNNERS.includes(lastSegment(runner.value))) return null;
  return { runner, run, rest: words.slice(index + 2) };
}

export const rule = defineRule({
  code: 'SS208',
  name: 'dependency-sync-at-startup',
  severity: 'warning',
  fixable: false,
  sources: [],
  docs: {
    summary:
      'CMD/ENTRYPOINT starts the server through `uv run`, `poetry run` or `pipenv run`, or a start script installs the dependencies.',
    whatItDoes:
      'Reports `uv run`, `poetry run`, `pdm run`, `pipenv run`, `hatch run` and `rye run` (the managers with a runner in the package-manager table) at the head of the CMD or ENTRYPOINT of the shipped stage (JSON or shell form, `sh -c` included, also behind wrappers such as `exec`, `tini --`, `gosu app`, `env A=1`, `timeout 60`). `uv run --no-sync` (or `UV_NO_SYNC=1`) is left alone: it only finds the venv. Also reports a start script of the project named by the CMD or ENTRYPOINT (`docker-entrypoint.sh`) that installs from the manifests at every start: `pip install -r requirements.txt`, `pip install .`, `uv sync`, `poetry install` — when the image carries those manifests (an image that copies none installs files mounted at run time, such as a CI action checking the checked-out repository).',
    why: "`uv run` checks the project against its lock and syncs the venv at every container start: slow starts, network access at run time, a writable /app, and a crash loop when the index is unreachable. `poetry run`/`pipenv run` start a second Python program before yours and keep the manager in the image. Put the venv's bin folder on PATH and start the server directly.",
    example: {
      bad: 'CMD ["uv", "run", "uvicorn", "app.main:app", "--host", "0.0.0.0"]',
      good: 'ENV PATH="/app/.venv/bin:$PATH"\nCMD ["uvicorn", "app.main:app", "--host", "0.0.0.0"]',
    },
    fixSafety: 'No fix: the venv must be on PATH first, which depends on where the build put it.',
  },
  check({ dockerfile, project, report }) {
    // A start script that installs from the project's manifests (`pip install -r
    // requirements.txt`, `poetry install`) does at every start what the build should do once.
    const reported = new Set<string>();
    const starts = shipsManifests(dockerfile) ? startCommands(dockerfile, project) : [];
    for (const start of starts) {
      if (!start.script || !installsFromManifests(start.script.command)) continue;
      const key = `${start.at.range.start.offset}:${start.script.path}`;
      if (reported.has(key)) continue;
      reported.add(key);
      const line = start.script.command.range.start.line;
      const shown = start.script.command.text.replace(/\s+/g, ' ');
      report({
        range: start.at.range,
        message: `\`${start.script.path}\` runs \`${shown.length > 60 ? `${shown.slice(0, 57)}…` : shown}\` (line ${line}) at every container start: install the dependencies at build time, in the image, and start the server directly.`,
      });
    }
    for (const instruction of launchInstructions(dockerfile)) {
      for (const { words } of launchCommands(instruction)) {
        const found = runnerAt(words);
        if (!found) continue;
        const runner = lastSegment(found.runner.value);
        if (runner === 'uv') {
          const noSync = found.rest.some((w) => w.value === '--no-sync');
          const env = scopeBefore(dockerfile, instruction).get('UV_NO_SYNC') ?? '';
          if (noSync || ['1', 'true', 'yes', 'on'].includes(env.toLowerCase())) continue;
        }
        const effect =
          runner === 'uv'
            ? 'checks and syncs the venv at every container start'
            : `starts ${MANAGERS.find((m) => m.name === runner)?.title ?? runner} before the server at every container start`;
        report({
          range: { start: found.runner.range.start, end: found.run.range.end },
          message: `\`${runner} run\` ${effect}: put the venv's bin folder on PATH and run the program directly.`,
        });
      }
    }
  },
});
