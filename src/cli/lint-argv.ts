import { codeList, LINT_OPTIONS, type LintFlags, type LintOption } from './lint-options.js';

/** What `shipshape lint` was asked: the paths and the flags, as commander's action receives them. */
export interface LintArgs {
  paths: string[];
  flags: LintFlags;
}

interface Known {
  option: LintOption;
  /** `format`, `unsafeFixes`, `color`: the key commander stores the value under. */
  key: string;
  takesValue: boolean;
  negated: boolean;
}

const BY_NAME = new Map<string, Known>();
for (const option of LINT_OPTIONS) {
  const names = option.flags.split(/[ ,]+/).filter((word) => word.startsWith('-'));
  const long = names.find((name) => name.startsWith('--')) ?? '';
  const negated = long.startsWith('--no-');
  const key = long
    .slice(negated ? 5 : 2)
    .replace(/-([a-z])/g, (_match: string, letter: string) => letter.toUpperCase());
  const known = { option, key, takesValue: option.flags.includes('<'), negated };
  for (const name of names) BY_NAME.set(name, known);
}

/**
 * Reads the words after `lint` the way commander would, without loading it: a `shipshape lint`
 * in a pre-commit hook or an editor then starts faster. Only the plain forms are read here
 * (`--name value`, `--name=value`, `-f value`, flags, paths); anything else — help, `--`,
 * `-fjson`, an unknown option, a missing or invalid value, a value that starts with `-` — is
 * null, and commander reads the line, with its own help and error messages.
 */
export function quickLintArgs(words: readonly string[]): LintArgs | null {
  const flags: Record<string, unknown> = {};
  for (const { option, key, negated } of BY_NAME.values()) {
    if (option.default !== undefined) flags[key] = option.default;
    if (negated) flags[key] = true;
  }
  const paths: string[] = [];
  for (let index = 0; index < words.length; index++) {
    const word = words[index]!;
    if (word === '-' || !word.startsWith('-')) {
      paths.push(word);
      continue;
    }
    const equals = word.startsWith('--') ? word.indexOf('=') : -1;
    const name = equals > 0 ? word.slice(0, equals) : word;
    const known = BY_NAME.get(name);
    if (!known) return null;
    if (!known.takesValue) {
      if (equals > 0) return null;
      flags[known.key] = !known.negated;
      continue;
    }
    const value = equals > 0 ? word.slice(equals + 1) : words[++index];
    if (value === undefined || (equals < 0 && value.startsWith('-'))) return null;
    if (known.option.choices && !known.option.choices.includes(value)) return null;
    flags[known.key] = known.option.codes ? codeList(value, flags[known.key] as string[] | undefined) : value;
  }
  return { paths, flags: flags as unknown as LintFlags };
}
