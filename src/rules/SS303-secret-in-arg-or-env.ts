import type { Instruction } from '../dockerfile/model.js';
import { defineRule } from './define.js';
import { isSecretLikeName } from './lib/security-secrets.js';

function argOrEnv(instruction: Instruction): Instruction | null {
  const target = instruction.trigger ?? instruction;
  return target.keyword === 'ARG' || target.keyword === 'ENV' ? target : null;
}

export const rule = defineRule({
  code: 'SS303',
  name: 'secret-in-arg-or-env',
  severity: 'warning',
  fixable: false,
  sources: ['buildkit:SecretsUsedInArgOrEnv', 'sonar:docker:S6472'],
  docs: {
    summary: 'An ARG or ENV name says it holds a secret.',
    whatItDoes:
      "Reports ARG and ENV names with a secret word standing alone between underscores — `password`, `passwd`, `secret`, `token`, `key`, `apikey`, `auth`, `credentials` — as BuildKit's SecretsUsedInArgOrEnv does. Names about a secret rather than the secret itself are left alone: `PUBLIC_KEY`, `GPG_KEY`, `*_FILE`, `*_PATH`, `*_URL`, `*_HOST`. Values are never printed.",
    why: 'ENV values are stored in the image config and shown by `docker inspect` to anyone who can pull the image; ARG values are recorded in the image history of every RUN that sees them. A secret passed this way leaks with the image.',
    example: {
      // biome-ignore lint/suspicious/noTemplateCurlyInString: Dockerfile variable syntax, not a template
      bad: 'ARG PYPI_TOKEN\nRUN pip install --index-url https://__token__:${PYPI_TOKEN}@pypi.example.com/simple app',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: Dockerfile variable syntax, not a template
      good: 'RUN --mount=type=secret,id=pypi_token,env=PYPI_TOKEN \\\n    pip install --index-url https://__token__:${PYPI_TOKEN}@pypi.example.com/simple app',
    },
    fixSafety: 'No fix: moving a secret to a secret mount changes how the build is invoked.',
  },
  check({ dockerfile, report }) {
    for (const instruction of dockerfile.instructions) {
      const target = argOrEnv(instruction);
      if (!target) continue;
      for (const assignment of target.assignments) {
        if (!isSecretLikeName(assignment.name)) continue;
        report({
          range: assignment.nameRange,
          message: `${target.keyword} \`${assignment.name}\` looks like a secret and would be kept in the image ${target.keyword === 'ENV' ? 'config' : 'history'}: pass it with \`RUN --mount=type=secret\` instead (or at run time).`,
        });
      }
    }
  },
});
