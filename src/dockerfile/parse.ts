import {
  type Argument,
  type Dockerfile as AstDockerfile,
  type Flag as AstFlag,
  type Heredoc as AstHeredoc,
  type Instruction as AstInstruction,
  DockerfileParser,
} from 'dockerfile-ast';

import type { Range } from '../types.js';
import { type LspRange, memoizeAstGetters, organizeCommentsOnce } from './ast-memo.js';
import { expandCommandArgs } from './command-args.js';
import { readDirectives } from './directives.js';
import { readFlags } from './flags.js';
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

/** Maps dockerfile-ast's LSP ranges of a (sub)text into ranges of the whole file. */
class RangeMapper {
  constructor(
    private readonly local: LineIndex,
    private readonly global: LineIndex,
    private readonly base: number,
  ) {}
  offset(position: { line: number; character: number }): number {
    return this.base + this.local.offsetOf(position.line, position.character);
  }
  range(range: LspRange): Range {
    return this.global.range(this.offset(range.start), this.offset(range.end));
  }
}

/**
 * dockerfile-ast crashes on a continued RUN whose comment line holds a backslash; blanking
 * backslashes in comment lines keeps every offset and avoids the crash.
 */
function parseAst(text: string): AstDockerfile {
  memoizeAstGetters();
  organizeCommentsOnce();
  try {
    return DockerfileParser.parse(text);
  } catch {
    return DockerfileParser.parse(text.replace(/^([ \t]*#.*)$/gm, (line) => line.replace(/\\/g, ' ')));
  }
}

function toWord(text: string, start: number, end: number, value: string, lines: LineIndex): Word {
  return { text: text.slice(start, end), value, range: lines.range(start, end) };
}

function astFlags(instruction: AstInstruction): AstFlag[] {
  const withFlags = instruction as unknown as { getFlags?: () => AstFlag[] };
  return typeof withFlags.getFlags === 'function' ? withFlags.getFlags() : [];
}

function astHeredocs(instruction: AstInstruction): AstHeredoc[] {
  const withHeredocs = instruction as unknown as { getHeredocs?: () => AstHeredoc[] };
  if (typeof withHeredocs.getHeredocs !== 'function') return [];
  try {
    return withHeredocs.getHeredocs();
  } catch {
    return [];
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

function mapAssignments(instruction: AstInstruction, map: RangeMapper): Assignment[] {
  const withProperties = instruction as unknown as {
    getProperties?: () => Array<{
      getName(): string;
      getValue(): string | null;
      getRange(): LspRange;
      getNameRange(): LspRange;
      getValueRange(): LspRange | null;
    }>;
  };
  if (typeof withProperties.getProperties !== 'function') return [];
  return withProperties.getProperties().map((property) => {
    const valueRange = property.getValueRange();
    return {
      name: property.getName(),
      value: property.getValue(),
      range: map.range(property.getRange()),
      nameRange: map.range(property.getNameRange()),
      valueRange: valueRange ? map.range(valueRange) : null,
    };
  });
}

function buildInstruction(
  ast: AstInstruction,
  map: RangeMapper,
  ctx: BuildContext,
  index: number,
): Instruction {
  const { text, lines } = ctx;
  const range = map.range(ast.getRange());
  const keywordRange = map.range(ast.getInstructionRange());
  // dockerfile-ast keeps quotes in flag values and splits a quoted value at its spaces;
  // BuildKit removes the quotes, so the flags are read again its way.
  const flags =
    astFlags(ast).length > 0
      ? readFlags(text, keywordRange.end.offset, range.end.offset, lines, ctx.escapeChar)
      : [];
  // Reading heredocs costs dockerfile-ast a rescan of the instruction: only when one may exist.
  const mayHaveHeredoc =
    ctx.anyHeredocMarker && text.slice(range.start.offset, range.end.offset).includes('<<');
  const heredocs: Heredoc[] = (mayHaveHeredoc ? astHeredocs(ast) : []).map((heredoc) => {
    const contentRange = heredoc.getContentRange();
    const endRange = heredoc.getDelimiterRange();
    const content = contentRange
      ? (() => {
          const start = map.offset(contentRange.start);
          const end = map.offset(contentRange.end);
          return toWord(text, start, end, text.slice(start, end), lines);
        })()
      : null;
    return {
      name: heredoc.getName(),
      markerRange: map.range(heredoc.getStartRange()),
      content,
      endRange: endRange ? map.range(endRange) : null,
    };
  });

  // The arguments start after the last flag; heredoc bodies belong to the instruction, not to argsText.
  const lastFlagEnd = flags.length > 0 ? flags[flags.length - 1]!.range.end.offset : keywordRange.end.offset;
  const instructionEnd = range.end.offset;
  const firstHeredocBody = heredocs.find((h) => h.content)?.content?.range.start.offset;
  const logicalEnd =
    firstHeredocBody !== undefined ? Math.max(lastFlagEnd, firstHeredocBody - 1) : instructionEnd;
  let argsStart = lastFlagEnd;
  while (argsStart < logicalEnd && /\s/.test(text[argsStart] ?? '')) argsStart++;
  let argsEnd = logicalEnd;
  while (argsEnd > argsStart && /\s/.test(text[argsEnd - 1] ?? '')) argsEnd--;
  const argsText = argsEnd > argsStart ? text.slice(argsStart, argsEnd) : null;
  const argsRange = argsText !== null ? lines.range(argsStart, argsEnd) : null;

  const keyword = ast.getKeyword().toUpperCase();
  const json = argsText !== null ? readJsonForm(argsText, argsStart, lines) : null;
  const form: InstructionForm = argsText === null ? 'none' : json ? 'json' : 'shell';
  const args: Word[] =
    json ??
    ast.getArguments().flatMap((argument: Argument) => {
      const start = map.offset(argument.getRange().start);
      const end = map.offset(argument.getRange().end);
      if (start < argsStart || end <= start) return [];
      return [toWord(text, start, end, argument.getValue(), lines)];
    });

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
    const sub = parseAst(argsText);
    const subMap = new RangeMapper(new LineIndex(argsText), lines, argsStart);
    const inner = sub.getInstructions()[0];
    if (inner) trigger = buildInstruction(inner, subMap, ctx, index);
  }

  return {
    keyword,
    keywordText: ast.getInstruction(),
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
    assignments: mapAssignments(ast, map),
    leadingComments: [],
  };
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
  const ast = parseAst(text);
  const map = new RangeMapper(lines, lines, 0);
  const ctx: BuildContext = { text, lines, escapeChar, shellParser, anyHeredocMarker: text.includes('<<') };
  const instructions = ast
    .getInstructions()
    .map((instruction, index) => buildInstruction(instruction, map, ctx, index));
  const directiveLines = new Set(directives.map((d) => d.range.start.line));
  const comments = ast
    .getComments()
    .map((comment) => {
      const r = map.range(comment.getRange());
      return toWord(text, r.start.offset, r.end.offset, comment.getContent(), lines);
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
