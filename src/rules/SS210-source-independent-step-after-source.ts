import { defineRule } from './define.js';
import { slowSourceIndependentStep } from './lib/cache-slow-steps.js';
import { describeCopy, sourceCopyBefore } from './lib/cache-source.js';
import { commandsOf } from './lib/commands.js';

export const rule = defineRule({
  code: 'SS210',
  name: 'source-independent-step-after-source',
  severity: 'warning',
  fixable: false,
  sources: [],
  docs: {
    summary:
      'A slow step that does not read the source runs after the source COPY, so every code change reruns it.',
    whatItDoes:
      "Reports, after a COPY of the source tree in the same stage (or a stage it is built FROM): post-install setups (`crawl4ai-setup`, `playwright install`, `camoufox fetch`, a console script of the project named like `*-setup`/`*-download` whose entry point is a dependency's module — one that runs the project's own code reads the source and is left alone), model and data downloads (`huggingface-cli download`, `python -m spacy download`, `python -m nltk.downloader`, `curl`/`wget` of a remote URL) and `pip install` of packages named on the command line. System package installs after the source are SS205's.",
    why: "BuildKit reruns every step after the first changed layer. A setup that downloads browsers or models takes tens of seconds and gives the same result whatever the code says; placed after `COPY src/`, it reruns on every edit: the cause of the guide's 47 s rebuild, against 0.4 s once it moves up.",
    example: {
      bad: 'COPY pyproject.toml uv.lock ./\nRUN uv sync --locked\nCOPY src/ ./src/\nRUN uv run crawl4ai-setup',
      good: 'COPY pyproject.toml uv.lock ./\nRUN uv sync --locked\nRUN uv run crawl4ai-setup\nCOPY src/ ./src/',
    },
    fixSafety:
      'No fix: a setup that is one of your own scripts needs its module copied first, which only you can tell.',
  },
  check({ dockerfile, project, report }) {
    for (const instruction of dockerfile.instructions) {
      if (instruction.keyword !== 'RUN') continue;
      const copy = sourceCopyBefore(dockerfile, project, instruction);
      if (!copy) continue;
      const steps = commandsOf(instruction)
        .map((command) => ({ command, kind: slowSourceIndependentStep(command, project) }))
        .filter((step) => step.kind !== null);
      for (const { command, kind } of steps) {
        report({
          range: command.range,
          message: `This ${kind} does not depend on your code but runs after ${describeCopy(copy)}, so every code change reruns it: move it before that COPY (copying first only the files it needs).`,
        });
      }
    }
  },
});
