import { defineRule } from './define.js';
import { installsFromManifests } from './lib/cache-installs.js';
import { describeCopy, instructionsBefore, sourceCopyBefore } from './lib/cache-source.js';
import { commandsOf } from './lib/commands.js';

export const rule = defineRule({
  code: 'SS201',
  name: 'source-copied-before-dependencies',
  severity: 'warning',
  fixable: false,
  sources: [],
  docs: {
    summary:
      'The source tree is copied before the dependencies are installed, so every code change reinstalls them.',
    whatItDoes:
      'Reports a dependency install that reads the project manifests (`pip install -r …`, `pip install .`, `uv sync`, `poetry install`, `pdm install`, `pipenv install`) when the source tree (`COPY . .`, a code folder, `*.py`; not deployment folders such as `scripts/` or `nginx/`, nor a lone `__init__.py` stub the build backend needs) was copied into the same stage, or a stage it is built FROM, before it and no dependency install ran before that copy.',
    why: 'BuildKit reuses a layer only while everything before it is unchanged. With the source copied first, any edit to any file invalidates the install, and each rebuild downloads and installs every dependency again: the difference between a 0.4 s and a 47 s rebuild in the guide.',
    example: {
      bad: 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt',
      good: 'FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . .',
    },
    fixSafety:
      'No fix: which files the install needs first is a judgement call (`shipshape optimize` rewrites the order).',
  },
  check({ dockerfile, project, report }) {
    for (const instruction of dockerfile.instructions) {
      if (instruction.keyword !== 'RUN') continue;
      const installs = commandsOf(instruction).filter((c) =>
        installsFromManifests(c, { builtArchives: false }),
      );
      if (installs.length === 0) continue;
      const firstCopy = sourceCopyBefore(dockerfile, project, instruction);
      if (!firstCopy) continue;
      const installedEarlier = instructionsBefore(dockerfile, firstCopy.instruction).some(
        (earlier) => earlier.keyword === 'RUN' && commandsOf(earlier).some((c) => installsFromManifests(c)),
      );
      if (installedEarlier) continue;
      const install = installs[0]!;
      report({
        range: install.range,
        message: `This install reruns on every code change because ${describeCopy(firstCopy)} copies the source before it: copy only the dependency files first, install, then copy the source.`,
      });
    }
  },
});
