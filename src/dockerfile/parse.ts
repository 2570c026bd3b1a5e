import { readDirectives } from './directives.js';
import { readFlags } from './flags.js';
import { InstructionWords, type LexedDockerfile, type LexInstruction, lexDockerfile } from './lexer.js';
import { HeredocMismatch, type LexHeredoc, MoreWordsNeeded, readHeredocs } from './lexer-heredocs.js';
import { readProperties } from './lexer-properties.js';
import type { LexWord } from './lexer-words.js';
import type { Assignment, Dockerfile, Heredoc, Instruction, InstructionForm, Word } from './model.js';
import {
  assembleDockerfile,
  type BuildContext,
  escapeCharOf,
  instructionScripts,
  readJsonForm,
  toWord,
} from './model-parts.js';
import { LineIndex } from './positions.js';
import type { ShellParserSource } from './shell.js';
import { withShellParserWhenNeeded } from './shell-grammar.js';

/**
 * Lexed instructions of the file, or of an ONBUILD trigger's text (lexed on its own, as
 * BuildKit parses it): `at` turns the lexer's offsets into the file's.
 */
interface Source {
  lexed: LexedDockerfile;
  base: number;
}

function fileOffset(source: Source, offset: number): number {
  return source.base + source.lexed.lex.fileOffset(offset);
}

/** JavaScript's `\s` at `offset`, without a regular expression for ASCII. */
function isSpace(text: string, offset: number): boolean {
  const code = text.charCodeAt(offset);
  if (code < 128) return code === 32 || (code >= 9 && code <= 13);
  return /\s/.test(text[offset]!);
}

/**
 * Heredocs as the model has always shown them; none where their words do not line up. They
 * are named on the instruction's first line: its words are read, not the bodies'.
 */
function lexHeredocs(source: Source, instruction: LexInstruction, words: InstructionWords): LexHeredoc[] {
  const { lex } = source.lexed;
  try {
    try {
      const firstLine = words.firstLine();
      return readHeredocs(lex, instruction.start, instruction.end, firstLine.words, firstLine.stop);
    } catch (error) {
      if (!(error instanceof MoreWordsNeeded)) throw error;
      return readHeredocs(lex, instruction.start, instruction.end, words.arguments());
    }
  } catch (error) {
    if (error instanceof HeredocMismatch) return [];
    throw error;
  }
}

function mapAssignments(source: Source, instruction: LexInstruction, lines: LineIndex): Assignment[] {
  if (instruction.keyword !== 'ENV' && instruction.keyword !== 'ARG' && instruction.keyword !== 'LABEL')
    return [];
  const at = (offset: number) => fileOffset(source, offset);
  return readProperties(source.lexed.lex, instruction.start, instruction.keywordEnd, instruction.end).map(
    (property) => ({
      name: property.name,
      value: property.value,
      range: lines.range(at(property.start), at(property.end)),
      nameRange: lines.range(at(property.nameStart), at(property.nameEnd)),
      valueRange:
        property.valueStart === -1 ? null : lines.range(at(property.valueStart), at(property.valueEnd)),
    }),
  );
}

