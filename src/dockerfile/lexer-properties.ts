import { CR, DOLLAR, DQUOTE, HASH, LBRACE, LF, RBRACE, SPACE, SQUOTE, TAB } from './char-codes.js';
import type { LexText } from './lexer-text.js';
import { leadingNonWhitespace, unescapeValue } from './lexer-values.js';
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
  const escapeCode = escapeChar.charCodeAt(0);
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
    const code = content.charCodeAt(i);
    switch (code) {
      case escapeCode:
        if (i + 1 === content.length) {
          endingEscape = true;
          break argumentLoop;
        }
        if (!escaped) mark = i;
        switch (content.charCodeAt(i + 1)) {
          case SPACE:
          case TAB: {
            const third = content.charCodeAt(i + 2);
            if (!(third === SPACE || third === TAB || third === CR || third === LF)) {
              i = i + 1;
              continue argumentLoop;
            }
            whitespaceCheck: for (let j = i + 2; j < content.length; j++) {
              switch (content.charCodeAt(j)) {
                case CR:
                  j++;
                  escaped = true;
                  i = j;
                  continue argumentLoop;
                case LF:
                  escaped = true;
                  i = j;
                  continue argumentLoop;
                case SPACE:
                case TAB:
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
          case CR:
            i++;
            escaped = true;
            i = i + 1;
            continue argumentLoop;
          case LF:
            escaped = true;
            i = i + 1;
            continue argumentLoop;
          case escapeCode:
            if (argStart === -1) argStart = i;
            i = i + 1;
            continue argumentLoop;
          default:
            if (argStart === -1) argStart = i;
            continue argumentLoop;
        }
      case SQUOTE:
      case DQUOTE:
        if (spaced) {
          spacedArgument();
          argStart = i;
          spaced = false;
        }
        if (argStart === -1) argStart = i;
        for (let j = i + 1; j < content.length; j++) {
          switch (content.charCodeAt(j)) {
            case code:
              if (content.charCodeAt(j + 1) !== SPACE && j + 1 < content.length) {
                i = j;
                continue argumentLoop;
              }
              args.push({ value: content.substring(argStart, j + 1), start: at(argStart), end: at(j + 1) });
              i = j;
              argStart = -1;
              continue argumentLoop;
            case escapeCode:
              j++;
              break;
          }
        }
        break argumentLoop;
      case SPACE:
      case TAB:
        if (escaped) {
          if (argStart !== -1) spaced = true;
        } else if (argStart !== -1) {
          args.push({ value: content.substring(argStart, i), start: at(argStart), end: at(i) });
          argStart = -1;
        }
        break;
      case CR:
        i++;
        spaced = false;
        break;
      case LF:
        spaced = false;
        break;
      case HASH:
        if (escaped) {
          for (let j = i + 1; j < content.length; j++) {
            switch (content.charCodeAt(j)) {
              case CR:
                j++;
                i = j;
                spaced = false;
                continue argumentLoop;
              case LF:
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
        if (code === DOLLAR && content.charCodeAt(i + 1) === LBRACE) {
          let singleQuotes = false;
          let doubleQuotes = false;
          let escapedVariable = false;
          for (let j = i + 1; j < content.length; j++) {
            switch (content.charCodeAt(j)) {
              case escapeCode:
                escapedVariable = true;
                break;
              case CR:
              case LF:
                break;
              case SQUOTE:
                singleQuotes = !singleQuotes;
                escapedVariable = false;
                break;
              case DQUOTE:
                doubleQuotes = !doubleQuotes;
                escapedVariable = false;
                break;
              case SPACE:
              case TAB:
                if (escapedVariable || singleQuotes || doubleQuotes) break;
                i = j - 1;
                continue argumentLoop;
              case RBRACE:
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
