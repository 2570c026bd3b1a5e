import { stageByReference } from '../dockerfile/index.js';
import { defineRule } from './define.js';
import { looksLikeVenv, venvLocations } from './lib/cache-venvs.js';
import {
  copyTransfer,
  hasGlob,
  isUnder,
  normalizePath,
  resolvePath,
  workdirsOfAllStages,
} from './lib/size-paths.js';

export const rule = defineRule({
  code: 'SS413',
  name: 'venv-path-moved',
  severity: 'error',
  fixable: false,
  sources: [],
  docs: {
    summary: 'A virtualenv built at one path is copied to another, which breaks its scripts.',
    whatItDoes:
      'Reports `COPY --from=<stage>` that moves a virtualenv (one the stage built with `python -m venv`, `virtualenv`, `uv venv`, `uv sync`, an in-project Poetry install or VIRTUAL_ENV/UV_PROJECT_ENVIRONMENT, or a folder named `.venv`/`venv`), or a folder holding one, to a different path. `uv venv --relocatable` venvs are left alone.',
    why: "A venv's console scripts (`uvicorn`, `gunicorn`, `celery`…) start with a shebang holding the absolute path of the venv's python at build time. Moved elsewhere, that path no longer exists, and the container fails with `no such file or directory` even though `python -m` still works.",
    example: {
      bad: 'FROM python:3.12-slim AS builder\nRUN python -m venv /build/venv && /build/venv/bin/pip install uvicorn\nFROM python:3.12-slim\nCOPY --from=builder /build/venv /opt/venv',
      good: 'FROM python:3.12-slim AS builder\nRUN python -m venv /opt/venv && /opt/venv/bin/pip install uvicorn\nFROM python:3.12-slim\nCOPY --from=builder /opt/venv /opt/venv',
    },
    fixSafety: 'No fix: whether to move the build or the copy is your choice.',
  },
  check({ dockerfile, report }) {
    const cwdAt = workdirsOfAllStages(dockerfile);
    for (const stage of dockerfile.stages) {
      for (const instruction of stage.instructions) {
        const transfer = copyTransfer(instruction);
        if (!transfer?.from) continue;
        const source = stageByReference(dockerfile, transfer.from);
        if (!source || source.index === stage.index) continue;
        const destination = resolvePath(cwdAt.get(instruction) ?? null, transfer.destination.value);
        if (!destination || transfer.sources.length !== 1) continue;
        const word = transfer.sources[0]!;
        if (!word.value.startsWith('/') || word.value.includes('$') || hasGlob(word.value)) continue;
        const from = normalizePath(word.value);
        const known = venvLocations(dockerfile, source);
        const venvs = [
          ...known.filter((v) => isUnder(v.path, from)),
          ...(looksLikeVenv(from) && !known.some((v) => v.path === from)
            ? [{ path: from, relocatable: false }]
            : []),
        ];
        for (const venv of venvs) {
          if (venv.relocatable) continue;
          const landed = normalizePath(`${destination}/${venv.path.slice(from.length)}`);
          if (landed === venv.path) continue;
          report({
            range: transfer.destination.range,
            message: `The venv built at ${venv.path} lands at ${landed}, but its scripts' shebangs still point at ${venv.path}/bin/python: copy it to ${venv.path} or build it at ${landed}.`,
          });
          break;
        }
      }
    }
  },
});
