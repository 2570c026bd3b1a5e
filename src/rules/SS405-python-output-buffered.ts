import type { Instruction } from '../dockerfile/model.js';
import { defineRule } from './define.js';
import { commandsOf, isPythonDependencyInstall } from './lib/commands.js';
import { launchCommands, launchInstructions, serverLaunch } from './lib/runtime-launch.js';
import { shippedInstructions, shippedLineage } from './lib/stages.js';

/** A stage set that installs Python packages or copies a built environment in. */
function bringsPython(instructions: readonly Instruction[]): boolean {
  return instructions.some(
    (i) =>
      commandsOf(i).some(isPythonDependencyInstall) ||
      (i.keyword === 'COPY' && /(\.venv|\/venv|site-packages|python3)/.test(i.argsText ?? '')),
  );
}

export const rule = defineRule({
  code: 'SS405',
  name: 'python-output-buffered',
  severity: 'info',
  fixable: false,
  sources: [],
  docs: {
    summary: 'The shipped stage does not set `PYTHONUNBUFFERED`.',
    whatItDoes:
      'Reports a Python image (a `python` base image, a Python server command, or a stage that installs Python packages or copies a venv in) whose shipped stage sets no `PYTHONUNBUFFERED` and does not start Python with `-u`.',
    why: 'When stdout is not a terminal, Python buffers it in 8 KB blocks: `docker logs` shows nothing for minutes, and the last lines before a crash are lost with the process.',
    example: {
      bad: 'FROM python:3.12-slim\nCMD ["python", "-m", "app"]',
      good: 'FROM python:3.12-slim\nENV PYTHONUNBUFFERED=1\nCMD ["python", "-m", "app"]',
    },
    fixSafety: 'No fix is offered; adding `ENV PYTHONUNBUFFERED=1` after FROM is always safe.',
  },
  check({ dockerfile, report }) {
    const lineage = shippedLineage(dockerfile);
    const shipped = lineage[lineage.length - 1];
    if (!shipped) return;
    const instructions = shippedInstructions(dockerfile);
    const setsIt = instructions.some(
      (i) =>
        i.keyword === 'ENV' &&
        i.assignments.some((a) => a.name === 'PYTHONUNBUFFERED' && (a.value ?? '') !== ''),
    );
    if (setsIt) return;
    const commands = launchInstructions(dockerfile).flatMap(launchCommands);
    if (
      commands.some(
        ({ words }) =>
          /^python/.test(words[0]?.value.split('/').pop() ?? '') && words.some((w) => w.value === '-u'),
      )
    )
      return;
    const baseIsPython = /(^|\/)(python|pypy)[:@]|(^|\/)(python|pypy)$|python\d/.test(
      lineage[0]!.resolvedBaseImage,
    );
    const runsPython = commands.some((command) => serverLaunch(command) !== null);
    if (!baseIsPython && !runsPython && !bringsPython(instructions)) return;
    report({
      range: shipped.baseRange,
      message:
        'Python buffers stdout when it is not a terminal, so logs arrive late and the last lines before a crash are lost: add `ENV PYTHONUNBUFFERED=1` to this stage.',
    });
  },
});
