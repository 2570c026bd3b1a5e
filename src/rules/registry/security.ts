import type { Rule } from '../define.js';

/** security rules, in code order. */
export const securityRules: Rule[] = [];
