/** No single expansion grows past this many characters (ARG doubling would reach gigabytes). */
export const MAX_EXPANSION_LENGTH = 64 * 1024;

const BRACED = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])((?:[^}\\]|\\.)*))?\}/y;
const BARE = /\$([A-Za-z_][A-Za-z0-9_]*)/y;

/**
 * Docker's variable substitution: `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`,
 * `${VAR:+alt}`, `${VAR+alt}`. Unknown variables expand to the empty string, as in BuildKit,
 * unless `keepUnknown` asks to leave them as written (useful for shell text). The result is
 * cut at MAX_EXPANSION_LENGTH characters.
 */
export function expandVariables(
  text: string,
  scope: ReadonlyMap<string, string>,
  options: { keepUnknown?: boolean; escapeChar?: string } = {},
): string {
  // Most words hold no variable: nothing to substitute, and no copy to make.
  if (text.length <= MAX_EXPANSION_LENGTH && !text.includes('$')) return text;
  const escapeChar = options.escapeChar ?? '\\';
  // The text between two `$` is copied as one slice.
  let out = '';
  let position = 0;
  while (out.length < MAX_EXPANSION_LENGTH) {
    const dollar = text.indexOf('$', position);
    if (dollar === -1) break;
    if (dollar > position && text[dollar - 1] === escapeChar) {
      out += `${text.slice(position, dollar - 1)}$`;
      position = dollar + 1;
      continue;
    }
    out += text.slice(position, dollar);
    // Sticky patterns match at the `$` without copying the rest of the text for each one.
    BRACED.lastIndex = dollar;
    const braced = BRACED.exec(text);
    BARE.lastIndex = dollar;
    const bare = braced ? null : BARE.exec(text);
    const match = braced ?? bare;
    if (!match) {
      out += '$';
      position = dollar + 1;
      continue;
    }
    const name = match[1]!;
    const modifier = braced ? match[2] : undefined;
    const word = braced ? (match[3] ?? '') : '';
    const value = scope.get(name);
    const isSet = value !== undefined;
    const isNonEmpty = isSet && value !== '';
    let replacement: string;
    if (modifier === ':-') replacement = isNonEmpty ? value! : expandVariables(word, scope, options);
    else if (modifier === '-') replacement = isSet ? value! : expandVariables(word, scope, options);
    else if (modifier === ':+') replacement = isNonEmpty ? expandVariables(word, scope, options) : '';
    else if (modifier === '+') replacement = isSet ? expandVariables(word, scope, options) : '';
    else if (isSet) replacement = value!;
    else replacement = options.keepUnknown ? match[0] : '';
    out += replacement;
    position = dollar + match[0].length;
  }
  if (position < text.length && out.length < MAX_EXPANSION_LENGTH) out += text.slice(position);
  return out.length > MAX_EXPANSION_LENGTH ? out.slice(0, MAX_EXPANSION_LENGTH) : out;
}

/** Names referenced as `$NAME` / `${NAME...}` in a text, in order, without duplicates. */
export function referencedVariables(text: string, escapeChar = '\\'): string[] {
  const names: string[] = [];
  const pattern = /\$\{?([A-Za-z_][A-Za-z0-9_]*)/g;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    if (match.index > 0 && text[match.index - 1] === escapeChar) continue;
    if (!names.includes(match[1]!)) names.push(match[1]!);
  }
  return names;
}
