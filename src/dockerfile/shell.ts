import type { Node, Parser } from 'web-tree-sitter';
import type { Assignment, ShellCommand, ShellOperator, ShellScript, Word } from './model.js';
import { type MappedText, mayRunScript, nestedScript, unquoteShellWord } from './nested-shell.js';
import { LineIndex } from './positions.js';
import { lastSegment } from './queries.js';
import {
  type RawAssignment,
  type RawCommand,
  type RawScript,
  type RawWord,
  readSimpleShell,
} from './simple-shell.js';
import { type Unwrapped, unwrap, wrapperSpec } from './wrappers.js';

const OPERATORS = new Set<string>(['&&', '||', ';', '|', '|&', '&']);
const NESTING = new Set<string>([
  'command_substitution',
  'process_substitution',
  'subshell',
  'compound_statement',
  'if_statement',
  'while_statement',
  'for_statement',
  'c_style_for_statement',
  'case_statement',
  'function_definition',
]);

/**
 * Blanks out what the Dockerfile parser consumes before the shell sees the text — line
 * continuations and the comment lines inside them — without changing any offset, so tree
 * positions are Dockerfile positions.
 */
export function maskContinuations(text: string, escapeChar: string): string {
  let marker = text.indexOf(escapeChar);
  if (marker === -1) return text;
  // Read by hand, not by a regular expression made per call: this runs for every RUN.
  let masked = '';
  let copied = 0;
  while (marker !== -1) {
    const end = continuationEnd(text, marker);
    if (end === -1) {
      marker = text.indexOf(escapeChar, marker + 1);
      continue;
    }
    masked += text.slice(copied, marker) + ' '.repeat(end - marker);
    copied = end;
    marker = text.indexOf(escapeChar, end);
  }
  return copied === 0 ? text : masked + text.slice(copied);
}

/**
 * Where the line continuation whose escape character is at `marker` ends, with the comment and
 * empty lines that follow it (BuildKit drops them); -1 when no line break follows the escape.
 */
function continuationEnd(text: string, marker: number): number {
  let end = marker + 1;
  for (let code = text.charCodeAt(end); code === 32 || code === 9 || code === 13; )
    code = text.charCodeAt(++end);
  if (text.charCodeAt(end) !== 10) return -1;
  end++;
  for (;;) {
    let line = end;
    while (text.charCodeAt(line) === 32 || text.charCodeAt(line) === 9) line++;
    if (text.charCodeAt(line) === 35) {
      line = text.indexOf('\n', line);
      if (line === -1) return end;
    }
    if (text.charCodeAt(line) !== 10) return end;
    end = line + 1;
  }
}

