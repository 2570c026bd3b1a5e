import { flag } from '../dockerfile/index.js';
import type { Instruction } from '../dockerfile/model.js';
import { defineRule } from './define.js';

const URL = /^[a-z][a-z0-9+.-]*:\/\//i;
const GIT = /^(git@|git:\/\/)|\.git(#|$)/;
/** Local archives ADD unpacks on its own: the one reason to prefer it over COPY for local files. */
const ARCHIVE = /\.(tar|tar\.gz|tgz|tar\.bz2|tbz2?|tar\.xz|txz|tar\.zst|tzst|tar\.lz|tar\.lzma)$/i;

function addOf(instruction: Instruction): Instruction | null {
  const target = instruction.trigger ?? instruction;
  return target.keyword === 'ADD' ? target : null;
}

export const rule = defineRule({
  code: 'SS305',
  name: 'add-instead-of-copy',
  severity: 'warning',
  fixable: false,
  sources: ['hadolint:DL3020', 'trivy:DS005', 'checkov:CKV_DOCKER_4'],
  docs: {
    summary: '`ADD` copies local files, or downloads a URL without `--checksum`.',
    whatItDoes:
      'Reports `ADD` of local files and folders (use `COPY`), `ADD` of an http(s) URL without `--checksum=sha256:…`, and `ADD` of a Git repository not pinned to a commit. `ADD` of a local tar archive is left alone: unpacking it is what ADD is for.',
    why: '`ADD` does more than copy — it fetches URLs and unpacks archives — so a reader cannot tell what a line does, and a local file that happens to be a tarball is silently extracted. A remote file fetched without a checksum is whatever the server returns that day: nothing checks it was not replaced.',
    example: {
      bad: 'ADD requirements.txt /app/\nADD https://example.com/tool.tar.gz /opt/',
      good: 'COPY requirements.txt /app/\nADD --checksum=sha256:<sha256> https://example.com/tool.tar.gz /opt/',
    },
    fixSafety:
      'No fix: a source without an archive suffix may still be a tarball ADD would unpack, so swapping in COPY could change the result.',
  },
  check({ dockerfile, report }) {
    for (const instruction of dockerfile.instructions) {
      const add = addOf(instruction);
      if (!add) continue;
      const sources = add.heredocs.length > 0 ? [] : add.args.slice(0, -1);
      const checksum = flag(add, 'checksum');
      const locals = sources.filter((s) => !URL.test(s.value) && !GIT.test(s.value));
      for (const source of sources) {
        if (GIT.test(source.value)) {
          const ref = source.value.split('#')[1] ?? '';
          if (/^[0-9a-f]{40}\b/.test(ref) || checksum) continue;
          report({
            range: source.range,
            message: `\`ADD\` of a Git repository follows a moving branch or tag: pin it to a full commit (\`#<sha>\`) or add \`--checksum\`.`,
          });
        } else if (URL.test(source.value) && !checksum) {
          report({
            range: source.range,
            message:
              '`ADD` downloads this URL without checking it: add `--checksum=sha256:<sha256>` so a changed or tampered file fails the build.',
          });
        }
      }
      if (locals.length > 0 && !locals.every((s) => ARCHIVE.test(s.value))) {
        report({
          range: add.keywordRange,
          message:
            '`ADD` of local files also unpacks archives and fetches URLs: use `COPY`, which only copies.',
        });
      }
    }
  },
});
