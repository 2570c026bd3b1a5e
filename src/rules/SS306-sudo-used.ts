import { defineRule } from './define.js';
import { baseName, commandsOf } from './lib/commands.js';

export const rule = defineRule({
  code: 'SS306',
  name: 'sudo-used',
  severity: 'warning',
  fixable: false,
  sources: ['hadolint:DL3004', 'trivy:DS010', 'checkov:CKV2_DOCKER_1'],
  docs: {
    summary: 'A RUN command uses `sudo`.',
    whatItDoes: 'Reports `sudo` in RUN commands (and ONBUILD RUN).',
    why: 'Build steps already run as whatever `USER` is set; sudo adds a setuid binary and its configuration to the image, behaves unpredictably without a TTY, and usually means a step that should run before `USER` runs after it. An image that ships sudo also lets its non-root user become root again.',
    example: {
      bad: 'USER app\nRUN sudo apt-get install -y --no-install-recommends libpq5',
      good: 'RUN apt-get install -y --no-install-recommends libpq5\nUSER app',
    },
    fixSafety: 'No fix: the root-only step has to move before `USER`, which changes the order of the file.',
  },
  check({ dockerfile, report }) {
    for (const instruction of dockerfile.instructions) {
      for (const command of commandsOf(instruction)) {
        if (baseName(command) !== 'sudo') continue;
        report({
          range: command.nameRange,
          message:
            'Avoid `sudo` in the build: run root-only steps before `USER` switches to the unprivileged user, and leave sudo out of the image.',
        });
      }
    }
  },
});
