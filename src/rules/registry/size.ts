import type { Rule } from '../define.js';
import { rule as SS104 } from '../SS104-pip-cache-kept.js';

/** size rules, in code order. */
export const sizeRules: Rule[] = [SS104];
