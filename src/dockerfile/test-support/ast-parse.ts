/**
 * The model as it was read through dockerfile-ast before the lexer replaced it, kept only as
 * the oracle of lexer.oracle.test.ts (dockerfile-ast is a development dependency).
 */
import {
  type Argument,
  type Dockerfile as AstDockerfile,
  type Flag as AstFlag,
  type Heredoc as AstHeredoc,
  type Instruction as AstInstruction,
  DockerfileParser,
} from 'dockerfile-ast';
import type { Parser } from 'web-tree-sitter';

import type { Range } from '../../types.js';
import { readDirectives } from '../directives.js';
import { readFlags } from '../flags.js';
import type { Assignment, Dockerfile, Heredoc, Instruction, InstructionForm, Word } from '../model.js';
import {
  assembleDockerfile,
  type BuildContext,
  escapeCharOf,
  instructionScripts,
  readJsonForm,
  toWord,
} from '../model-parts.js';
import { LineIndex } from '../positions.js';
import { loadShellParser } from '../shell-grammar.js';
import { type LspRange, memoizeAstGetters, organizeCommentsOnce } from './ast-memo.js';

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
  const argsLimit = firstHeredocBody ?? Number.POSITIVE_INFINITY;
  const args: Word[] =
    json ??
    ast.getArguments().flatMap((argument: Argument) => {
      const start = map.offset(argument.getRange().start);
      const end = map.offset(argument.getRange().end);
      // (dockerfile-ast counts a heredoc body's words among the arguments; the model does not)
      if (start < argsStart || end <= start || start >= argsLimit) return [];
      return [toWord(text, start, end, argument.getValue(), lines)];
    });

  const { shell, execScript } = instructionScripts(
    { keyword, form, args, argsStart, argsEnd, heredocs },
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

/** Parses a Dockerfile into the exact model; syntax problems are reported as data, never thrown. */
export async function parseDockerfileWithAst(text: string, path = 'Dockerfile'): Promise<Dockerfile> {
  return parseDockerfileWithAstAnd(await loadShellParser(), text, path);
}

export function parseDockerfileWithAstAnd(
  shellParser: Parser,
  text: string,
  path = 'Dockerfile',
): Dockerfile {
  const lines = new LineIndex(text);
  const directives = readDirectives(text, lines);
  const escapeChar = escapeCharOf(directives);
  const ast = parseAst(text);
  const map = new RangeMapper(lines, lines, 0);
  const ctx: BuildContext = { text, lines, escapeChar, shellParser, anyHeredocMarker: text.includes('<<') };
  const instructions = ast
    .getInstructions()
    .map((instruction, index) => buildInstruction(instruction, map, ctx, index));
  const comments = ast.getComments().map((comment) => {
    const r = map.range(comment.getRange());
    return toWord(text, r.start.offset, r.end.offset, comment.getContent(), lines);
  });
  return assembleDockerfile({ path, text, lines, directives, escapeChar, instructions, comments });
}
