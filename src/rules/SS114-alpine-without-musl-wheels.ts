import type { Instruction } from '../dockerfile/model.js';
import { compilesFromSourceOn, type WheelTarget } from '../project/index.js';
import { defineRule } from './define.js';
import { commandsOf, isPythonDependencyInstall } from './lib/commands.js';
import { imagePythonVersion } from './lib/runtime-python-version.js';
import { baseImageOf, isAlpineImage, rootStage } from './lib/size-images.js';

function installsDependencies(instructions: Instruction[]): boolean {
  return instructions.some(
    (i) => i.keyword === 'RUN' && commandsOf(i).some((command) => isPythonDependencyInstall(command)),
  );
}

export const rule = defineRule({
  code: 'SS114',
  name: 'alpine-without-musl-wheels',
  severity: 'warning',
  fixable: false,
  sources: [],
  docs: {
    summary:
      'An Alpine stage installs locked packages that have no musllinux wheels: they compile from source.',
    whatItDoes:
      "For each stage on an Alpine base that installs Python dependencies, reads the lock's wheel tags (uv.lock, and PDM/Poetry locks that list files) and lists the packages that ship compiled wheels for other platforms but none that fits musl for the image's Python.",
    why: 'pip and uv fall back to the sdist on musl: the build then needs gcc, headers and often Rust, takes minutes instead of seconds, and the toolchain tends to stay in the image. A Debian `-slim` base uses the manylinux wheels as they are and usually ends up smaller than Alpine plus build tools.',
    example: {
      bad: 'FROM python:3.12-alpine\nCOPY pyproject.toml uv.lock ./\nRUN uv sync --locked --no-dev',
      good: 'FROM python:3.12-slim\nCOPY pyproject.toml uv.lock ./\nRUN uv sync --locked --no-dev',
    },
    fixSafety: 'No fix: changing the base image changes the C library and the system package manager.',
  },
  check({ dockerfile, project, report }) {
    const lock = project.uvLock ?? project.lock;
    if (!lock) return;
    const devOnly = new Set(project.devOnlyPackages);
    for (const stage of dockerfile.stages) {
      const image = baseImageOf(dockerfile, stage);
      if (!image || !isAlpineImage(image)) continue;
      if (!installsDependencies(stage.instructions)) continue;
      const root = rootStage(dockerfile, stage);
      const version = imagePythonVersion(root.resolvedBaseImage);
      const python = version ? `${version.major}.${version.minor}` : null;
      const arch = /arm64|aarch64/.test(stage.platform ?? root.platform ?? '') ? 'aarch64' : 'x86_64';
      const target: WheelTarget = { python: python ?? '3.13', libc: 'musl', arch };
      const missing = lock.packages.filter(
        (pkg) =>
          !devOnly.has(pkg.name) &&
          (python
            ? compilesFromSourceOn(pkg, target)
            : compilesFromSourceOn(pkg, target) &&
              !pkg.wheels.some((w) => w.tags.some((t) => t.platform.startsWith('musllinux')))),
      );
      if (missing.length === 0) continue;
      const names = missing.map((pkg) => (pkg.version ? `${pkg.name} ${pkg.version}` : pkg.name));
      const shown = names.slice(0, 8).join(', ') + (names.length > 8 ? ` and ${names.length - 8} more` : '');
      report({
        range: root.baseRange,
        message: `${missing.length} locked package${missing.length > 1 ? 's have' : ' has'} no musllinux wheel${python ? ` for Python ${python}` : ''} and will compile from source on Alpine (${shown}): use a Debian \`-slim\` base, or build them in a builder stage with the compilers they need.`,
      });
    }
  },
});
