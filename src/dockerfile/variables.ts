/**
 * Docker's variable substitution: `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`,
 * `${VAR:+alt}`, `${VAR+alt}`. Unknown variables expand to the empty string, as in BuildKit,
 * unless `keepUnknown` asks to leave them as written (useful for shell text).
 */
export function expandVariables(
  text: string,
  scope: ReadonlyMap<string, string>,
  options: { keepUnknown?: boolean; escapeChar?: string } = {},
): string {
  const escapeChar = options.escapeChar ?? '\\';
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === escapeChar && text[i + 1] === '$') {
      out += '$';
      i++;
      continue;
    }
    if (ch !== '$') {
      out += ch;
      continue;
    }
    const braced = /^\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])((?:[^}\\]|\\.)*))?\}/.exec(text.slice(i));
    const bare = braced ? null : /^\$([A-Za-z_][A-Za-z0-9_]*)/.exec(text.slice(i));
    const match = braced ?? bare;
    if (!match) {
      out += ch;
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
    i += match[0].length - 1;
  }
  return out;
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
