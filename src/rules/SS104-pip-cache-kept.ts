import { scopeView } from '../dockerfile/index.js';
import { defineRule } from './define.js';
import { cacheTurnedOff, toolCacheMounted } from './lib/cache-installs.js';
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
      'Reports `pip install` (also `pip3`, `python -m pip`, and behind `sudo`, `gosu`, `env`, `timeout` and the like) run with neither `--no-cache-dir`, `PIP_NO_CACHE_DIR` nor a cache mount on the pip cache. A variable set before `sudo` does not count: sudo resets the environment unless `-E` keeps it.',
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
        // A cache on pip's folder or on a parent of it (`/root/.cache`) keeps it out of the layer.
        if (toolCacheMounted(instruction, command, 'pip', scope)) continue;
        const install = command.expandedArgs.find((a) => a.value === 'install')!;
        report({
          range: command.range,
          message:
            'pip keeps its download cache in the layer: add `--no-cache-dir` or mount a cache on /root/.cache/pip.',
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
