import { expandCommandArgs } from './command-args.js';
import { readDirectives } from './directives.js';
import { readFlags } from './flags.js';
import { InstructionWords, type LexedDockerfile, type LexInstruction, lexDockerfile } from './lexer.js';
import { HeredocMismatch, type LexHeredoc, readHeredocs } from './lexer-heredocs.js';
import { readProperties } from './lexer-properties.js';
import type { LexWord } from './lexer-words.js';
import type {
  Assignment,
  Dockerfile,
  DockerfileSyntaxError,
  Heredoc,
  Instruction,
  InstructionForm,
  ShellScript,
  Stage,
  Word,
} from './model.js';
import { scriptIndex, unquoteJsonString } from './nested-shell.js';
import { LineIndex } from './positions.js';
import { maskContinuations, parseMappedScript, parseShell, type ShellParserSource } from './shell.js';
import { withShellParserWhenNeeded } from './shell-grammar.js';
import { buildStages } from './stages.js';

const SHELL_FORM_KEYWORDS = new Set(['RUN', 'CMD', 'ENTRYPOINT']);
const EXEC_KEYWORDS = new Set(['RUN', 'CMD', 'ENTRYPOINT', 'HEALTHCHECK']);
const KNOWN_KEYWORDS = new Set([
  'ADD',
  'ARG',
  'CMD',
  'COPY',
  'ENTRYPOINT',
  'ENV',
  'EXPOSE',
  'FROM',
  'HEALTHCHECK',
  'LABEL',
  'MAINTAINER',
  'ONBUILD',
  'RUN',
  'SHELL',
  'STOPSIGNAL',
  'USER',
  'VOLUME',
  'WORKDIR',
]);

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

function toWord(text: string, start: number, end: number, value: string, lines: LineIndex): Word {
  return { text: text.slice(start, end), value, range: lines.range(start, end) };
}

/** Heredocs as the model has always shown them; none where their words do not line up. */
function lexHeredocs(source: Source, instruction: LexInstruction, words: LexWord[]): LexHeredoc[] {
  try {
    return readHeredocs(source.lexed.lex, instruction.start, instruction.end, words);
  } catch (error) {
    if (error instanceof HeredocMismatch) return [];
    throw error;
  }
}

/** JSON (exec) form: a JSON array of strings; anything else is shell form. */
function readJsonForm(argsText: string, argsStart: number, lines: LineIndex): Word[] | null {
  const trimmed = argsText.trimEnd();
  if (!trimmed.startsWith('[') || !trimmed.endsWith(']')) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed.replace(/\\\r?\n/g, ''));
  } catch {
    return null;
  }
  if (!Array.isArray(parsed) || !parsed.every((item) => typeof item === 'string')) return null;
  const words: Word[] = [];
  const stringLiteral = /"(?:[^"\\]|\\.)*"/g;
  let index = 0;
  for (let match = stringLiteral.exec(trimmed); match; match = stringLiteral.exec(trimmed)) {
    const start = argsStart + match.index;
    words.push(toWord(lines.text, start, start + match[0].length, (parsed as string[])[index] ?? '', lines));
    index++;
  }
  return words.length === parsed.length ? words : null;
}

interface BuildContext {
  text: string;
  lines: LineIndex;
  escapeChar: string;
  shellParser: ShellParserSource;
  /** Whether `<<` occurs in the file at all (most Dockerfiles have no heredoc). */
  anyHeredocMarker: boolean;
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
  const heredocs: Heredoc[] = (mayHaveHeredoc ? lexHeredocs(source, lexed, words.arguments()) : []).map(
    (heredoc) => {
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
    },
  );

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
  const args: Word[] = json ?? argumentWords(words.arguments(), argsStart, at, ctx);

  let shell = null;
  const shellTarget = keyword === 'HEALTHCHECK' ? healthcheckShell(args, argsStart, text) : null;
  if (form === 'shell' && argsText !== null && (SHELL_FORM_KEYWORDS.has(keyword) || shellTarget)) {
    const start = shellTarget ?? argsStart;
    const original = text.slice(start, argsEnd);
    shell = parseShell(ctx.shellParser, original, maskContinuations(original, ctx.escapeChar), start, lines);
    if (keyword === 'RUN') shell = withHeredocScripts(shell, heredocs, ctx);
  }

