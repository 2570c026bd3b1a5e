import type { Dockerfile } from '../dockerfile/model.js';
import { copyAllLetsThrough, dockerignoreFor } from '../project/index.js';
import type { DockerIgnoreFile } from '../project/types.js';
import type { Edit } from '../types.js';
import { defineRule } from './define.js';
import { type CopyTransfer, copyTransfer } from './lib/size-paths.js';

/** What must never ride along with `COPY .`: the path to ask about, and the line that keeps it out. */
const MUST_IGNORE: Array<{ label: string; probe: string; pattern: string }> = [
  { label: '.git', probe: '.git', pattern: '.git' },
  { label: '.venv', probe: '.venv', pattern: '.venv' },
  { label: 'venv', probe: 'venv', pattern: 'venv' },
  { label: '__pycache__', probe: 'app/__pycache__', pattern: '**/__pycache__' },
  { label: '.env', probe: '.env', pattern: '.env' },
];

/** Sensible extras for a new file: caches and tool state that only bloat the context. */
const NEW_FILE_EXTRAS = [
  '**/*.py[cod]',
  '.pytest_cache',
  '.mypy_cache',
  '.ruff_cache',
  '.tox',
  '.nox',
  '.coverage',
  'htmlcov',
  '.idea',
  '.vscode',
  '.DS_Store',
];

/** Did the user re-include it on purpose (`!.env.example` does not count, `!.env` does)? */
function reincluded(ignore: DockerIgnoreFile, pattern: string): boolean {
  return ignore.patterns.some(
    (p) => p.exclusion && (p.pattern === pattern || p.pattern === pattern.replace('**/', '')),
  );
}

/** The first COPY/ADD of the whole build context (`COPY . x`, `COPY ./ x`), read in file order. */
function firstCopyOfContext(dockerfile: Dockerfile): Readonly<CopyTransfer> | null {
  for (const instruction of dockerfile.instructions) {
    const transfer = copyTransfer(instruction);
    if (transfer?.from === null && transfer.sources.some((s) => s.value === '.' || s.value === './'))
      return transfer;
  }
  return null;
}

export const rule = defineRule({
  code: 'SS109',
  name: 'dockerignore-missing-or-weak',
  severity: 'warning',
  fixable: 'safe',
  sources: [],
  docs: {
    summary:
      '`COPY .` with no .dockerignore, or one that lets .git, a virtualenv, __pycache__ or .env through.',
    whatItDoes:
      'Reports the first `COPY .`/`ADD .` from the build context when the project has no .dockerignore (or `<Dockerfile>.dockerignore`), or when the one it has does not keep out `.git`, `.venv`, `venv`, `__pycache__` folders at any depth, or `.env`.',
    why: "Everything `COPY .` sees is sent to the builder and lands in the layer: the whole git history, a local virtualenv built for another OS (often hundreds of MB, and it shadows the image's own), stale bytecode, and the developer's secrets in .env. Any edit to them also busts the layer cache.",
    example: {
      bad: '# no .dockerignore\nCOPY . /app',
      good: '# .dockerignore\n.git\n.venv\nvenv\n**/__pycache__\n.env',
    },
    fixSafety:
      'Safe: writes a .dockerignore (or appends the missing lines to the existing one); the entries are never needed inside an image, and a `!` line the user wrote is respected.',
  },
  check({ dockerfile, project, file, report }) {
    const entry = project.dockerfiles.find((d) => d.path === file) ?? project.dockerfile;
    const ignore = dockerignoreFor(project, entry);
    const copyAll = firstCopyOfContext(dockerfile);
    if (!copyAll) return;
    const source = copyAll.sources.find((s) => s.value === '.' || s.value === './')!;
    const keyword = copyAll.instruction.keywordText;
    if (!ignore) {
      const content = `# Written by shipshape (SS109): keeps VCS data, virtualenvs, caches and secrets out of the build.\n${[...MUST_IGNORE.map((m) => m.pattern), ...NEW_FILE_EXTRAS].join('\n')}\n`;
      report({
        range: source.range,
        message: `\`${keyword} .\` sends the whole folder (.git, .venv, __pycache__, .env) into the image because there is no .dockerignore: add one.`,
        fix: {
          description: 'Write a .dockerignore',
          applicability: 'safe',
          edits: [{ file: '.dockerignore', start: 0, end: 0, content }],
        },
      });
      return;
    }
    const missing = MUST_IGNORE.filter(
      (m) => copyAllLetsThrough(ignore, m.probe) && !reincluded(ignore, m.pattern),
    );
    if (missing.length === 0) return;
    const labels = missing.map((m) => `\`${m.label}\``).join(', ');
    const end = ignore.text.length;
    const separator = ignore.text === '' || ignore.text.endsWith('\n') ? '' : '\n';
    const edit: Edit = {
      file: ignore.path,
      start: end,
      end,
      content: `${separator}# Added by shipshape (SS109)\n${missing.map((m) => m.pattern).join('\n')}\n`,
    };
    report({
      range: source.range,
      message: `${ignore.path} lets ${labels} through \`${keyword} .\`: add ${missing.length > 1 ? 'them' : 'it'} to ${ignore.path}.`,
      fix: {
        description: `Add ${missing.map((m) => m.pattern).join(', ')} to ${ignore.path}`,
        applicability: 'safe',
        edits: [edit],
      },
    });
  },
});
