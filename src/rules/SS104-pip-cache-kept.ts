import { scopeView } from '../dockerfile/index.js';
import { defineRule } from './define.js';
import { runnerOf } from './lib/build-users.js';
import {
  cacheDirOf,
  cacheFolderText,
  cacheOwnerOptions,
  cacheTurnedOff,
  runnerName,
  toolCacheMounted,
} from './lib/cache-installs.js';
import { commandsOf, isPipInstall, isUvPipInstall } from './lib/commands.js';

export const rule = defineRule({
  code: 'SS104',
  name: 'pip-cache-kept',
  severity: 'warning',
  fixable: 'safe',
  sources: ['hadolint:DL3042'],
  docs: {
    summary: '`pip install` leaves its download cache in the image.',
    whatItDoes:
      "Reports `pip install` (also `pip3`, `python -m pip`, and behind `sudo`, `gosu`, `env`, `timeout` and the like) run with neither `--no-cache-dir`, `PIP_NO_CACHE_DIR` nor a cache mount on the pip cache. A variable set before `sudo` does not count: sudo resets the environment unless `-E` keeps it. The pip cache is in the home of the user pip runs as: `/root/.cache/pip` for root, `/home/app/.cache/pip` after `useradd -m app` and `USER app` (or under `gosu app`, `su app -c`), the folder `ENV HOME` or `XDG_CACHE_HOME` names; the message names that folder, with the `uid=` the mount needs for a non-root user, and says so when the Dockerfile does not show the home. A mount on root's folder does not count for another user.",
    why: 'pip keeps every wheel it downloads under ~/.cache/pip. In an image that cache is dead weight: tens to hundreds of MB that are never read again, shipped to every host.',
    example: {
      bad: 'RUN pip install -r requirements.txt',
      good: 'RUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt',
    },
    fixSafety: 'Safe: adding `--no-cache-dir` changes only where pip keeps downloads, not what it installs.',
  },
  check({ dockerfile, report }) {
    for (const instruction of dockerfile.instructions) {
      if (instruction.keyword !== 'RUN' && instruction.keyword !== 'ONBUILD') continue;
      // The stage's variables are read only for a RUN that installs with pip.
      let scope: ReadonlyMap<string, string> | undefined;
      for (const command of commandsOf(instruction)) {
        if (!isPipInstall(command) || isUvPipInstall(command)) continue;
        scope ??= scopeView(dockerfile, instruction);
        if (cacheTurnedOff(command, 'pip', scope)) continue;
        // pip keeps its cache in the home of whoever runs it (`/home/app/.cache/pip` under USER app).
        const runner = runnerOf(dockerfile, instruction, command);
        // A cache on pip's folder or on a parent of it (`/root/.cache`) keeps it out of the layer;
        // so does one pip cannot write (it then uses no cache at all), which SS202 reports.
        if (toolCacheMounted(instruction, command, 'pip', scope, runner)) continue;
        const install = command.expandedArgs.find((a) => a.value === 'install')!;
        const folder = cacheFolderText(cacheDirOf(command, 'pip', scope, runner), 'pip', runner);
        const owner = cacheOwnerOptions(runner);
        // A cache mount is root's unless `uid=` gives it to the user pip runs as.
        const mountedBy = runner.root
          ? ''
          : owner
            ? ` with \`${owner.slice(1)}\` (pip runs as ${runnerName(runner)})`
            : ` with \`uid=\` set to the uid of ${runnerName(runner)}, who runs pip`;
        report({
          range: command.range,
          message: `pip keeps its download cache in the layer: add \`--no-cache-dir\` or mount a cache on ${folder}${mountedBy}.`,
          fix: {
            description: 'Add --no-cache-dir',
            applicability: 'safe',
            edits: [
              { start: install.range.end.offset, end: install.range.end.offset, content: ' --no-cache-dir' },
            ],
          },
        });
      }
    }
  },
});