/** Shell quoting removed (what the command receives), expansions left as written. */
function unquote(node: Node): string {
  switch (node.type) {
    case 'raw_string':
      return node.text.slice(1, -1);
    case 'ansi_c_string':
      return node.text.slice(2, -1);
    case 'string': {
      const inner = node.text.slice(1, -1);
      return inner.replace(/\\([$`"\\\n])/g, '$1');
    }
    case 'concatenation':
      return node.namedChildren.map((child) => (child ? unquote(child) : '')).join('');
    case 'word':
    case 'number':
      return node.text.replace(/\\(.)/g, '$1');
    default:
      return node.text;
  }
}

/** Nested shells read at most this deep (`sh -c "bash -c '…'"`): bounded work on any input. */
const MAX_NESTED_SHELLS = 4;
/** Wrappers looked through at most this deep per command (`sudo -E env A=1 nice pip …`). */
const MAX_WRAPPERS = 4;

/**
 * How shell text is read: by the fast reader (simple-shell.ts) when it accepts the script,
 * else by tree-sitter. `treeSitter` is asked for the parser only then, so a caller can load
 * the grammar lazily; `fast: false` reads everything with tree-sitter (the differential tests).
 */
export interface ShellReaders {
  treeSitter: () => Parser;
  fast: boolean;
}

/** A loaded parser, a function that gives one when first needed, or both readers spelled out. */
export type ShellParserSource = Parser | (() => Parser) | ShellReaders;

function readersOf(source: ShellParserSource): ShellReaders {
  if (typeof source === 'function') return { treeSitter: source, fast: true };
  if ('treeSitter' in source) return source;
  return { treeSitter: () => source, fast: true };
}

/** The text a tree is parsed from, and where each of its characters sits in the file. */
interface ScriptSource {
  /** Text handed to the parser. */
  text: string;
  /** Text that `ShellCommand.text` slices (the original with continuations, or the unquoted script). */
  display: string;
  /** File offset where `text[index]` begins. */
  at(index: number): number;
  /** File offset just after `text[index]` (past a whole escape). */
  after(index: number): number;
}

interface WalkState {
  /** Pipeline numbers are unique across a script and the scripts nested in it. */
  pipelines: { next: number };
  depth: number;
  nestingLeft: number;
  readers: ShellReaders;
  /** Whom the script's commands run as when a wrapper around it switched users (`su app -c`). */
  runsAs: string | null;
}

/**
 * Parses shell text once and lists its simple commands in order, with the operator that
 * joins each one to the previous command. A script handed to another shell (`sh -c "…"`,
 * `su app -c '…'`) is read too: its commands follow the command that runs them, one level
 * deeper, with ranges inside the quoted string.
 * @param masked text of the whole Dockerfile region, already passed through maskContinuations
 * @param baseOffset offset of `masked[0]` in the Dockerfile
 */
export function parseShell(
  parser: ShellParserSource,
  original: string,
  masked: string,
  baseOffset: number,
  lines: LineIndex,
): ShellScript {
  const range = lines.range(baseOffset, baseOffset + original.length);
  const source: ScriptSource = {
    text: masked,
    display: original,
    at: (index) => baseOffset + index,
    after: (index) => baseOffset + index + 1,
  };
  const read = readScript(source, lines, {
    pipelines: { next: 0 },
    depth: 0,
    nestingLeft: MAX_NESTED_SHELLS,
    readers: readersOf(parser),
    runsAs: null,
  });
  if (!read) return { text: original, range, commands: [], hasError: true };
  return { text: original, range, commands: read.commands, hasError: read.hasError };
}

/** The commands of a shell script file (an entrypoint script): the same reading as a RUN's. */
export function parseShellScript(parser: ShellParserSource, text: string): ShellCommand[] {
  return parseShell(parser, text, maskContinuations(text, '\\'), 0, new LineIndex(text)).commands;
}

/**
 * Reads a script that sits inside a string of the file (the `"…"` of `["sh", "-c", "…"]`):
 * `script.offsets[i]` is where `script.text[i]` is in the file. The result's text is the
 * script itself and its range the string's; `runsAs` is whom a wrapper in the argv switched to
 * (`["gosu", "app", "sh", "-c", "…"]`).
 */
export function parseMappedScript(
  parser: ShellParserSource,
  script: MappedText,
  range: ShellScript['range'],
  lines: LineIndex,
  runsAs: string | null = null,
): ShellScript {
  const source = mappedSource(script);
  const read = readScript(source, lines, {
    pipelines: { next: 0 },
    depth: 0,
    nestingLeft: MAX_NESTED_SHELLS,
    readers: readersOf(parser),
    runsAs,
  });
  return { text: script.text, range, commands: read?.commands ?? [], hasError: read?.hasError ?? true };
}

function mappedSource(script: MappedText): ScriptSource {
  const last = script.starts.length - 1;
  return {
    text: script.text,
    display: script.text,
    at: (index) => (last < 0 ? 0 : index > last ? script.ends[last]! : script.starts[index]!),
    after: (index) => (last < 0 ? 0 : script.ends[Math.min(index, last)]!),
  };
}

/** Reads one script with the fast reader, or with tree-sitter when the fast reader declines. */
function readRaw(text: string, readers: ShellReaders): RawScript | null {
  return (readers.fast ? readSimpleShell(text) : null) ?? readWithTreeSitter(readers.treeSitter(), text);
}

function readScript(
  source: ScriptSource,
  lines: LineIndex,
  state: WalkState,
): { commands: ShellCommand[]; hasError: boolean } | null {
  const raw = readRaw(source.text, state.readers);
  if (!raw) return null;
  const nested: NestedRead[] = [];
  const commands: ShellCommand[] = [];
  const pipelineIds = new Map<number, number>();
  const startOf = (index: number) => source.at(index);
  const endOf = (index: number) => (index === 0 ? source.at(0) : source.after(index - 1));
  const rangeOf = (start: number, end: number) => lines.range(startOf(start), endOf(end));
  const word = (raw: RawWord): Word => {
    const range = rangeOf(raw.start, raw.end);
    return { text: lines.text.slice(range.start.offset, range.end.offset), value: raw.value, range };
  };
  for (const found of raw.commands) {
    const assignments: Assignment[] = found.assignments.map((a) => ({
      name: a.name.value,
      value: a.value?.value ?? '',
      range: rangeOf(a.start, a.end),
      nameRange: rangeOf(a.name.start, a.name.end),
      valueRange: a.value ? rangeOf(a.value.start, a.value.end) : null,
    }));
    let pipeline: number;
    if (found.pipelineKey !== null) {
      const known = pipelineIds.get(found.pipelineKey);
      pipeline = known ?? state.pipelines.next++;
      if (known === undefined) pipelineIds.set(found.pipelineKey, pipeline);
    } else {
      pipeline = state.pipelines.next++;
    }
    const nameWord = found.name ? word(found.name) : null;
    const argWords = found.args.map(word);
    const command: ShellCommand = {
      name: nameWord?.value ?? '',
      nameRange: nameWord?.range ?? rangeOf(found.start, found.start),
      args: argWords,
      expandedArgs: argWords,
      assignments,
      range: rangeOf(found.start, found.end),
      text: source.display.slice(found.start, found.end),
      operatorBefore: commands.length === 0 ? null : (found.operator ?? '\n'),
      depth: state.depth + found.depth,
      pipeline,
      redirected: found.redirected,
      wrappedBy: null,
      runsAs: state.runsAs,
    };
    commands.push(command);
    if (!nameWord) continue;
    // Only a wrapper's or a shell's words are needed as plain values: a map look-up decides.
    const values =
      wrapperSpec(nameWord.value) || mayRunScript(nameWord.value)
        ? [nameWord.value, ...argWords.map((w) => w.value)]
        : null;
    if (!values) continue;
    // `sudo -E pip install x`: `pip install x` is a command too, listed right after its wrapper.
    let innermost = command;
    let at = 0;
    for (let level = 0; level < MAX_WRAPPERS; level++) {
      const wrapped = unwrap(values, at);
      if (!wrapped) break;
      innermost = wrappedCommand(innermost, wrapped, found, argWords, source, rangeOf, state);
      commands.push(innermost);
      at = wrapped.start;
    }
    const script = state.nestingLeft > 0 ? nestedScript(values) : null;
    const scriptWord = script !== null ? found.args[script.index - 1] : undefined;
    if (script && scriptWord)
      nested.push({
        after: innermost,
        start: scriptWord.start,
        end: scriptWord.end,
        runsAs: script.user ?? innermost.runsAs,
      });
  }
  return {
    hasError: raw.hasError,
    commands: withNestedScripts(source, lines, state, commands, nested),
  };
}

/**
 * Reads a script with tree-sitter-bash into the same raw commands the fast reader gives.
 * A cursor walk: Node objects are materialised only for commands (each one costs a round
 * trip into WebAssembly), which keeps parsing a long RUN cheap.
 */
function readWithTreeSitter(parser: Parser, text: string): RawScript | null {
  const tree = parser.parse(text);
  if (!tree) return null;
  try {
    const commands: RawCommand[] = [];
    let pendingOperator: ShellOperator | null = null;
    const cursor = tree.walk();
    // The walk keeps its ancestors' types and ids, so nesting depth and the enclosing
    // pipeline come without climbing parents through WebAssembly for every command.
    const ancestorTypes: string[] = [];
    const ancestorIds: number[] = [];
    // Counted as the walk goes: `a && b && …` nests one list per operator, so scanning the
    // ancestors for each command would cost the square of a long chain.
    let nesting = 0;
    let redirections = 0;
    const enter = (type: string, id: number) => {
      ancestorTypes.push(type);
      ancestorIds.push(id);
      if (NESTING.has(type)) nesting++;
      if (type === 'redirected_statement') redirections++;
    };
    const leave = () => {
      const type = ancestorTypes.pop()!;
      ancestorIds.pop();
      if (NESTING.has(type)) nesting--;
      if (type === 'redirected_statement') redirections--;
    };
    try {
      let descending = true;
      for (;;) {
        if (descending) {
          const type = cursor.nodeType;
          if (!cursor.nodeIsNamed && OPERATORS.has(type)) {
            pendingOperator = (type === '|&' ? '|' : type) as ShellOperator;
          } else if (type === 'command') {
            commands.push({
              ...commandParts(cursor.currentNode),
              operator: pendingOperator,
              depth: nesting,
              pipelineKey: pipelineOf(ancestorTypes, ancestorIds),
              // tree-sitter-bash hangs `a && b > f` on the whole list: any redirection around the command may be its own.
              redirected: redirections > 0,
            });
            pendingOperator = null;
          }
          const id = cursor.nodeId;
          if (cursor.gotoFirstChild()) {
            enter(type, id);
            continue;
          }
        }
        if (cursor.gotoNextSibling()) {
          descending = true;
          continue;
        }
        if (!cursor.gotoParent()) break;
        leave();
        descending = false;
      }
    } finally {
      cursor.delete();
    }
    return { commands, hasError: tree.rootNode.hasError };
  } finally {
    tree.delete();
  }
}

/** The pipeline this command is a direct stage of (through redirections and `!`), if any. */
function pipelineOf(types: string[], ids: number[]): number | null {
  let i = types.length - 1;
  while (i >= 0 && (types[i] === 'redirected_statement' || types[i] === 'negated_command')) i--;
  return i >= 0 && types[i] === 'pipeline' ? ids[i]! : null;
}

function rawWord(node: Node, value: string): RawWord {
  return { start: node.startIndex, end: node.endIndex, value };
}

/** Name, arguments and assignments of a command node. */
function commandParts(node: Node): Pick<RawCommand, 'start' | 'end' | 'name' | 'args' | 'assignments'> {
  // One pass over the children (each access crosses into WebAssembly): assignments come
  // first, then the name, then arguments; redirections are not arguments.
  let name: RawWord | null = null;
  const args: RawWord[] = [];
  const assignments: RawAssignment[] = [];
  for (const child of node.namedChildren) {
    if (!child) continue;
    const type = child.type;
    // The name node holds the word as written (`"pip"`, `'/opt/bin/pip'`): unquoted like an argument.
    if (type === 'command_name') name = rawWord(child, unquote(child.namedChildren[0] ?? child));
    else if (type === 'variable_assignment') {
      const nameChild = child.childForFieldName('name');
      const valueChild = child.childForFieldName('value');
      assignments.push({
        start: child.startIndex,
        end: child.endIndex,
        name: nameChild
          ? rawWord(nameChild, nameChild.text)
          : { start: child.startIndex, end: child.startIndex, value: '' },
        value: valueChild ? rawWord(valueChild, unquote(valueChild)) : null,
      });
    } else if (name && !type.endsWith('redirect') && type !== 'comment')
      args.push(rawWord(child, unquote(child)));
  }
  return { start: node.startIndex, end: node.endIndex, name, args, assignments };
}

/** A script handed to a shell: the command that runs it, where its word is, and whom it runs as. */
interface NestedRead {
  after: ShellCommand;
  start: number;
  end: number;
  runsAs: string | null;
}

/**
 * The command a wrapper runs, as a command of its own: its words are the wrapper's (same
 * ranges), its range runs from its name to the wrapper's end, it is one level deeper and alone
 * in its pipeline (the wrapper is the pipeline's stage). `values[i]` is the value of
 * `words[i - 1]` (index 0 is the outermost command's name).
 */
function wrappedCommand(
  wrapper: ShellCommand,
  wrapped: Unwrapped,
  found: RawCommand,
  words: readonly Word[],
  source: ScriptSource,
  rangeOf: (start: number, end: number) => ShellCommand['range'],
  state: WalkState,
): ShellCommand {
  const name = words[wrapped.start - 1]!;
  const args = words.slice(wrapped.start);
  const unset = wrapped.unset;
  const inherited = !wrapped.keepsEnvironment
    ? []
    : unset
      ? wrapper.assignments.filter((a) => !unset.has(a.name))
      : wrapper.assignments;
  const given = wrapped.assignments.map((index) =>
    wordAssignment(found.args[index - 1]!, words[index - 1]!, source, rangeOf),
  );
  return {
    name: name.value,
    nameRange: name.range,
    args,
    expandedArgs: args,
    assignments: given.length === 0 ? inherited : [...inherited, ...given],
    range: { start: name.range.start, end: wrapper.range.end },
    text: source.display.slice(found.args[wrapped.start - 1]!.start, found.end),
    operatorBefore: '&&',
    depth: wrapper.depth + 1,
    pipeline: state.pipelines.next++,
    redirected: wrapper.redirected,
    wrappedBy: lastSegment(wrapper.name),
    runsAs: wrapped.user ?? wrapper.runsAs,
  };
}

/** A wrapper's `NAME=value` word (`env PIP_NO_CACHE_DIR=1 pip …`) as the assignment it makes. */
function wordAssignment(
  raw: RawWord,
  word: Word,
  source: ScriptSource,
  rangeOf: (start: number, end: number) => ShellCommand['range'],
): Assignment {
  const equals = word.value.indexOf('=');
  const name = word.value.slice(0, equals);
  const value = word.value.slice(equals + 1);
  // Parts have ranges of their own when the name is written bare (`A="x y"`, not `"A=x y"`).
  const bare = source.text.startsWith(`${name}=`, raw.start);
  return {
    name,
    value,
    range: word.range,
    nameRange: bare ? rangeOf(raw.start, raw.start + equals) : word.range,
    valueRange: !bare
      ? word.range
      : raw.end > raw.start + equals + 1
        ? rangeOf(raw.start + equals + 1, raw.end)
        : null,
  };
}

/** Splices the commands of each nested script in right after the command that runs it. */
function withNestedScripts(
  source: ScriptSource,
  lines: LineIndex,
  state: WalkState,
  commands: ShellCommand[],
  nested: NestedRead[],
): ShellCommand[] {
  if (nested.length === 0) return commands;
  const inner = new Map<ShellCommand, ShellCommand[]>();
  for (const { after, start, end, runsAs } of nested) {
    const script = unquoteShellWord(
      source.text.slice(start, end),
      (index) => source.at(start + index),
      (index) => source.after(start + index),
    );
    const read = readScript(mappedSource(script), lines, {
      pipelines: state.pipelines,
      depth: after.depth + 1,
      nestingLeft: state.nestingLeft - 1,
      readers: state.readers,
      runsAs,
    });
    const found = read?.commands ?? [];
    // The script runs as part of its wrapper: its first command follows it as `&&` would.
    if (found[0]) found[0] = { ...found[0], operatorBefore: '&&' };
    inner.set(after, found);
  }
  return commands.flatMap((command) => [command, ...(inner.get(command) ?? [])]);
}
