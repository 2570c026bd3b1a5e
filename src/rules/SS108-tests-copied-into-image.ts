import { copyAllLetsThrough, dockerignoreFor } from '../project/index.js';
import { defineRule } from './define.js';
import { copyTransfer } from './lib/size-paths.js';
import { shippedInstructions } from './lib/stages.js';

/** Folders a server never reads at run time. */
const NOT_NEEDED = /^(tests?|docs?|testing)$/i;

function folderName(source: string): string | null {
  const clean = source.replace(/^\.\//, '').replace(/\/+$/, '');
  if (clean.includes('/') || clean.includes('$')) {
    // `src/tests`, `./app/tests/` — the last segment still says tests.
    const last = clean.split('/').pop() ?? '';
    return NOT_NEEDED.test(last) && !clean.includes('$') ? clean : null;
  }
  return NOT_NEEDED.test(clean) ? clean : null;
}

export const rule = defineRule({
  code: 'SS108',
  name: 'tests-copied-into-image',
  severity: 'warning',
  fixable: false,
  sources: [],
  docs: {
    summary: 'tests/ or docs/ end up in the image that ships.',
    whatItDoes:
      'Reports a COPY/ADD from the build context into the shipped stage (or a stage it is built FROM) that names a `tests/`, `test/` or `docs/` folder, and a `COPY . …` that lets such a folder of the project through its .dockerignore.',
    why: 'Tests and documentation are never read by a running server: they add bytes, and every change to them invalidates the layer and what follows it. Run tests in a separate stage (or in CI against the image) and keep them out of the one you ship.',
    example: {
      bad: 'COPY src/ ./src/\nCOPY tests/ ./tests/',
      good: 'COPY src/ ./src/',
    },
    fixSafety: 'No fix: a test stage or CI job may still need the folder, so where it goes is a choice.',
  },
  check({ dockerfile, project, file, report }) {
    const entry = project.dockerfiles.find((d) => d.path === file) ?? project.dockerfile;
    const ignore = dockerignoreFor(project, entry);
    const projectFolders = project.entries
      .filter((e) => e.kind === 'dir' && NOT_NEEDED.test(e.name))
      .map((e) => e.name);
    for (const instruction of shippedInstructions(dockerfile)) {
      const transfer = copyTransfer(instruction);
      if (!transfer || transfer.from !== null) continue;
      for (const source of transfer.sources) {
        const named = folderName(source.value);
        if (named) {
          report({
            range: source.range,
            message: `\`${source.value}\` is copied into the image that ships, but a server never reads it: drop this COPY (run tests in a separate stage) or copy only what runs.`,
          });
          continue;
        }
        if (source.value !== '.' && source.value !== './') continue;
        const through = projectFolders.filter((folder) => copyAllLetsThrough(ignore, folder));
        if (through.length === 0) continue;
        const list = through.map((f) => `\`${f}/\``).join(' and ');
        report({
          range: source.range,
          message: `\`${instruction.keywordText} .\` copies ${list} into the image that ships: add ${through.length > 1 ? 'them' : 'it'} to .dockerignore.`,
        });
      }
    }
  },
});
