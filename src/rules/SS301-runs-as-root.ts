import { expandVariables, isRootUser, scopeView } from '../dockerfile/index.js';
import { defineRule } from './define.js';
import { baseImageUser, baseKnownToRunAsRoot } from './lib/base-image-users.js';
import { parseImageReference } from './lib/security-image-reference.js';
import { shippedInstructions, shippedLineage, shippedStage } from './lib/stages.js';

/** Tools that start as root on purpose and then drop to another user before the server runs. */
const PRIVILEGE_DROPPERS = /\b(gosu|su-exec|setpriv|runuser|chpst|s6-setuidgid)\b/;

export const rule = defineRule({
  code: 'SS301',
  name: 'runs-as-root',
  severity: 'warning',
  fixable: false,
  sources: ['hadolint:DL3002', 'trivy:DS002', 'checkov:CKV_DOCKER_3', 'checkov:CKV_DOCKER_8'],
  docs: {
    summary: 'The shipped image runs its process as root.',
    whatItDoes:
      'Reports the stage that ships when it (and the stages it is built FROM) sets no `USER`, or when its last `USER` is `root` or uid 0. Images whose tag says `nonroot`, Windows images, the Dockerfile of a GitHub Docker action (`action.yml` with `runs.using: docker`, which GitHub runs as root and whose docs say not to set `USER`), images that drop privileges with gosu/su-exec at start, and bases known to set a non-root USER themselves (`mambaorg/micromamba`, `jupyter/*`, `cgr.dev/chainguard/*`, `apache/airflow`, Red Hat UBI Python…) are left alone. On another third-party base, which may set a USER shipshape cannot see, the message says so.',
    why: 'A process running as root inside the container is root on the files it can reach: a bug in the server or one of its dependencies becomes full control of the container, and of the host if a mount or a kernel flaw lets it out.',
    example: {
      bad: 'FROM python:3.12-slim\nCOPY . /app\nCMD ["python", "/app/main.py"]',
      good: 'FROM python:3.12-slim\nRUN useradd --system --uid 10001 app\nCOPY . /app\nUSER app\nCMD ["python", "/app/main.py"]',
    },
    fixSafety: 'No fix: the user has to exist and own what the server writes; that needs a human decision.',
  },
  check({ dockerfile, project, report }) {
    // GitHub runs a Docker action's container as root and tells authors not to set USER
    // (the workspace it mounts is root's).
    if (project.githubAction?.dockerfile === dockerfile.path) return;
    const shipped = shippedStage(dockerfile);
    if (!shipped) return;
    const lineage = shippedLineage(dockerfile);
    const root = lineage[0]!;
    const base = parseImageReference(root.resolvedBaseImage.toLowerCase());
    if (/nonroot|distroless.*debug-nonroot/.test(base.tag ?? '')) return;
    if (/windows|servercore|nanoserver/.test(`${base.repository}:${base.tag ?? ''}`)) return;
    const instructions = shippedInstructions(dockerfile);
    const textOf = (i: (typeof instructions)[number]) =>
      dockerfile.text.slice(i.range.start.offset, i.range.end.offset);
    if (instructions.some((i) => i.keyword !== 'USER' && PRIVILEGE_DROPPERS.test(textOf(i)))) return;

    const user = instructions.filter((i) => i.keyword === 'USER').pop();
    if (!user) {
      // `mambaorg/micromamba` sets USER mambauser itself: the image inherits it.
      if (root.baseStageIndex === null && baseImageUser(root.resolvedBaseImage) !== null) return;
      const knownRoot = root.baseStageIndex !== null || baseKnownToRunAsRoot(root.resolvedBaseImage);
      report({
        range: shipped.baseRange,
        message: knownRoot
          ? 'The image runs as root: create an unprivileged user and switch to it with `USER` before CMD.'
          : `The image runs as root unless its base \`${root.resolvedBaseImage}\` sets a USER, which shipshape cannot see: switch to an unprivileged user with \`USER\` before CMD (it also documents who the server runs as).`,
      });
      return;
    }
    const written = user.args[0]?.value ?? '';
    const name = expandVariables(written, scopeView(dockerfile, user), { keepUnknown: true }).split(':')[0];
    if (!isRootUser(name ?? '')) return;
    report({
      range: user.argsRange ?? user.range,
      message:
        'The last USER is root, so the server runs as root: switch to an unprivileged user after the root-only steps.',
    });
  },
});
