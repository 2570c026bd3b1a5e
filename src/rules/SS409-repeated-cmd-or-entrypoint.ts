import type { Instruction } from '../dockerfile/model.js';
import { defineRule } from './define.js';

const SINGLE = ['CMD', 'ENTRYPOINT', 'HEALTHCHECK'];

export const rule = defineRule({
  code: 'SS409',
  name: 'repeated-cmd-or-entrypoint',
  severity: 'warning',
  fixable: false,
  sources: [
    'hadolint:DL4003',
    'hadolint:DL4004',
    'hadolint:DL3012',
    'buildkit:MultipleInstructionsDisallowed',
    'trivy:DS016',
    'trivy:DS007',
    'trivy:DS023',
  ],
  docs: {
    summary: 'A stage has more than one CMD, ENTRYPOINT or HEALTHCHECK; only the last one counts.',
    whatItDoes:
      'Reports every CMD, ENTRYPOINT and HEALTHCHECK of a stage that a later one of the same kind in that stage overrides.',
    why: 'Docker keeps only the last of each. An earlier one does nothing, yet readers take it for the command the image runs, and edits to it silently have no effect.',
    example: {
      bad: 'CMD ["gunicorn", "app:app"]\nCMD ["uvicorn", "app:app"]',
      good: 'CMD ["uvicorn", "app:app"]',
    },
    fixSafety: 'No fix: which of the two was meant is for you to say.',
  },
  check({ dockerfile, report }) {
    for (const stage of dockerfile.stages) {
      for (const keyword of SINGLE) {
        const all: Instruction[] = stage.instructions.filter((i) => i.keyword === keyword);
        const last = all[all.length - 1];
        if (!last) continue;
        for (const overridden of all.slice(0, -1)) {
          report({
            range: overridden.keywordRange,
            message: `This ${keyword} has no effect: the ${keyword} on line ${last.range.start.line} replaces it; remove one of them.`,
          });
        }
      }
    }
  },
});
