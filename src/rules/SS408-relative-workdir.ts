import type { Instruction } from '../dockerfile/model.js';
import { defineRule } from './define.js';

function isAbsolute(path: string): boolean {
  // Windows images use drive letters or backslashes; both are absolute there.
  return path.startsWith('/') || /^[a-zA-Z]:[\\/]/.test(path) || path.startsWith('\\');
}

export const rule = defineRule({
  code: 'SS408',
  name: 'relative-workdir',
  severity: 'warning',
  fixable: false,
  sources: ['hadolint:DL3000', 'buildkit:WorkdirRelativePath', 'trivy:DS009'],
  docs: {
    summary: 'WORKDIR uses a relative path before any absolute WORKDIR is set.',
    whatItDoes:
      'Reports a WORKDIR whose path (after variable substitution) is relative while no earlier WORKDIR of the stage, or of a stage it is built FROM, set an absolute one.',
    why: "A relative WORKDIR is resolved against the base image's working directory, which you do not control: a new base image version that sets its own WORKDIR moves your files and breaks COPY destinations and the CMD.",
    example: { bad: 'FROM python:3.12-slim\nWORKDIR app', good: 'FROM python:3.12-slim\nWORKDIR /app' },
    fixSafety: 'No fix: which absolute folder was meant depends on the base image.',
  },
  check({ dockerfile, report }) {
    // Docker's reading of the path: quotes removed, ARG/ENV values substituted.
    const pathOf = (instruction: Instruction) => instruction.expandedArgs[0]!.value;
    // Whether a stage (or one it is built FROM) set an absolute WORKDIR, folded in file order.
    const anchoredAtEnd: boolean[] = [];
    for (const stage of dockerfile.stages) {
      const parent = stage.baseStageIndex;
      let anchored = parent !== null && parent < stage.index ? (anchoredAtEnd[parent] ?? false) : false;
      const workdirs = stage.instructions.filter((i) => i.keyword === 'WORKDIR' && i.args[0]);
      anchoredAtEnd[stage.index] = anchored || workdirs.some((i) => isAbsolute(pathOf(i)));
      for (const instruction of workdirs) {
        const word = instruction.args[0]!;
        const path = pathOf(instruction);
        if (isAbsolute(path) || word.value.startsWith('$')) {
          anchored ||= isAbsolute(path);
          continue;
        }
        if (anchored) continue;
        report({
          range: word.range,
          message: `WORKDIR \`${word.value}\` is relative to the base image's working directory: write it as an absolute path (e.g. \`/${path.replace(/^\.\//, '')}\`).`,
        });
      }
    }
  },
});
