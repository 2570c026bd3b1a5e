/** Character codes the lexer compares with `charCodeAt` (one home for its files). */
export const TAB = 9;
export const LF = 10;
export const CR = 13;
export const SPACE = 32;
export const DQUOTE = 34;
export const HASH = 35;
export const DOLLAR = 36;
export const SQUOTE = 39;
export const LBRACE = 123;
export const RBRACE = 125;