  const execScript = readExecScript(
    keyword,
    form === 'json' ? args : healthcheckJson(keyword, args, argsStart, argsEnd, ctx),
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

/** The lexer's words from `argsStart` on (flag words before it are BuildKit's, read apart). */
function argumentWords(
  words: LexWord[],
  argsStart: number,
  at: (offset: number) => number,
  ctx: BuildContext,
): Word[] {
  const args: Word[] = [];
  for (const word of words) {
    const start = at(word.start);
    const end = at(word.end);
    if (start >= argsStart && end > start) args.push(toWord(ctx.text, start, end, word.value, ctx.lines));
  }
  return args;
}

/** `HEALTHCHECK [opts] CMD ["…"]`: the JSON argv after `CMD`, when written so. */
function healthcheckJson(
  keyword: string,
  args: Word[],
  argsStart: number,
  argsEnd: number,
  ctx: BuildContext,
): Word[] | null {
  if (keyword !== 'HEALTHCHECK') return null;
  const cmd = args.find((arg) => arg.value.toUpperCase() === 'CMD');
  if (!cmd || cmd.range.start.offset < argsStart) return null;
  let start = cmd.range.end.offset;
  while (/\s/.test(ctx.text[start] ?? '')) start++;
  if (ctx.text[start] !== '[') return null;
  return readJsonForm(ctx.text.slice(start, argsEnd), start, ctx.lines);
}

/** The script a JSON argv hands to a shell (`["/bin/sh", "-c", "…"]`), read as shell. */
function readExecScript(keyword: string, argv: Word[] | null, ctx: BuildContext): ShellScript | null {
  if (!argv || !EXEC_KEYWORDS.has(keyword)) return null;
  const index = scriptIndex(argv.map((word) => word.value));
  const word = index !== null ? argv[index] : undefined;
  if (!word) return null;
  const script = unquoteJsonString(word.text, word.range.start.offset);
  return parseMappedScript(ctx.shellParser, script, word.range, ctx.lines);
}

/** `HEALTHCHECK [opts] CMD command`: the shell text starts after `CMD`. */
function healthcheckShell(args: Word[], argsStart: number, text: string): number | null {
  const cmd = args.find((arg) => arg.value.toUpperCase() === 'CMD');
  if (!cmd || cmd.range.start.offset < argsStart) return null;
  let start = cmd.range.end.offset;
  while (/\s/.test(text[start] ?? '')) start++;
  if (text[start] === '[') return null;
  return start;
}

/** `RUN <<EOF` (or `RUN bash <<EOF`) runs the heredoc body as a script: parse it too. */
function withHeredocScripts(
  shell: ReturnType<typeof parseShell>,
  heredocs: Heredoc[],
  ctx: BuildContext,
): ReturnType<typeof parseShell> {
  const runsBody =
    shell.commands.length === 0 || ['sh', 'bash', '/bin/sh', '/bin/bash'].includes(shell.commands[0]!.name);
  if (!runsBody) return shell;
  let commands = shell.commands;
  let hasError = shell.hasError;
  for (const heredoc of heredocs) {
    if (!heredoc.content) continue;
    const body = heredoc.content.text;
    const script = parseShell(ctx.shellParser, body, body, heredoc.content.range.start.offset, ctx.lines);
    commands = [...commands, ...script.commands];
    hasError ||= script.hasError;
  }
  return { ...shell, commands, hasError };
}

function attachLeadingComments(instructions: Instruction[], comments: Word[], lines: LineIndex): void {
  const byLine = new Map<number, Word>();
  for (const comment of comments) byLine.set(comment.range.start.line, comment);
  for (const instruction of instructions) {
    const above: Word[] = [];
    for (let line = instruction.range.start.line - 1; line >= 1; line--) {
      const comment = byLine.get(line);
      if (!comment || lines.text.slice(lines.lineStart(line), comment.range.start.offset).trim() !== '')
        break;
      above.unshift(comment);
    }
    instruction.leadingComments = above;
  }
}

function syntaxErrorsOf(
  instructions: Instruction[],
  stages: Stage[],
  lines: LineIndex,
): DockerfileSyntaxError[] {
  const errors: DockerfileSyntaxError[] = [];
  for (const instruction of instructions) {
    if (!KNOWN_KEYWORDS.has(instruction.keyword)) {
      errors.push({
        message: `Unknown instruction "${instruction.keywordText}".`,
        range: instruction.keywordRange,
      });
    } else if (instruction.form === 'none' && instruction.keyword !== 'HEALTHCHECK') {
      errors.push({
        message: `${instruction.keyword} needs at least one argument.`,
        range: instruction.range,
      });
    } else if (instruction.stageIndex < 0 && instruction.keyword !== 'ARG') {
      errors.push({
        message: `${instruction.keyword} comes before the first FROM; only ARG may.`,
        range: instruction.keywordRange,
      });
    }
    for (const heredoc of instruction.heredocs) {
      if (heredoc.content && !heredoc.endRange) {
        errors.push({ message: `Heredoc "${heredoc.name}" is never closed.`, range: heredoc.markerRange });
      }
    }
  }
  if (stages.length === 0 && instructions.length > 0) {
    errors.push({ message: 'The Dockerfile has no FROM instruction.', range: instructions[0]!.range });
  } else if (instructions.length === 0) {
    // An empty or comments-only file builds nothing: as wrong as one without FROM.
    errors.push({
      message: 'The Dockerfile has no instructions (it is empty or only comments); it needs at least a FROM.',
      range: lines.range(0, lines.lineEnd(1)),
    });
  }
  return errors;
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
  const escapeDirective = directives.find((d) => d.name === 'escape')?.value;
  const escapeChar = escapeDirective === '`' ? '`' : '\\';
  const source: Source = { lexed: lexDockerfile(text), base: 0 };
  const ctx: BuildContext = { text, lines, escapeChar, shellParser, anyHeredocMarker: text.includes('<<') };
  const instructions = source.lexed.instructions.map((instruction, index) =>
    buildInstruction(source, instruction, ctx, index),
  );
  const directiveLines = new Set(directives.map((d) => d.range.start.line));
  const comments = source.lexed.comments
    .map((comment) => {
      const start = fileOffset(source, comment.start);
      const end = fileOffset(source, comment.end);
      return toWord(text, start, end, comment.content, lines);
    })
    .filter((comment) => !directiveLines.has(comment.range.start.line));
  attachLeadingComments(instructions, comments, lines);
  const stages = buildStages(instructions);
  const dockerfile: Dockerfile = {
    path,
    text,
    directives,
    escapeChar,
    instructions,
    stages,
    globalArgs: instructions.filter((i) => i.stageIndex < 0 && i.keyword === 'ARG'),
    comments,
    syntaxErrors: syntaxErrorsOf(instructions, stages, lines),
  };
  expandCommandArgs(dockerfile);
  return dockerfile;
}
