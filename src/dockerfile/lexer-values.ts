// Values of ENV/ARG/LABEL properties as the model has always shown them.

/** First character that is not blank nor a line continuation; -1 when none (or at a stray escape). */
export function leadingNonWhitespace(content: string, escapeChar: string): number {
  whitespace: for (let i = 0; i < content.length; i++) {
    switch (content.charAt(i)) {
      case ' ':
      case '\t':
        continue;
      case escapeChar:
        for (let j = i + 1; j < content.length; j++) {
          switch (content.charAt(j)) {
            case ' ':
            case '\t':
              continue;
            case '\r':
              i = j + 1;
              continue whitespace;
            case '\n':
              i = j;
              continue whitespace;
            default:
              return -1;
          }
        }
        return -1;
      default:
        return i;
    }
  }
  return -1;
}

/**
 * A property's name or value as dockerfile-ast's `Property.getValue` gives it: surrounding
 * quotes removed, escapes resolved, comment lines inside continuations dropped.
 */
export function unescapeValue(raw: string, escapeChar: string): string {
  if (isPlainValue(raw, escapeChar)) return unquotePlain(raw);
  let escaped = false;
  const skip = leadingNonWhitespace(raw, escapeChar);
  if (skip !== 0 && raw.charAt(skip) === '#') escaped = true;
  const value0 = raw.substring(skip);
  const first = value0.charAt(0);
  const last = value0.charAt(value0.length - 1);
  const literal = first === "'" || first === '"';
  const inSingle = first === "'" && last === "'";
  let inDouble = false;
  if (first === '"') {
    for (let i = 1; i < value0.length; i++) {
      if (value0.charAt(i) === escapeChar) i++;
      else if (value0.charAt(i) === '"' && i === value0.length - 1) inDouble = true;
    }
  }
  const value = inSingle || inDouble ? value0.substring(1, value0.length - 1) : value0;
  let commentCheck = -1;
  let out = '';
  parseValue: for (let i = 0; i < value.length; i++) {
    let char = value.charAt(i);
    switch (char) {
      case escapeChar:
        if (i + 1 === value.length) {
          out = out + escapeChar;
          break parseValue;
        }
        char = value.charAt(i + 1);
        if (char === ' ' || char === '\t') {
          whitespaceCheck: for (let j = i + 2; j < value.length; j++) {
            const char2 = value.charAt(j);
            switch (char2) {
              case ' ':
              case '\t':
                break;
              case '\r':
                j++;
                escaped = true;
                i = j;
                continue parseValue;
              case '\n':
                escaped = true;
                i = j;
                continue parseValue;
              default:
                if (!inDouble && !inSingle && !literal) {
                  if (char2 === escapeChar) {
                    out = out + char;
                    i = i + 1;
                  } else {
                    out = out + char + char2;
                    i = j;
                  }
                  continue parseValue;
                }
                break whitespaceCheck;
            }
          }
        }
        if (inDouble) {
          if (char === '\r') {
            escaped = true;
            i = i + 2;
          } else if (char === '\n') {
            escaped = true;
            i++;
          } else if (char !== '"') {
            if (char === escapeChar) i++;
            out = out + escapeChar;
          }
          continue parseValue;
        }
        if (inSingle || literal) {
          if (char === '\r') {
            escaped = true;
            i = i + 2;
          } else if (char === '\n') {
            escaped = true;
            i++;
          } else {
            out = out + escapeChar;
          }
          continue parseValue;
        }
        if (char === escapeChar) {
          out = out + escapeChar;
          i++;
        } else if (char === '\r') {
          escaped = true;
          i = i + 2;
        } else if (char === '\n') {
          escaped = true;
          i++;
        } else {
          out = out + char;
          i++;
        }
        break;
      case ' ':
      case '\t':
        if (escaped && commentCheck === -1) commentCheck = i;
        out = out + char;
        break;
      case '\r':
      case '\n':
        if (char === '\r') i++;
        if (escaped && commentCheck !== -1) {
          out = out.substring(0, out.length - (i - commentCheck - 1));
          commentCheck = -1;
        }
        break;
      case '#':
        if (escaped) {
          if (commentCheck !== -1) {
            out = out.substring(0, out.length - (i - commentCheck));
            commentCheck = -1;
          }
          for (let j = i + 1; j < value.length; j++) {
            const next = value.charAt(j);
            if (next === '\r') {
              j++;
              i = j;
              break;
            }
            if (next === '\n') {
              i = j;
              break;
            }
          }
          continue parseValue;
        }
        if (escaped) {
          escaped = false;
          commentCheck = -1;
        }
        out = out + char;
        break;
      default:
        if (escaped) {
          escaped = false;
          commentCheck = -1;
        }
        out = out + char;
        break;
    }
  }
  return out;
}

/** Without escapes, line breaks or `#`, a value only loses its leading blanks and its quotes. */
function isPlainValue(raw: string, escapeChar: string): boolean {
  const escapeCode = escapeChar.charCodeAt(0);
  for (let i = 0; i < raw.length; i++) {
    const code = raw.charCodeAt(i);
    // (CR, LF, `#`)
    if (code === escapeCode || code === 13 || code === 10 || code === 35) return false;
  }
  return true;
}

function unquotePlain(raw: string): string {
  let skip = 0;
  while (skip < raw.length && (raw.charAt(skip) === ' ' || raw.charAt(skip) === '\t')) skip++;
  const value = skip === raw.length ? raw : raw.substring(skip);
  const first = value.charAt(0);
  if (value.length > 1 && (first === "'" || first === '"') && value.charAt(value.length - 1) === first) {
    return value.substring(1, value.length - 1);
  }
  return value;
}
