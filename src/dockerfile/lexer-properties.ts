import type { LexText } from './lexer-text.js';
import type { LexWord } from './lexer-words.js';

/** A `name=value` (or legacy `name value`) pair of ENV, ARG or LABEL, in document offsets. */
export interface LexProperty {
  name: string;
  value: string | null;
  start: number;
  end: number;
  nameStart: number;
  nameEnd: number;
  valueStart: number;
  valueEnd: number;
}

/**
 * The properties of ENV/ARG/LABEL as the model has always read them (dockerfile-ast's
 * `getProperties`): `k=v k2="v 2"` gives one property per word, `ENV k v w` one property whose
 * value is everything after the name. Words here keep their quotes; values drop them.
 */
export function readProperties(lex: LexText, start: number, keywordEnd: number, end: number): LexProperty[] {
  const args = propertyWords(lex, start, keywordEnd, end);
  if (args.length === 0) return [];
  if (args.length === 1) return [property(lex, args[0]!)];
  if (args.length === 2) {
    return args[0]!.value.indexOf('=') === -1
      ? [property(lex, args[0]!, args[1]!)]
      : [property(lex, args[0]!), property(lex, args[1]!)];
  }
  if (args[0]!.value.indexOf('=') === -1) {
    const first = args[1]!;
    const last = args[args.length - 1]!;
    const rest = { start: first.start, end: last.end, value: lex.text.substring(first.start, last.end) };
    return [property(lex, args[0]!, rest)];
  }
  return args.map((arg) => property(lex, arg));
}

function property(lex: LexText, arg: LexWord, arg2?: LexWord): LexProperty {
  const text = lex.text;
  const [nameStart, nameEnd] = nameRangeOf(lex, arg);
  const name = unescapeValue(text.substring(nameStart, nameEnd), lex.escapeChar);
  if (arg2) {
    return {
      name,
      value: unescapeValue(text.substring(arg2.start, arg2.end), lex.escapeChar),
      start: nameStart,
      end: arg2.end,
      nameStart,
      nameEnd,
      valueStart: arg2.start,
      valueEnd: arg2.end,
    };
  }
  if (nameStart === arg.start && nameEnd === arg.end) {
    return {
      name,
      value: null,
      start: arg.start,
      end: arg.end,
      nameStart,
      nameEnd,
      valueStart: -1,
      valueEnd: -1,
    };
  }
  const valueStart = lex.at(arg.start + arg.value.indexOf('=') + 1);
  const valueEnd = lex.at(arg.end);
  return {
    name,
    value: unescapeValue(text.substring(valueStart, valueEnd), lex.escapeChar),
    start: arg.start,
    end: arg.end,
    nameStart,
    nameEnd,
    valueStart,
    valueEnd,
  };
}

function nameRangeOf(lex: LexText, arg: LexWord): [number, number] {
  const value = arg.value;
  const index = value.indexOf('=');
  if (index !== -1) {
    const initial = value.charAt(0);
    const before = value.charAt(index - 1);
    if (
      (initial === '"' && before === '"') ||
      (initial === "'" && before === "'") ||
      (initial !== '"' && initial !== "'")
    ) {
      return [arg.start, lex.at(arg.start + index)];
    }
  }
  return [arg.start, arg.end];
}

