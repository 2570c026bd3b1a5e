import { resolveAt } from '../dockerfile/index.js';
import type { Dockerfile, Flag, Instruction } from '../dockerfile/model.js';
import type { Range } from '../types.js';
import { defineRule } from './define.js';

/** Official images people copy from by bare name (a stage of that name would win). */
const WELL_KNOWN_IMAGES = new Set([
  'alpine',
  'busybox',
  'debian',
  'ubuntu',
  'python',
  'node',
  'golang',
  'rust',
  'nginx',
  'docker',
  'redis',
  'postgres',
  'mysql',
  'mariadb',
  'scratch',
  'caddy',
  'traefik',
]);

interface StageReference {
  instruction: Instruction;
  value: string;
  range: Range;
}

function references(dockerfile: Dockerfile): StageReference[] {
  const found: StageReference[] = [];
  const add = (
    instruction: Instruction,
    flag: Flag,
    value: string | null | undefined,
    range: Range | null,
  ) => {
    if (value)
      found.push({
        instruction,
        value: value.includes('$') ? resolveAt(dockerfile, instruction, value) : value,
        range: range ?? flag.range,
      });
  };
  for (const instruction of dockerfile.instructions) {
    for (const flag of instruction.flags) {
      if (flag.name === 'from' && (instruction.keyword === 'COPY' || instruction.keyword === 'ADD'))
        add(instruction, flag, flag.value, flag.valueRange);
      if (flag.name === 'mount') {
        const from = flag.options.find((o) => o.name === 'from');
        if (from) add(instruction, flag, from.value, from.range);
      }
    }
  }
  return found;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}

export const rule = defineRule({
  code: 'SS411',
  name: 'unknown-stage-reference',
  severity: 'error',
  fixable: false,
  sources: ['hadolint:DL3022', 'hadolint:DL3023', 'trivy:DS006'],
  docs: {
    summary: '`COPY --from` (or `RUN --mount=from=`) names a stage that does not exist, or its own stage.',
    whatItDoes:
      'Reports `--from` values that are the current stage (by name or index), a stage index out of range, or a bare name that no stage has (likely a typo: BuildKit then tries to pull an image of that name). Image references (`ghcr.io/astral-sh/uv:0.8`, `nginx:1.27`) and a few well-known official images used by bare name are left alone.',
    why: 'A stage cannot copy from itself, and a misspelt stage name does not fail as "no such stage": BuildKit looks for `docker.io/library/<name>`, so the build fails with a confusing pull error or, worse, copies from an unrelated public image.',
    example: {
      bad: 'FROM python:3.12-slim AS builder\nRUN pip wheel -w /wheels flask\nFROM python:3.12-slim\nCOPY --from=biulder /wheels /wheels',
      good: 'FROM python:3.12-slim AS builder\nRUN pip wheel -w /wheels flask\nFROM python:3.12-slim\nCOPY --from=builder /wheels /wheels',
    },
    fixSafety: 'No fix: the intended stage is a guess.',
  },
  check({ dockerfile, report }) {
    const names = dockerfile.stages.flatMap((s) => (s.name ? [s.name] : []));
    const known = new Set(names);
    for (const reference of references(dockerfile)) {
      const value = reference.value.toLowerCase();
      if (value === '' || value.includes('$')) continue;
      const own = dockerfile.stages[reference.instruction.stageIndex];
      if (/^\d+$/.test(value)) {
        const index = Number(value);
        if (index === own?.index)
          report({
            range: reference.range,
            message: `Stage ${index} cannot copy from itself: name an earlier stage.`,
          });
        else if (index >= dockerfile.stages.length)
          report({
            range: reference.range,
            message: `There is no stage ${index} (the Dockerfile has ${dockerfile.stages.length}): name an existing stage.`,
          });
        continue;
      }
      if (own?.name === value) {
        report({
          range: reference.range,
          message: `Stage \`${value}\` cannot copy from itself: name an earlier stage.`,
        });
        continue;
      }
      if (known.has(value) || /[/:@.]/.test(value) || WELL_KNOWN_IMAGES.has(value)) continue;
      const near = names.find((name) => distance(name, value) <= 2);
      report({
        range: reference.range,
        message: near
          ? `No stage is named \`${value}\` (did you mean \`${near}\`?): BuildKit would try to pull an image of that name.`
          : `No stage is named \`${value}\`: BuildKit would try to pull an image of that name; name an existing stage or write the image with its tag.`,
      });
    }
  },
});
