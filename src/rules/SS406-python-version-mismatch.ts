import { flag, stageByReference } from '../dockerfile/index.js';
import { defineRule } from './define.js';
import {
  formatVersion,
  imagePythonVersion,
  type PythonVersion,
  sameVersion,
  satisfiesRequiresPython,
  stagePythonVersion,
} from './lib/runtime-python-version.js';
import { shippedInstructions, shippedLineage } from './lib/stages.js';

/** Sources that carry an installed environment tied to one Python: a venv or a site-packages tree. */
const ENVIRONMENT =
  /(^|\/)(\.venv|venv|\.?virtualenv)(\/|$)|\/opt\/venv|site-packages|dist-packages|\/lib\/python\d/;

export const rule = defineRule({
  code: 'SS406',
  name: 'python-version-mismatch',
  severity: 'error',
  fixable: false,
  sources: [],
  docs: {
    summary: "The base image's Python does not fit the project, or a venv moves between Pythons.",
    whatItDoes:
      "Reads the Python version from base image tags (`python:3.11-slim` → 3.11, `uv:python3.12-bookworm` → 3.12) and reports when the shipped stage's Python does not satisfy the project's `requires-python` (or Poetry's `python`, Pipfile's `python_version`, `.python-version`), and when a venv or site-packages is copied with `COPY --from` from a stage on another Python version than the one that ships.",
    why: 'An installer refuses a project whose `requires-python` excludes the interpreter, so the build fails late, or — with an old lock — installs wheels built for another version. A venv is bound to the interpreter that created it: its `bin/python` points at that version and its compiled extensions (`*.cpython-312-*.so`) do not load on another, so the image fails at start or on first import.',
    example: {
      bad: 'FROM python:3.12-slim AS builder\nRUN python -m venv /opt/venv && /opt/venv/bin/pip install -r requirements.txt\nFROM python:3.11-slim\nCOPY --from=builder /opt/venv /opt/venv',
      good: 'FROM python:3.12-slim AS builder\nRUN python -m venv /opt/venv && /opt/venv/bin/pip install -r requirements.txt\nFROM python:3.12-slim\nCOPY --from=builder /opt/venv /opt/venv',
    },
    fixSafety: 'No fix: which version is right — the image or the project — is for the owner to decide.',
  },
  check({ dockerfile, project, report }) {
    const lineage = shippedLineage(dockerfile);
    const shipped = lineage[lineage.length - 1];
    if (!shipped) return;
    const root = lineage[0]!;
    const version = stagePythonVersion(dockerfile, shipped);

    const requires = project.requiresPython?.trim();
    if (version && requires && satisfiesRequiresPython(version, requires) === false) {
      report({
        range: root.baseRange,
        message: `\`${root.resolvedBaseImage}\` ships Python ${formatVersion(version)}, which the project's Python requirement \`${requires}\` excludes: use a base image with a Python it allows.`,
      });
    }
    if (!version) return;

    for (const instruction of shippedInstructions(dockerfile)) {
      if (instruction.keyword !== 'COPY') continue;
      const from = flag(instruction, 'from');
      if (!from?.value) continue;
      const sources = instruction.args.slice(0, -1).filter((s) => ENVIRONMENT.test(s.value));
      if (sources.length === 0) continue;
      const stage = stageByReference(dockerfile, from.value);
      const sourceVersion: PythonVersion | null = stage
        ? stagePythonVersion(dockerfile, stage)
        : imagePythonVersion(from.value);
      if (sourceVersion && !sameVersion(sourceVersion, version)) {
        report({
          range: from.range,
          message: `This copies a Python environment built on Python ${formatVersion(sourceVersion)} into an image that runs Python ${formatVersion(version)}: its interpreter links and compiled extensions will not work; build both stages from the same Python version.`,
        });
        continue;
      }
      for (const source of sources) {
        const inPath = /python(\d+)\.(\d+)/.exec(source.value);
        if (!inPath) continue;
        const pathVersion = { major: Number(inPath[1]), minor: Number(inPath[2]) };
        if (sameVersion(pathVersion, version)) continue;
        report({
          range: source.range,
          message: `This copies packages installed for Python ${formatVersion(pathVersion)} into an image that runs Python ${formatVersion(version)}, which will not find them: build both stages from the same Python version.`,
        });
      }
    }
  },
});
