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
  const out = text.split('');
  let atLineStart = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === escapeChar) {
      let j = i + 1;
      while (j < text.length && (text[j] === ' ' || text[j] === '\t' || text[j] === '\r')) j++;
      if (j < text.length && text[j] === '\n') {
        for (let k = i; k <= j; k++) out[k] = ' ';
        i = j;
        atLineStart = true;
        continue;
      }
    }
    if (atLineStart) {
      if (ch === ' ' || ch === '\t') continue;
      atLineStart = false;
      if (ch === '#') {
        let j = i;
        while (j < text.length && text[j] !== '\n') j++;
        for (let k = i; k <= Math.min(j, text.length - 1); k++) out[k] = ' ';
        i = j;
        atLineStart = true;
      }
    }
  }
  return out.join('');
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

function nestingDepth(node: Node): number {
  let depth = 0;
  for (let parent = node.parent; parent; parent = parent.parent) {
    if (NESTING.has(parent.type)) depth++;
  }
  return depth;
}

/** The pipeline node this command is a direct stage of, if any. */
function enclosingPipeline(node: Node): Node | null {
  let current: Node = node;
  let parent = node.parent;
  while (parent && (parent.type === 'redirected_statement' || parent.type === 'negated_command')) {
    current = parent;
    parent = parent.parent;
  }
  return parent && parent.type === 'pipeline' && current ? parent : null;
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

    const visit = (node: Node): void => {
      if (!node.isNamed && OPERATORS.has(node.type)) {
        pendingOperator = (node.type === '|&' ? '|' : node.type) as ShellOperator;
        return;
      }
      if (node.type === 'command') {
        commands.push(toCommand(node));
      }
      for (const child of node.children) if (child) visit(child);
    };

    const toCommand = (node: Node): ShellCommand => {
      const nameNode = node.childForFieldName('name');
      const args = node.childrenForFieldName('argument').filter((n): n is Node => n !== null);
      const assignments: Assignment[] = node.namedChildren
        .filter((n): n is Node => n !== null && n.type === 'variable_assignment')
        .map((n) => {
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
      const pipelineNode = enclosingPipeline(node);
      let pipeline: number;
      if (pipelineNode) {
        const known = pipelineIds.get(pipelineNode.id);
        pipeline = known ?? pipelineCounter++;
        if (known === undefined) pipelineIds.set(pipelineNode.id, pipeline);
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
        depth: nestingDepth(node),
        pipeline,
      };
    };

    visit(tree.rootNode);
    return { text: original, range, commands, hasError: tree.rootNode.hasError };
  } finally {
    tree.delete();
  }
}
