import { defineRule } from './define.js';
import {
  ALL_PACKAGES,
  type BuildOnlyKind,
  buildOnlyKind,
  installedPackages,
  packagesRemovedInSameRun,
} from './lib/size-packages.js';
import { shippedInstructions } from './lib/stages.js';

const WHY: Record<BuildOnlyKind, string> = {
  compiler: 'is a build tool',
  headers: 'holds C headers for compiling',
  'repository-helper': 'only helps add an apt repository',
};

export const rule = defineRule({
  code: 'SS101',
  name: 'build-only-packages-shipped',
  severity: 'warning',
  fixable: false,
  sources: [],
  docs: {
    summary: 'Compilers, `-dev` headers or apt-repository helpers stay in the image that ships.',
    whatItDoes:
      'Reports system packages only a build needs — `build-essential`, `gcc`, `make`, `cmake`, `pkg-config`, `*-dev`/`*-devel` headers, `musl-dev`, and `gnupg`, `lsb-release`, `apt-transport-https`, `software-properties-common` (used only to add an apt repository) — installed by apt, apk or dnf in the stage that ships (or a stage it is built FROM) and not removed again in the same RUN.',
    why: "A compiler toolchain adds 200–300 MB and a wide attack surface to an image that never compiles anything at run time; repository helpers pull in GnuPG and friends for a one-off key import. Build wheels in a builder stage and copy the result (the guide's issue 3: no multi-stage build, so build tools remain in the final image).",
    example: {
      bad: 'FROM python:3.12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends gcc libpq-dev \\\n    && rm -rf /var/lib/apt/lists/*\nRUN pip install --no-cache-dir psycopg2',
      good: 'FROM python:3.12-slim AS builder\nRUN apt-get update && apt-get install -y --no-install-recommends gcc libpq-dev\nRUN python -m venv /venv && /venv/bin/pip install --no-cache-dir psycopg2\n\nFROM python:3.12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends libpq5 \\\n    && rm -rf /var/lib/apt/lists/*\nCOPY --from=builder /venv /venv',
    },
    fixSafety:
      'No fix: moving the build into a builder stage changes the Dockerfile shape (`shipshape optimize` does it).',
  },
  check({ dockerfile, report }) {
    for (const instruction of shippedInstructions(dockerfile)) {
      if (instruction.keyword !== 'RUN') continue;
      const installed = installedPackages(instruction);
      if (installed.length === 0) continue;
      const removed = packagesRemovedInSameRun(instruction);
      if (removed.has(ALL_PACKAGES)) continue;
      for (const pkg of installed) {
        const kind = buildOnlyKind(pkg.name);
        if (!kind || removed.has(pkg.name)) continue;
        const advice =
          kind === 'repository-helper'
            ? 'remove it in the same RUN once the repository is added, or fetch the key with a tool already present'
            : 'install it in a builder stage and copy only the built result into the final stage';
        report({
          range: pkg.word.range,
          message: `\`${pkg.name}\` ${WHY[kind]} and ships in the final image: ${advice}.`,
        });
      }
    }
  },
});