/** First character that is not blank nor a line continuation; -1 when none (or at a stray escape). */
function leadingNonWhitespace(content: string, escapeChar: string): number {
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

function trailingNonWhitespace(content: string, escapeChar: string): number {
  let index = content.length;
  for (let i = content.length - 1; i >= 0; i--) {
    let ch = content.charAt(i);
    if (ch === ' ' || ch === '\t') continue;
    if (ch === '\n' && content.charAt(i - 1) === '\r') {
      i = i - 1;
      ch = '\r';
    }
    if (ch === '\n' || ch === '\r') {
      for (let j = i - 1; j >= 0; j--) {
        const back = content.charAt(j);
        if (back === ' ' || back === '\t' || back === '\r' || back === '\n' || back === escapeChar) continue;
        index = j;
        break;
      }
      break;
    }
    index = i;
    break;
  }
  return index;
}

/** The words of a property instruction, quotes kept (dockerfile-ast's `getPropertyArguments`). */
function propertyWords(lex: LexText, instructionStart: number, keywordEnd: number, end: number): LexWord[] {
  const escapeChar = lex.escapeChar;
  const args: LexWord[] = [];
  const fullArgs = lex.text.substring(keywordEnd, end);
  const start = leadingNonWhitespace(fullArgs, escapeChar);
  if (start === -1) return [];
  const base = keywordEnd + start;
  const at = (offset: number) => lex.at(base + offset);
  // the arguments start on a continuation line: the content is already on an escaped line
  let escaped = !lex.sameLine(instructionStart, lex.at(base));
  let endingEscape = false;
  let mark = -1;
  const last = trailingNonWhitespace(fullArgs, escapeChar);
  const content = fullArgs.substring(start, last + 1);
  let argStart = escaped ? -1 : 0;
  let spaced = false;
  const spacedArgument = () => {
    if (argStart !== -1) {
      args.push({ value: content.substring(argStart, mark), start: at(argStart), end: at(mark) });
    }
  };
  argumentLoop: for (let i = 0; i < content.length; i++) {
    const char = content.charAt(i);
    switch (char) {
      case escapeChar:
        if (i + 1 === content.length) {
          endingEscape = true;
          break argumentLoop;
        }
        if (!escaped) mark = i;
        switch (content.charAt(i + 1)) {
          case ' ':
          case '\t': {
            const third = content.charAt(i + 2);
            if (!(third === ' ' || third === '\t' || third === '\r' || third === '\n')) {
              i = i + 1;
              continue argumentLoop;
            }
            whitespaceCheck: for (let j = i + 2; j < content.length; j++) {
              switch (content.charAt(j)) {
                case '\r':
                  j++;
                  escaped = true;
                  i = j;
                  continue argumentLoop;
                case '\n':
                  escaped = true;
                  i = j;
                  continue argumentLoop;
                case ' ':
                case '\t':
                  break;
                default:
                  args.push({ value: content.substring(argStart, i), start: at(argStart), end: at(i + 2) });
                  argStart = j;
                  break whitespaceCheck;
              }
            }
            i = argStart - 1;
            continue argumentLoop;
          }
          case '\r':
            i++;
            escaped = true;
            i = i + 1;
            continue argumentLoop;
          case '\n':
            escaped = true;
            i = i + 1;
            continue argumentLoop;
          case escapeChar:
            if (argStart === -1) argStart = i;
            i = i + 1;
            continue argumentLoop;
          default:
            if (argStart === -1) argStart = i;
            continue argumentLoop;
        }
      case "'":
      case '"':
        if (spaced) {
          spacedArgument();
          argStart = i;
          spaced = false;
        }
        if (argStart === -1) argStart = i;
        for (let j = i + 1; j < content.length; j++) {
          switch (content.charAt(j)) {
            case char:
              if (content.charAt(j + 1) !== ' ' && content.charAt(j + 1) !== '') {
                i = j;
                continue argumentLoop;
              }
              args.push({ value: content.substring(argStart, j + 1), start: at(argStart), end: at(j + 1) });
              i = j;
              argStart = -1;
              continue argumentLoop;
            case escapeChar:
              j++;
              break;
          }
        }
        break argumentLoop;
      case ' ':
      case '\t':
        if (escaped) {
          if (argStart !== -1) spaced = true;
        } else if (argStart !== -1) {
          args.push({ value: content.substring(argStart, i), start: at(argStart), end: at(i) });
          argStart = -1;
        }
        break;
      case '\r':
        i++;
        spaced = false;
        break;
      case '\n':
        spaced = false;
        break;
      case '#':
        if (escaped) {
          for (let j = i + 1; j < content.length; j++) {
            switch (content.charAt(j)) {
              case '\r':
                j++;
                i = j;
                spaced = false;
                continue argumentLoop;
              case '\n':
                i = j;
                spaced = false;
                continue argumentLoop;
            }
          }
          if (argStart !== -1) {
            args.push({ value: content.substring(argStart, mark), start: at(argStart), end: at(mark) });
            argStart = -1;
          }
          break argumentLoop;
        }
        if (argStart === -1) argStart = i;
        break;
      default:
        if (spaced) {
          spacedArgument();
          argStart = i;
          spaced = false;
        }
        escaped = false;
        if (argStart === -1) argStart = i;
        if (char === '$' && content.charAt(i + 1) === '{') {
          let singleQuotes = false;
          let doubleQuotes = false;
          let escapedVariable = false;
          for (let j = i + 1; j < content.length; j++) {
            switch (content.charAt(j)) {
              case escapeChar:
                escapedVariable = true;
                break;
              case '\r':
              case '\n':
                break;
              case "'":
                singleQuotes = !singleQuotes;
                escapedVariable = false;
                break;
              case '"':
                doubleQuotes = !doubleQuotes;
                escapedVariable = false;
                break;
              case ' ':
              case '\t':
                if (escapedVariable || singleQuotes || doubleQuotes) break;
                i = j - 1;
                continue argumentLoop;
              case '}':
                i = j;
                continue argumentLoop;
              default:
                escapedVariable = false;
                break;
            }
          }
          break argumentLoop;
        }
        break;
    }
  }
  if (argStart !== -1 && argStart !== content.length) {
    const valueEnd = endingEscape ? content.length - 1 : content.length;
    args.push({ value: content.substring(argStart, valueEnd), start: at(argStart), end: at(valueEnd) });
  }
  return args;
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
  for (let i = 0; i < raw.length; i++) {
    const ch = raw.charAt(i);
    if (ch === escapeChar || ch === '\r' || ch === '\n' || ch === '#') return false;
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
