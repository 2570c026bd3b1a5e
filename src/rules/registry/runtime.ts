import type { Rule } from '../define.js';

/** runtime rules, in code order. */
export const runtimeRules: Rule[] = [];
