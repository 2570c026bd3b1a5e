import { expandCommandArgs } from './command-args.js';
import type {
  Directive,
  Dockerfile,
  DockerfileSyntaxError,
  Heredoc,
  Instruction,
  InstructionForm,
  ShellScript,
  Stage,
  Word,
} from './model.js';
import { isShellName, nestedScript, unquoteJsonString } from './nested-shell.js';
import type { LineIndex } from './positions.js';
import { maskContinuations, parseMappedScript, parseShell, type ShellParserSource } from './shell.js';
import { buildStages } from './stages.js';

/**
 * The parts of the model built once an instruction's words are known, whoever read them
 * (parse.ts from our lexer; the lexer's differential test from dockerfile-ast): JSON forms,
 * scripts handed to a shell, heredoc scripts, leading comments and syntax errors.
 */

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

export function toWord(text: string, start: number, end: number, value: string, lines: LineIndex): Word {
  return { text: text.slice(start, end), value, range: lines.range(start, end) };
}

/** JSON (exec) form: a JSON array of strings; anything else is shell form. */
export function readJsonForm(argsText: string, argsStart: number, lines: LineIndex): Word[] | null {
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

export interface BuildContext {
  text: string;
  lines: LineIndex;
  escapeChar: string;
  shellParser: ShellParserSource;
  /** Whether `<<` occurs in the file at all (most Dockerfiles have no heredoc). */
  anyHeredocMarker: boolean;
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
  const found = nestedScript(argv.map((word) => word.value));
  const word = found !== null ? argv[found.index] : undefined;
  if (!found || !word) return null;
  const script = unquoteJsonString(word.text, word.range.start.offset);
  return parseMappedScript(ctx.shellParser, script, word.range, ctx.lines, found.user);
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

/**
 * A RUN's heredoc markers (`<<EOF`, `<<-"EOF"`) blanked out of its first line: their bodies
 * are read on their own (below), and the rest of the line (`bash -ex`, `cat > /etc/app.conf`)
 * is then read as the shell reads it, not as a script whose heredoc never ends (an error that
 * also sent every heredoc RUN to tree-sitter).
 */
function withoutHeredocMarkers(masked: string, heredocs: Heredoc[], start: number): string {
  let out = masked;
  for (const heredoc of heredocs) {
    const from = heredoc.markerRange.start.offset - start;
    const to = heredoc.markerRange.end.offset - start;
    if (from < 0 || to > out.length || from >= to) continue;
    out = out.slice(0, from) + ' '.repeat(to - from) + out.slice(to);
  }
  return out;
}

/** `RUN <<EOF` (or `RUN bash <<EOF`) runs the heredoc body as a script: parse it too. */
function withHeredocScripts(
  shell: ReturnType<typeof parseShell>,
  heredocs: Heredoc[],
  ctx: BuildContext,
): ReturnType<typeof parseShell> {
  const runsBody = shell.commands.length === 0 || isShellName(shell.commands[0]!.name);
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

/** What the scripts of an instruction are read from: its keyword, form, words and heredocs. */
export interface InstructionShape {
  keyword: string;
  form: InstructionForm;
  args: Word[];
  argsStart: number;
  argsEnd: number;
  heredocs: Heredoc[];
}

/**
 * The shell an instruction runs: its shell-form script (RUN/CMD/ENTRYPOINT, the command of
 * `HEALTHCHECK CMD`, and a RUN's heredoc scripts) and the script a JSON argv hands to a shell.
 */
export function instructionScripts(
  { keyword, form, args, argsStart, argsEnd, heredocs }: InstructionShape,
  ctx: BuildContext,
): { shell: ShellScript | null; execScript: ShellScript | null } {
  let shell: ShellScript | null = null;
  const shellTarget = keyword === 'HEALTHCHECK' ? healthcheckShell(args, argsStart, ctx.text) : null;
  if (form === 'shell' && argsEnd > argsStart && (SHELL_FORM_KEYWORDS.has(keyword) || shellTarget)) {
    const start = shellTarget ?? argsStart;
    const original = ctx.text.slice(start, argsEnd);
    const masked = maskContinuations(original, ctx.escapeChar);
    shell = parseShell(
      ctx.shellParser,
      original,
      keyword === 'RUN' && heredocs.length > 0 ? withoutHeredocMarkers(masked, heredocs, start) : masked,
      start,
      ctx.lines,
    );
    if (keyword === 'RUN') shell = withHeredocScripts(shell, heredocs, ctx);
  }
  const execScript = readExecScript(
    keyword,
    form === 'json' ? args : healthcheckJson(keyword, args, argsStart, argsEnd, ctx),
    ctx,
  );
  return { shell, execScript };
}

/** The escape character a `# escape=` directive chooses (backslash unless it says backtick). */
export function escapeCharOf(directives: Directive[]): string {
  return directives.find((d) => d.name === 'escape')?.value === '`' ? '`' : '\\';
}

/**
 * The whole model from its instructions and comments: comments on directive lines dropped,
 * leading comments attached, stages and global ARGs found, syntax errors listed, and the
 * commands' arguments expanded with their stage's variables.
 */
export function assembleDockerfile(parts: {
  path: string;
  text: string;
  lines: LineIndex;
  directives: Directive[];
  escapeChar: string;
  instructions: Instruction[];
  comments: Word[];
}): Dockerfile {
  const { path, text, lines, directives, escapeChar, instructions } = parts;
  // (most files have no directive: their comments are kept as they are)
  const directiveLines = directives.map((d) => d.range.start.line);
  const comments =
    directiveLines.length === 0
      ? parts.comments
      : parts.comments.filter((comment) => !directiveLines.includes(comment.range.start.line));
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
