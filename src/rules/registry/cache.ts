import type { Rule } from '../define.js';

/** cache rules, in code order. */
export const cacheRules: Rule[] = [];