function buildInstruction(
  source: Source,
  lexed: LexInstruction,
  ctx: BuildContext,
  index: number,
): Instruction {
  const { text, lines } = ctx;
  const lex = source.lexed.lex;
  const at = (offset: number) => fileOffset(source, offset);
  const range = lines.range(at(lexed.start), at(lexed.end));
  const keywordRange = lines.range(at(lexed.start), at(lexed.keywordEnd));
  const words = new InstructionWords(lex, lexed);
  // The lexer's words keep quotes in flag values and split a quoted value at its spaces;
  // BuildKit removes the quotes, so the flags are read again its way.
  const flags = words.hasFlags()
    ? readFlags(text, keywordRange.end.offset, range.end.offset, lines, ctx.escapeChar)
    : [];
  const mayHaveHeredoc =
    ctx.anyHeredocMarker && text.slice(range.start.offset, range.end.offset).includes('<<');
  const lexedHeredocs = mayHaveHeredoc ? lexHeredocs(source, lexed, words) : [];
  const heredocs: Heredoc[] = lexedHeredocs.map((heredoc) => {
    const content =
      heredoc.contentStart !== -1
        ? (() => {
            const start = at(heredoc.contentStart);
            const end = at(heredoc.contentEnd);
            return toWord(text, start, end, text.slice(start, end), lines);
          })()
        : null;
    return {
      name: heredoc.name,
      markerRange: lines.range(at(heredoc.markerStart), at(heredoc.markerEnd)),
      content,
      endRange:
        heredoc.delimiterStart !== -1
          ? lines.range(at(heredoc.delimiterStart), at(heredoc.delimiterEnd))
          : null,
    };
  });

  // The arguments start after the last flag; heredoc bodies belong to the instruction, not to argsText.
  const lastFlagEnd = flags.length > 0 ? flags[flags.length - 1]!.range.end.offset : keywordRange.end.offset;
  const instructionEnd = range.end.offset;
  const firstHeredocBody = heredocs.find((h) => h.content)?.content?.range.start.offset;
  const logicalEnd =
    firstHeredocBody !== undefined ? Math.max(lastFlagEnd, firstHeredocBody - 1) : instructionEnd;
  let argsStart = lastFlagEnd;
  while (argsStart < logicalEnd && isSpace(text, argsStart)) argsStart++;
  let argsEnd = logicalEnd;
  while (argsEnd > argsStart && isSpace(text, argsEnd - 1)) argsEnd--;
  const argsText = argsEnd > argsStart ? text.slice(argsStart, argsEnd) : null;
  const argsRange = argsText !== null ? lines.range(argsStart, argsEnd) : null;

  const keyword = lexed.keyword;
  const json = argsText !== null ? readJsonForm(argsText, argsStart, lines) : null;
  const form: InstructionForm = argsText === null ? 'none' : json ? 'json' : 'shell';
  // A heredoc's body is the heredoc's content, not words of the instruction (as in BuildKit).
  const argsLimit = firstHeredocBody ?? Number.POSITIVE_INFINITY;
  // (the lexer's words are read up to the first body: `argsLimit` in the lexer's offsets)
  const bodyStart = lexedHeredocs.find((heredoc) => heredoc.contentStart !== -1)?.contentStart;
  const args: Word[] =
    json ??
    argumentWords(words.arguments(bodyStart ?? Number.POSITIVE_INFINITY), argsStart, argsLimit, at, ctx);

  const { shell, execScript } = instructionScripts(
    { keyword, form, args, argsStart, argsEnd, heredocs },
    ctx,
  );

  let trigger: Instruction | null = null;
  if (keyword === 'ONBUILD' && argsText !== null) {
    const sub: Source = { lexed: lexDockerfile(argsText), base: argsStart };
    const inner = sub.lexed.instructions[0];
    if (inner) trigger = buildInstruction(sub, inner, ctx, index);
  }

  return {
    keyword,
    keywordText: lexed.keywordText,
    keywordRange,
    range,
    index,
    stageIndex: -1,
    flags,
    args,
    expandedArgs: args,
    argsText,
    argsRange,
    form,
    heredocs,
    shell,
    execScript,
    trigger,
    assignments: mapAssignments(source, lexed, lines),
    leadingComments: [],
  };
}

/**
 * The lexer's words from `argsStart` (flag words before it are BuildKit's, read apart) up to
 * `argsLimit` (the first heredoc body, whose words are the heredoc's, not the instruction's).
 */
function argumentWords(
  words: LexWord[],
  argsStart: number,
  argsLimit: number,
  at: (offset: number) => number,
  ctx: BuildContext,
): Word[] {
  const args: Word[] = [];
  for (const word of words) {
    const start = at(word.start);
    if (start >= argsLimit) break;
    const end = at(word.end);
    if (start >= argsStart && end > start) args.push(toWord(ctx.text, start, end, word.value, ctx.lines));
  }
  return args;
}

/**
 * Parses a Dockerfile into the exact model; syntax problems are reported as data, never thrown.
 * The bash grammar is loaded only when a script of the file needs it (see shell.ts).
 */
export async function parseDockerfile(text: string, path = 'Dockerfile'): Promise<Dockerfile> {
  return withShellParserWhenNeeded((shellParser) => parseDockerfileWith(shellParser, text, path));
}

/**
 * The synchronous parse: `shellParser` is a loaded tree-sitter parser, or a function that
 * gives one, called only for a script the fast reader declines.
 */
export function parseDockerfileWith(
  shellParser: ShellParserSource,
  text: string,
  path = 'Dockerfile',
): Dockerfile {
  const lines = new LineIndex(text);
  const directives = readDirectives(text, lines);
  const escapeChar = escapeCharOf(directives);
  const source: Source = { lexed: lexDockerfile(text), base: 0 };
  const ctx: BuildContext = { text, lines, escapeChar, shellParser, anyHeredocMarker: text.includes('<<') };
  const instructions = source.lexed.instructions.map((instruction, index) =>
    buildInstruction(source, instruction, ctx, index),
  );
  const comments = source.lexed.comments.map((comment) => {
    const start = fileOffset(source, comment.start);
    const end = fileOffset(source, comment.end);
    return toWord(text, start, end, comment.content, lines);
  });
  return assembleDockerfile({ path, text, lines, directives, escapeChar, instructions, comments });
}
