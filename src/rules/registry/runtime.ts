import type { Rule } from '../define.js';
import { rule as SS401 } from '../SS401-shell-form-command.js';
import { rule as SS402 } from '../SS402-dev-server-in-image.js';
import { rule as SS403 } from '../SS403-healthcheck-missing.js';
import { rule as SS404 } from '../SS404-port-mismatch.js';
import { rule as SS405 } from '../SS405-python-output-buffered.js';
import { rule as SS406 } from '../SS406-python-version-mismatch.js';
import { rule as SS407 } from '../SS407-check-that-cannot-fail.js';
import { rule as SS408 } from '../SS408-relative-workdir.js';
import { rule as SS409 } from '../SS409-repeated-cmd-or-entrypoint.js';
import { rule as SS410 } from '../SS410-from-as-casing.js';
import { rule as SS411 } from '../SS411-unknown-stage-reference.js';
import { rule as SS412 } from '../SS412-undefined-variable.js';
import { rule as SS413 } from '../SS413-venv-path-moved.js';
import { rule as SS414 } from '../SS414-pipe-without-pipefail.js';
import { rule as SS415 } from '../SS415-server-bound-to-localhost.js';
import { rule as SS416 } from '../SS416-root-only-step-after-user.js';

/** runtime rules, in code order. */
export const runtimeRules: Rule[] = [
  SS401,
  SS402,
  SS403,
  SS404,
  SS405,
  SS406,
  SS407,
  SS408,
  SS409,
  SS410,
  SS411,
  SS412,
  SS413,
  SS414,
  SS415,
  SS416,
];
