import type { Rule } from '../define.js';
import { rule as SS401 } from '../SS401-shell-form-command.js';
import { rule as SS402 } from '../SS402-dev-server-in-image.js';
import { rule as SS403 } from '../SS403-healthcheck-missing.js';
import { rule as SS404 } from '../SS404-port-mismatch.js';
import { rule as SS405 } from '../SS405-python-output-buffered.js';
import { rule as SS406 } from '../SS406-python-version-mismatch.js';
import { rule as SS407 } from '../SS407-check-that-cannot-fail.js';

/** runtime rules, in code order. */
export const runtimeRules: Rule[] = [SS401, SS402, SS403, SS404, SS405, SS406, SS407];
