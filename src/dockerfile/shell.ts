import type { Node, Parser } from 'web-tree-sitter';
import type { Assignment, ShellCommand, ShellOperator, ShellScript, Word } from './model.js';
import type { LineIndex } from './positions.js';

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
  if (!text.includes(escapeChar)) return text;
  const escaped = escapeChar === '`' ? '`' : '\\\\';
  // A continuation, then any comment or empty lines that follow it (BuildKit drops them).
  const continuation = new RegExp(`${escaped}[ \\t\\r]*\\n(?:[ \\t]*(?:#[^\\n]*)?\\n)*`, 'g');
  return text.replace(continuation, (match) => match.replace(/[^\n]/g, ' ').replace(/\n/g, ' '));
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

/**
 * Parses shell text once and lists its simple commands in order, with the operator that
 * joins each one to the previous command.
 * @param masked text of the whole Dockerfile region, already passed through maskContinuations
 * @param baseOffset offset of `masked[0]` in the Dockerfile
 */
export function parseShell(
  parser: Parser,
  original: string,
  masked: string,
  baseOffset: number,
  lines: LineIndex,
): ShellScript {
  const tree = parser.parse(masked);
  const range = lines.range(baseOffset, baseOffset + original.length);
  if (!tree) return { text: original, range, commands: [], hasError: true };
  try {
    const commands: ShellCommand[] = [];
    const pipelineIds = new Map<number, number>();
    let pipelineCounter = 0;
    let pendingOperator: ShellOperator | null = null;
    const word = (node: Node): Word => ({
      text: original.slice(node.startIndex, node.endIndex),
      value: unquote(node),
      range: lines.range(baseOffset + node.startIndex, baseOffset + node.endIndex),
    });

    // A cursor walk: Node objects are materialised only for commands (each one costs a
    // round trip into WebAssembly), which keeps parsing a long RUN cheap.
    // The walk keeps its ancestors' types and ids, so nesting depth and the enclosing
    // pipeline come without climbing parents through WebAssembly for every command.
    const walk = (): void => {
      const cursor = tree.walk();
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
              commands.push(
                toCommand(cursor.currentNode, ancestorTypes, ancestorIds, nesting, redirections > 0),
              );
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
    };

    /** The pipeline this command is a direct stage of (through redirections and `!`), if any. */
    const pipelineOf = (types: string[], ids: number[]): number | null => {
      let i = types.length - 1;
      while (i >= 0 && (types[i] === 'redirected_statement' || types[i] === 'negated_command')) i--;
      return i >= 0 && types[i] === 'pipeline' ? ids[i]! : null;
    };

    const toCommand = (
      node: Node,
      types: string[],
      ids: number[],
      depth: number,
      redirected: boolean,
    ): ShellCommand => {
      // One pass over the children (each access crosses into WebAssembly): assignments come
      // first, then the name, then arguments; redirections are not arguments.
      let nameNode: Node | null = null;
      const args: Node[] = [];
      const assignmentNodes: Node[] = [];
      for (const child of node.namedChildren) {
        if (!child) continue;
        const type = child.type;
        if (type === 'command_name') nameNode = child;
        else if (type === 'variable_assignment') assignmentNodes.push(child);
        else if (nameNode && !type.endsWith('redirect') && type !== 'comment') args.push(child);
      }
      const assignments: Assignment[] = assignmentNodes.map((n) => {
        const nameChild = n.childForFieldName('name');
        const valueChild = n.childForFieldName('value');
        return {
          name: nameChild?.text ?? '',
          value: valueChild ? unquote(valueChild) : '',
          range: lines.range(baseOffset + n.startIndex, baseOffset + n.endIndex),
          nameRange: lines.range(
            baseOffset + (nameChild?.startIndex ?? n.startIndex),
            baseOffset + (nameChild?.endIndex ?? n.startIndex),
          ),
          valueRange: valueChild
            ? lines.range(baseOffset + valueChild.startIndex, baseOffset + valueChild.endIndex)
            : null,
        };
      });
      const pipelineId = pipelineOf(types, ids);
      let pipeline: number;
      if (pipelineId !== null) {
        const known = pipelineIds.get(pipelineId);
        pipeline = known ?? pipelineCounter++;
        if (known === undefined) pipelineIds.set(pipelineId, pipeline);
      } else {
        pipeline = pipelineCounter++;
      }
      const operatorBefore: ShellOperator | null =
        commands.length === 0 ? null : (pendingOperator ?? ('\n' as ShellOperator));
      pendingOperator = null;
      const nameWord = nameNode ? word(nameNode) : null;
      return {
        name: nameWord?.value ?? '',
        nameRange: nameWord?.range ?? lines.range(baseOffset + node.startIndex, baseOffset + node.startIndex),
        args: args.map(word),
        assignments,
        range: lines.range(baseOffset + node.startIndex, baseOffset + node.endIndex),
        text: original.slice(node.startIndex, node.endIndex),
        operatorBefore,
        depth,
        pipeline,
        // tree-sitter-bash hangs `a && b > f` on the whole list: any redirection around the command may be its own.
        redirected,
      };
    };

    walk();
    return { text: original, range, commands, hasError: tree.rootNode.hasError };
  } finally {
    tree.delete();
  }
}
