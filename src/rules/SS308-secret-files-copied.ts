import { flag } from '../dockerfile/index.js';
import type { Instruction } from '../dockerfile/model.js';
import { cleanPath, copyAllLetsThrough } from '../project/dockerignore.js';
import { dockerignoreFor } from '../project/queries.js';
import type { DockerIgnoreFile } from '../project/types.js';
import { defineRule } from './define.js';
import { secretFileKind } from './lib/security-secrets.js';

function copyFromContext(instruction: Instruction): Instruction | null {
  const target = instruction.trigger ?? instruction;
  if (target.keyword !== 'COPY' && target.keyword !== 'ADD') return null;
  if (flag(target, 'from') || target.heredocs.length > 0) return null;
  return target;
}

/** `COPY . x`, `COPY ./ x`, `COPY * x`: the whole top level of the context. */
function copiesWholeContext(source: string): boolean {
  if (source === '*' || source === './*') return true;
  // Only an empty or relative path with a dot in it can clean to `.`: no split for the rest.
  return (source === '' || (source.includes('.') && !source.startsWith('/'))) && cleanPath(source) === '.';
}

export const rule = defineRule({
  code: 'SS308',
  name: 'secret-files-copied',
  severity: 'warning',
  fixable: false,
  sources: [],
  docs: {
    summary: 'Keys, credentials or .env files are copied into the image.',
    whatItDoes:
      'Reports COPY/ADD of `.env` files (not `.env.example` and other templates), SSH keys (`id_rsa`…), `.ssh`, `.netrc`, `.aws`, `.pypirc`, `.git-credentials` and private-key files (`*.pem` that are not named as CA certificates); and `COPY .` when such a file sits in the project and .dockerignore lets it through.',
    why: 'Everything copied into a layer is readable by anyone who can pull the image — deleting it in a later step does not remove it from the earlier layer. Credentials shipped this way leak with every copy of the image, to every registry and cache it passes through.',
    example: {
      bad: 'COPY . /app        # with .env next to the Dockerfile and no .dockerignore',
      good: '# .dockerignore\n.env\n*.pem\n\n# Dockerfile\nCOPY . /app\n# build-time credentials: RUN --mount=type=secret,id=netrc,target=/root/.netrc …',
    },
    fixSafety:
      'No fix: whether the file is needed at run time (then it belongs in a secret store) is for the owner to decide.',
  },
  check({ dockerfile, project, file, report }) {
    // The project's secret files .dockerignore lets through, read only when a `COPY .` asks.
    let context:
      | { ignore: DockerIgnoreFile | null; letThrough: Array<{ name: string; kind: string }> }
      | undefined;
    const contextSecrets = () => {
      if (!context) {
        const entry = project.dockerfiles.find((e) => e.path === file) ?? project.dockerfile;
        const ignore = dockerignoreFor(project, entry);
        const letThrough = project.entries
          .map((e) => ({ name: e.name, kind: secretFileKind(e.name) }))
          .filter(
            (e): e is { name: string; kind: string } => e.kind !== null && copyAllLetsThrough(ignore, e.name),
          );
        context = { ignore, letThrough };
      }
      return context;
    };
    for (const instruction of dockerfile.instructions) {
      const copy = copyFromContext(instruction);
      if (!copy) continue;
      for (const source of copy.args.slice(0, -1)) {
        const kind = secretFileKind(source.value);
        if (kind) {
          report({
            range: source.range,
            message: `\`${source.value}\` (${kind}) is copied into a layer anyone with the image can read: leave it out and pass it at build time with \`RUN --mount=type=secret\` or at run time.`,
          });
        } else if (copiesWholeContext(source.value) && contextSecrets().letThrough.length > 0) {
          const { ignore, letThrough } = contextSecrets();
          const names = letThrough.map((e) => `${e.name} (${e.kind})`).join(', ');
          report({
            range: source.range,
            message: `\`${copy.keywordText} ${source.value}\` copies ${names} into the image: ${ignore ? 'add' : 'create a .dockerignore that lists'} ${letThrough.length === 1 ? 'it' : 'them'}${ignore ? ` to ${ignore.path}` : ''}.`,
          });
        }
      }
    }
  },
});
