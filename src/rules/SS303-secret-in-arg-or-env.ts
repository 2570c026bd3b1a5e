import type { Assignment, Instruction } from '../dockerfile/model.js';
import { defineRule } from './define.js';
import { isPublicBundleVariable, isPublicByDesign, isSecretLikeName } from './lib/security-secrets.js';
import { isShipped } from './lib/stages.js';

function argOrEnv(instruction: Instruction): Instruction | null {
  const target = instruction.trigger ?? instruction;
  return target.keyword === 'ARG' || target.keyword === 'ENV' ? target : null;
}

/**
 * `ENV OPENAI_API_KEY=""` stores nothing: it names the variable the app reads and leaves the
 * value to run time. An ARG is different: even with an empty default it exists to be given a
 * value with `--build-arg`, which lands in the history.
 */
function storesNothing(keyword: string, assignment: Assignment): boolean {
  return keyword === 'ENV' && (assignment.value ?? '') === '';
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
      'Reports ARG and ENV names with a secret word standing alone between underscores — `password`, `passwd`, `secret`, `token`, `key`, `apikey`, `auth`, `credentials` — as BuildKit\'s SecretsUsedInArgOrEnv does. Names about a secret rather than the secret itself are left alone: `PUBLIC_KEY`, `GPG_KEY`, `*_FILE`, `*_PATH`, `*_URL`, `*_HOST`. Also left alone: an ENV with an empty value (`ENV OPENAI_API_KEY=""` names the variable, the value comes at run time), variables of a builder stage the image is not built FROM (its config and history are not exported), and front-end keys public by design (`VITE_*`, `NEXT_PUBLIC_*`, `REACT_APP_*`, `VUE_APP_*`, `NUXT_PUBLIC_*`, `EXPO_PUBLIC_*`, `GATSBY_*` keys and tokens: the bundler inlines them into the JavaScript the browser downloads, so they are publishable keys by construction) — unless the name says secret, password or private (`VITE_CLIENT_SECRET` is still reported, and the message says it reaches the browser too). Values are never printed.',
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
      // A builder stage's ARG and ENV stay in the builder: neither its config nor its history
      // is exported with the image (global ARGs are judged where they are declared).
      if (instruction.stageIndex >= 0 && !isShipped(dockerfile, instruction)) continue;
      for (const assignment of target.assignments) {
        if (!isSecretLikeName(assignment.name)) continue;
        if (isPublicByDesign(assignment.name) || storesNothing(target.keyword, assignment)) continue;
        // `VITE_*_SECRET`: the bundler also inlines it into the JavaScript every visitor downloads.
        const bundled = isPublicBundleVariable(assignment.name)
          ? ' — and the front-end bundler inlines it into the JavaScript every browser downloads, so keep it on the server'
          : '';
        report({
          range: assignment.nameRange,
          message: `${target.keyword} \`${assignment.name}\` looks like a secret and would be kept in the image ${target.keyword === 'ENV' ? 'config' : 'history'}: pass it with \`RUN --mount=type=secret\` instead (or at run time)${bundled}.`,
        });
      }
    }
  },
});
