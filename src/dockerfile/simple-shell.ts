/**
 * A fast reader for the shell most Dockerfile scripts are written in: words with quotes,
 * escapes, `$VAR`/`${VAR}`/`${VAR##pattern}`-style expansions, `$@`-style special
 * parameters and `$(…)`, leading `NAME=value` assignments, `&&` `||` `;` `|` `|&` `&` and
 * newlines, file redirections, comments, `export`/`unset`, `[ … ]` and `[[ … ]]` tests, `!`,
 * `( … )` subshells, `{ …; }` groups and `if`/`for`/`while`/`until`/`case` blocks. It reads
 * exactly what the tree-sitter-bash grammar reads for that subset — the same commands with the same
 * positions, nesting, pipelines and redirections — and declines (returns null) anything
 * else, so the caller parses that script with tree-sitter instead. Declining is always
 * correct; the differential tests (simple-shell.test.ts) keep the two readers equal.
 */
import type { ShellOperator } from './model.js';

/** A word as the grammar reads it: where it is in the read text, and its value. */
export interface RawWord {
  start: number;
  end: number;
  value: string;
}

export interface RawAssignment {
  start: number;
  end: number;
  name: RawWord;
  value: RawWord | null;
}

/** A simple command with indices into the read text, before ranges are mapped to the file. */
export interface RawCommand {
  start: number;
  end: number;
  /** `value` is the name as written: the grammar's command_name keeps its quotes. */
  name: RawWord | null;
  args: RawWord[];
  assignments: RawAssignment[];
  /** The last operator read since the previous command, if any. */
  operator: ShellOperator | null;
  /** Substitutions (`$(…)`) the command sits in. */
  depth: number;
  /** Identifies the pipeline the command is a direct stage of (null: none). */
  pipelineKey: number | null;
  /** Whether a redirected statement encloses the command. */
  redirected: boolean;
}

export interface RawScript {
  commands: RawCommand[];
  hasError: boolean;
}

/**
 * The shape of the grammar's tree where it matters: which statements enclose a command
 * (lists, pipelines, redirected statements, substitutions) and where the operators are.
 */
type TreeNode =
  | { type: 'op'; op: ShellOperator }
  | {
      type: 'command';
      command: Omit<RawCommand, 'operator' | 'depth' | 'pipelineKey' | 'redirected'>;
      children: TreeNode[];
    }
  | {
      type:
        | 'list'
        | 'redirected_statement'
        | 'command_substitution'
        | 'assignments'
        | 'if_statement'
        | 'for_statement'
        | 'while_statement'
        | 'case_statement'
        | 'subshell'
        | 'compound_statement'
        | 'negated_command';
      children: TreeNode[];
    }
  | { type: 'pipeline'; id: number; children: TreeNode[] };

/** Thrown inside the reader when the text leaves the subset; caught by `readSimpleShell`. */
const DECLINE = Symbol('decline');

/** Words that open or close a compound command, or that the grammar gives a statement of its own. */
const RESERVED = new Set([
  'if',
  'then',
  'else',
  'elif',
  'fi',
  'for',
  'select',
  'while',
  'until',
  'do',
  'done',
  'case',
  'esac',
  'in',
  'function',
]);
/** Reserved words that end a block, after which a line of assignments alone stays alone. */
const BLOCK_ENDS = new Set(['fi', 'done', 'esac', 'else', 'elif']);
/** Characters that may follow a reserved word for the grammar to read it as one. */
const KEYWORD_END = new Set([' ', '\t', '\n', ';', '&', '|', ')', '<', '>']);
/** Statements whose commands sit one level deeper (the grammar's nesting nodes this reader reads). */
const NESTING = new Set([
  'command_substitution',
  'if_statement',
  'for_statement',
  'while_statement',
  'case_statement',
  'subshell',
  'compound_statement',
]);
/** What a statement may start with for a long pipeline later in it to read as written. */
const PLAIN_STAGES = new Set(['command', 'assignments', 'negated_command']);
/** Words that start a declaration statement (`export A=1`) instead of a command. */
const DECLARATIONS = new Set(['declare', 'typeset', 'export', 'readonly', 'local', 'unset', 'unsetenv']);

const NAME_START = /[A-Za-z_]/;
/** ASCII characters that end a bare run: blanks, quotes, `$` and the grammar's other special characters. */
const ENDS_BARE_RUN = new Uint8Array(128);
for (const ch of ' \t\n\r\v\f\'"<>{}[]()`$|&;') ENDS_BARE_RUN[ch.charCodeAt(0)] = 1;
/**
 * The same for a command's arguments, where brackets and braces inside a run are plain
 * characters to the grammar (`fastapi[all]`, `/var/{cache,log}/*` read as one word of
 * several tokens).
 */
const ENDS_BARE_RUN_IN_ARGUMENT = ENDS_BARE_RUN.slice();
for (const ch of '[]{}') ENDS_BARE_RUN_IN_ARGUMENT[ch.charCodeAt(0)] = 0;
/** The grammar's word token at the start of a word: up to a quote, `$` or another special character. */
const LEADING_TOKEN = /^(?:[^\s'"<>{}[\]()`$|&;\\]|\\\S)*/;
const VARIABLE_NAME_LIKE = /^[*@?-]?\w+(?:[=[:%#@]|\?[A-Za-z]|\+[=:])/;
const NAME_CHAR = /\w/;
/**
 * `${NAME<op>word}`: the operators and word characters read without tree-sitter — defaults
 * (`:-`), pattern removal (`##`, `%`), replacement (`/`), case (`,,`, `^`) and a numeric
 * substring (`:1`). The word is kept as written, whatever node the grammar makes of it.
 */
const EXPANSION_OPERATOR = /^(?::[-=+?]|[-=+?]|##?|%%?|\/\/?|,,?|\^\^?|:(?=\d))/;
const EXPANSION_WORD_CHAR = /[\w./:@,+*~[\]-]/;
/**
 * `$@`, `$?`, `$#`, `$$`, `$!`, `$*`: the grammar's special variables (one character each).
 * `$-` is left to it: before a redirection (`a$- 1>&2`) it drops the `-` from the word.
 */
const SPECIAL_PARAMETER = new Set(['@', '?', '#', '$', '!', '*']);

/** Where a `[ … ]` or `[[ … ]]` test's operands stop without its closing bracket: the reader declines. */
function endsTestOperands(ch: string | undefined): boolean {
  return ch === undefined || ch === '\n' || ch === '#' || ch === ';' || ch === '&' || ch === '|';
}

/** How deep substitutions and if/for/while blocks may nest before the reader declines. */
const MAX_NESTING = 32;

function isBlank(ch: string | undefined): boolean {
  return ch === ' ' || ch === '\t';
}

class Reader {
  pos = 0;
  private pipelines = 0;
  /** Stages of the pipeline that ended the last statement read. */
  private lastPipelineStages = 0;

  constructor(private readonly text: string) {}

  decline(): never {
    throw DECLINE;
  }

  /** Substitutions and blocks open around the reading position. */
  private nesting = 0;

  /** Statements up to the end of the text, or up to `)` when reading a substitution. */
  statements(inSubstitution: boolean, stops: readonly string[] | null = null): TreeNode[] {
    // Real scripts nest a few levels; one built to nest thousands would overflow this
    // recursive reader, so deep nesting is left to the grammar.
    if (this.nesting >= MAX_NESTING) this.decline();
    this.nesting++;
    const nodes = this.statementsInside(inSubstitution, stops);
    this.nesting--;
    return nodes;
  }

  private statementsInside(inSubstitution: boolean, stops: readonly string[] | null): TreeNode[] {
    const nodes: TreeNode[] = [];
    let expectStatement = true;
    // A pipeline of three or more stages that ends at a line break takes the next line's
    // statement into itself in the grammar (a conflict it resolves that way): left to it.
    let longPipelineAtLineEnd = false;
    for (;;) {
      this.skipBlanks(!inSubstitution);
      const ch = this.text[this.pos];
      if (ch === undefined) {
        if (inSubstitution || stops) this.decline();
        return nodes;
      }
      if (ch === '\n') {
        this.pos++;
        expectStatement = true;
        continue;
      }
      if (stops) {
        // A block of `if`/`for`/`while`/`{` ends at its next keyword, after a terminator; a
        // case item's commands end at `;;`.
        const stop = this.stopAt(stops);
        if (stop !== null) {
          this.stoppedAt = stop;
          return nodes;
        }
        if (ch === ')') this.decline();
      }
      if (inSubstitution && ch === ')') {
        if (nodes.length === 0) this.decline();
        this.pos++;
        return nodes;
      }
      if (!expectStatement || longPipelineAtLineEnd) this.decline();
      nodes.push(this.statement(inSubstitution));
      this.skipBlanks(!inSubstitution);
      const next = this.text[this.pos];
      longPipelineAtLineEnd = next === '\n' && this.lastPipelineStages >= 3;
      if (next === ';' && this.text[this.pos + 1] !== ';') {
        nodes.push({ type: 'op', op: ';' });
        this.pos++;
      } else if (next === '&' && this.text[this.pos + 1] !== '&' && this.text[this.pos + 1] !== '>') {
        nodes.push({ type: 'op', op: '&' });
        this.pos++;
      } else if (next === '\n') {
        this.pos++;
      } else if (next === undefined || (inSubstitution && next === ')')) {
        // the loop ends the statements
      } else if (next === ';' && stops?.includes(';;')) {
        // `;;` ends the case item: read as a stop at the loop's start
      } else {
        this.decline();
      }
      expectStatement = true;
    }
  }

  /** Whether only line breaks and blanks stand between here and a block's end (`fi`, `;;`…) or the text's. */
  private blockEndFollows(): boolean {
    let i = this.pos;
    while (this.text[i] === '\n' || isBlank(this.text[i])) i++;
    if (i === this.text.length || this.text.startsWith(';;', i)) return true;
    const keyword = this.keywordAt(i);
    return keyword !== null && BLOCK_ENDS.has(keyword);
  }

  /** Which of `stops` stands at the reading position: a reserved word, `}` or `;;`; else null. */
  private stopAt(stops: readonly string[]): string | null {
    const keyword = this.keywordAt(this.pos);
    if (keyword !== null) return stops.includes(keyword) ? keyword : null;
    const ch = this.text[this.pos];
    if (ch === '}' && stops.includes('}')) {
      const after = this.text[this.pos + 1];
      return after === undefined || KEYWORD_END.has(after) ? '}' : null;
    }
    if (ch === ';' && this.text[this.pos + 1] === ';' && stops.includes(';;')) {
      // `;;&` goes on testing the next patterns: left to the grammar.
      if (this.text[this.pos + 2] === '&') this.decline();
      return ';;';
    }
    return null;
  }

  /** The reserved word at `index` when one stands there as a whole word (`fi;`, `done)`), else null. */
  private keywordAt(index: number): string | null {
    const match = /[a-z]+/y;
    match.lastIndex = index;
    const found = match.exec(this.text)?.[0];
    if (!found || !RESERVED.has(found)) return null;
    const after = this.text[index + found.length];
    return after === undefined || KEYWORD_END.has(after) ? found : null;
  }

  /** Case statements open around the reading position. */
  private openCases = 0;

  /** What ended the last block read (`then`, `fi`, `done`…). */
  private stoppedAt = '';

  /** A block of statements up to one of `stops`; consumes that keyword and returns it. */
  private block(
    nodes: TreeNode[],
    inSubstitution: boolean,
    stops: readonly string[],
    required: boolean,
  ): string {
    const found = this.statements(inSubstitution, stops);
    if (required && found.length === 0) this.decline();
    nodes.push(...found);
    const keyword = this.stoppedAt;
    this.pos += keyword.length;
    return keyword;
  }

  /**
   * `if … then … [elif … then …] [else …] fi`, `for name [in words]; do … done`,
   * `while|until …; do … done`: commands inside sit one level deeper, as in the grammar.
   */
  private compound(keyword: string, inSubstitution: boolean): TreeNode {
    const children: TreeNode[] = [];
    this.pos += keyword.length;
    if (keyword === 'if') {
      this.block(children, inSubstitution, ['then'], true);
      let next = this.block(children, inSubstitution, ['elif', 'else', 'fi'], false);
      while (next === 'elif') {
        this.block(children, inSubstitution, ['then'], true);
        next = this.block(children, inSubstitution, ['elif', 'else', 'fi'], false);
      }
      if (next === 'else') this.block(children, inSubstitution, ['fi'], false);
      return { type: 'if_statement', children };
    }
    if (keyword === 'for') {
      this.skipBlanks(false);
      const name = /[A-Za-z_]\w*/y;
      name.lastIndex = this.pos;
      if (!name.exec(this.text)) this.decline();
      this.pos = name.lastIndex;
      this.skipBlanks(false);
      if (this.keywordAt(this.pos) === 'in') {
        this.pos += 2;
        for (let words = 0; ; words++) {
          this.skipBlanks(false);
          const ch = this.text[this.pos];
          if ((ch === ';' || ch === '\n') && words > 0) break;
          if (ch === undefined || ch === '#' || ch === '&' || ch === '|' || ch === ')' || this.atRedirect())
            this.decline();
          this.word(children);
        }
      }
      if (this.text[this.pos] === ';') {
        if (this.text[this.pos + 1] === ';') this.decline();
        children.push({ type: 'op', op: ';' });
      } else if (this.text[this.pos] !== '\n') this.decline();
      this.pos++;
      this.skipBlanksAndNewlines(!inSubstitution);
      if (this.keywordAt(this.pos) !== 'do') this.decline();
      this.pos += 2;
      this.block(children, inSubstitution, ['done'], false);
      return { type: 'for_statement', children };
    }
    // while, until
    this.block(children, inSubstitution, ['do'], true);
    this.block(children, inSubstitution, ['done'], false);
    return { type: 'while_statement', children };
  }

  /**
   * `case word in pattern|pattern) commands ;; … esac`: the commands sit one level deeper.
   * The grammar's walk takes each `|` between patterns for an operator (the next command
   * gets it), so the reader keeps them as operators too.
   */
  private caseStatement(inSubstitution: boolean): TreeNode {
    const children: TreeNode[] = [];
    this.pos += 4;
    this.openCases++;
    this.skipBlanks(false);
    if (this.atStageEnd(inSubstitution) || this.atRedirect()) this.decline();
    this.word(children);
    this.skipBlanks(false);
    if (this.keywordAt(this.pos) !== 'in') this.decline();
    this.pos += 2;
    for (;;) {
      this.skipBlanksAndNewlines(!inSubstitution);
      if (this.keywordAt(this.pos) === 'esac') return this.caseEnd(children);
      if (this.text[this.pos] === '(') this.pos++;
      for (;;) {
        this.skipBlanks(false);
        const ch = this.text[this.pos];
        if (ch === undefined || ch === '\n' || ch === '#' || ch === ';' || ch === '&' || this.atRedirect())
          this.decline();
        // Commands substituted into a pattern: left to the grammar.
        const substituted: TreeNode[] = [];
        this.word(substituted);
        if (substituted.length > 0) this.decline();
        this.skipBlanks(false);
        if (this.text[this.pos] === ')') break;
        if (this.text[this.pos] !== '|') this.decline();
        children.push({ type: 'op', op: '|' });
        this.pos++;
      }
      this.pos++;
      const stop = this.block(children, inSubstitution, [';;', 'esac'], false);
      if (stop === 'esac') {
        this.pos -= 4;
        return this.caseEnd(children);
      }
    }
  }

  /** `esac`, unless `|` follows it: then the grammar reads it as a pattern (`esac|x)`). */
  private caseEnd(children: TreeNode[]): TreeNode {
    this.pos += 4;
    this.openCases--;
    if (this.text[this.pos] === '|') this.decline();
    return { type: 'case_statement', children };
  }

  /** `( commands )` (a subshell) or `{ commands; }`: the commands sit one level deeper. */
  private group(type: 'subshell' | 'compound_statement', inSubstitution: boolean): TreeNode {
    this.pos++;
    if (type === 'subshell') return { type, children: this.statements(true) };
    const children: TreeNode[] = [];
    this.block(children, inSubstitution, ['}'], true);
    return { type, children };
  }

  /**
   * `[[ expression ]]`: like `[ … ]`, a statement of its own whose substituted commands are
   * listed; the grammar's walk takes `&&`/`||` inside it for operators, so they are kept.
   * Operators of other kinds (`=~` regexes, `<`, `(`) are left to the grammar.
   */
  private doubleBracketTest(): TreeNode {
    const children: TreeNode[] = [];
    this.pos += 2;
    let operands = 0;
    let afterOperator = false;
    for (;;) {
      this.skipBlanks(false);
      const ch = this.text[this.pos];
      const two = this.text.slice(this.pos, this.pos + 2);
      if (two === ']]') {
        const after = this.text[this.pos + 2];
        if (operands === 0 || afterOperator || !(after === undefined || KEYWORD_END.has(after)))
          this.decline();
        this.pos += 2;
        return { type: 'assignments', children };
      }
      if (two === '&&' || two === '||') {
        if (operands === 0 || afterOperator) this.decline();
        children.push({ type: 'op', op: two });
        this.pos += 2;
        afterOperator = true;
        continue;
      }
      if (ch === '!' && isBlank(this.text[this.pos + 1])) {
        this.pos++;
        continue;
      }
      if (endsTestOperands(ch) || ch === '<' || ch === '>' || ch === '(' || ch === ')' || two === '=~')
        this.decline();
      this.word(children);
      operands++;
      afterOperator = false;
    }
  }

  /**
   * `[ expression ]`: a statement of its own in the grammar, not a command; only commands
   * substituted into it are listed. Its operands are read as words up to the closing `]`.
   */
  private test(): TreeNode {
    const children: TreeNode[] = [];
    this.pos++;
    for (let operands = 0; ; operands++) {
      this.skipBlanks(false);
      const ch = this.text[this.pos];
      if (ch === ']') {
        const after = this.text[this.pos + 1];
        if (operands === 0 || !(after === undefined || KEYWORD_END.has(after))) this.decline();
        this.pos++;
        return { type: 'assignments', children };
      }
      if (
        endsTestOperands(ch) ||
        this.atRedirect() ||
        // `==` makes the grammar read the right side as a pattern, and later lines can then
        // turn the whole test into a command (`[ a == b ] || c > f # x` + `[ … ]`).
        (ch === '=' && /[=~]/.test(this.text[this.pos + 1] ?? ''))
      )
        this.decline();
      this.word(children);
    }
  }

  /**
   * One statement: stages joined by `|` and `&&`/`||`. A redirection wraps everything read
   * so far in the statement (tree-sitter-bash reduces the list or pipeline first), and a
   * following `|` starts a pipeline whose first stage is that redirected statement.
   */
  private statement(inSubstitution: boolean): TreeNode {
    let left: TreeNode | null = null;
    let leftOperator: TreeNode | null = null;
    let pipe: TreeNode[] = [];
    const reducePipe = (): TreeNode =>
      pipe.length === 1 ? pipe[0]! : { type: 'pipeline', id: this.pipelines++, children: pipe };
    const reduceAll = (): TreeNode => {
      const right = reducePipe();
      return left && leftOperator ? { type: 'list', children: [left, leftOperator, right] } : right;
    };
    // A pipeline of three or more stages that starts the statement, followed by `&&`, `||`
    // or a redirection, or one followed by `&&`/`||` (of four stages or more: by a
    // redirection) in a statement that does not start with a plain command (`a | b`,
    // `a > f`, `{ a; }`, `if …; fi`): the grammar resolves a conflict there in a way of its
    // own (`a | b | c && d` reads as `a | (b | c && d)`), so such statements are left to it.
    let plainStart = true;
    const conflicting = (beforeList: boolean): boolean =>
      pipe.length >= 5 && (left === null || (!plainStart && (beforeList || pipe.length >= 7)));
    for (;;) {
      const stage = this.stage(inSubstitution);
      if (left === null && pipe.length === 0 && !PLAIN_STAGES.has(stage.type)) plainStart = false;
      pipe.push(stage);
      this.skipBlanks(false);
      if (pipe.length > 1 && left === null) plainStart = false;
      if (this.atRedirect()) {
        if (conflicting(false)) this.decline();
        plainStart = false;
        const body = reduceAll();
        this.redirects();
        left = null;
        leftOperator = null;
        pipe = [{ type: 'redirected_statement', children: [body] }];
        this.skipBlanks(false);
      }
      const op = this.listOrPipeOperator();
      if (op !== null && op !== '|' && conflicting(true)) this.decline();
      if (op === null) {
        this.lastPipelineStages = (pipe.length + 1) / 2;
        return reduceAll();
      }
      if (op === '|') {
        pipe.push({ type: 'op', op: '|' });
      } else {
        const right = reducePipe();
        left = left && leftOperator ? { type: 'list', children: [left, leftOperator, right] } : right;
        leftOperator = { type: 'op', op };
        pipe = [];
      }
      // An operator may end a line; the statement goes on after blank lines and comments.
      this.skipBlanksAndNewlines(!inSubstitution);
    }
  }

  private listOrPipeOperator(): ShellOperator | null {
    const two = this.text.slice(this.pos, this.pos + 2);
    if (two === '&&' || two === '||' || two === '|&') {
      this.pos += 2;
      return two === '|&' ? '|' : two;
    }
    if (two[0] === '|') {
      this.pos++;
      return '|';
    }
    return null;
  }

  /** A simple command, or a statement of assignments only (`A=1 B=2`). */
  private stage(inSubstitution: boolean): TreeNode {
    const start = this.pos;
    const keyword = this.keywordAt(start);
    if (keyword === 'if' || keyword === 'for' || keyword === 'while' || keyword === 'until')
      return this.compound(keyword, inSubstitution);
    if (keyword === 'case') return this.caseStatement(inSubstitution);
    const first = this.text[start];
    const second = this.text[start + 1];
    if (first === '[' && isBlank(second)) return this.test();
    if (first === '[' && second === '[' && isBlank(this.text[start + 2])) return this.doubleBracketTest();
    if (first === '(' && second !== '(') return this.group('subshell', inSubstitution);
    if (first === '{' && isBlank(second)) return this.group('compound_statement', inSubstitution);
    if (first === '!' && isBlank(second)) {
      // `! a | b` negates the first stage only, in the grammar; `! ! a` is left to it.
      this.pos++;
      this.skipBlanks(false);
      // There `export A=1` is a plain command to the grammar, not a declaration; blocks and
      // groups (and `! ! a`) are left to it too.
      const word = /[^\s;&|<>()]*/y;
      word.lastIndex = this.pos;
      const next = word.exec(this.text)?.[0] ?? '';
      if (DECLARATIONS.has(next) || this.keywordAt(this.pos) !== null || /^[!({]/.test(next)) this.decline();
      return { type: 'negated_command', children: [this.stage(inSubstitution)] };
    }
    const children: TreeNode[] = [];
    const assignments: RawAssignment[] = [];
    for (;;) {
      const assignment = this.assignment(children);
      if (!assignment) break;
      assignments.push(assignment);
      this.skipBlanks(false);
    }
    if (this.atStageEnd(inSubstitution)) {
      // Two or more assignments alone at a line's end take the next line's command as theirs
      // in the grammar (one stays alone); a block's end or the script's may follow them.
      const next = this.text[this.pos];
      if (
        assignments.length === 0 ||
        (assignments.length > 1 && (next === '#' || (next === '\n' && !this.blockEndFollows())))
      )
        this.decline();
      return { type: 'assignments', children };
    }
    const nameStart = this.text[this.pos]!;
    if (nameStart === '!' || nameStart === '#' || this.atRedirect()) this.decline();
    // Where an assignment may start, the grammar's scanner reads `name` of `name:x`, `name#x`,
    // `name@x`… as a variable name, not as the start of a command name.
    if (VARIABLE_NAME_LIKE.test(this.text.slice(this.pos, this.pos + 64))) this.decline();
    const substitutionsBefore = children.length;
    const name = this.word(children);
    const nameText = this.text.slice(name.start, name.end);
    // The grammar takes a reserved word even when quotes follow it (`export"A=1"`); a
    // substituted command name (`$(which pip) install`) is left to it too.
    const leadingToken = LEADING_TOKEN.exec(nameText)?.[0] ?? '';
    if (DECLARATIONS.has(nameText) && assignments.length === 0)
      return this.declaration(children, inSubstitution);
    if (RESERVED.has(leadingToken) || DECLARATIONS.has(leadingToken) || children.length > substitutionsBefore)
      this.decline();
    // Names the grammar's scanner may take for a variable name (`a#b`, `--x#`, `a=b`), and
    // names that start oddly (`- a#b`), where it may read the next word so.
    if (/[#=]/.test(nameText) || (!/^[\w/.~"'$]/.test(nameText) && nameText !== ':')) this.decline();
    const args: RawWord[] = [];
    let end = name.end;
    for (;;) {
      this.skipBlanks(false);
      if (this.atStageEnd(inSubstitution)) break;
      if (this.atRedirect()) {
        // A lone `-` before `2>…` vanishes from the grammar's tree (its scanner skips it).
        if (
          this.text.slice(end - 1, end) === '-' &&
          end - 1 === (args.at(-1)?.start ?? name.start) &&
          /\d/.test(this.text[this.pos]!)
        )
          this.decline();
        break;
      }
      // `==`/`=~` start a test operand in the grammar, not a word; `=` alone (`test "$a" = b`) is a word.
      if (this.text[this.pos] === '=' && /[=~]/.test(this.text[this.pos + 1] ?? '')) this.decline();
      const arg = this.word(children, ENDS_BARE_RUN_IN_ARGUMENT);
      args.push(arg);
      end = arg.end;
    }
    return {
      type: 'command',
      command: { start, end, name, args, assignments },
      children,
    };
  }

  /**
   * `export A=1 B`, `unset A`…: a statement of its own in the grammar, not a command; only
   * the commands substituted into it are listed.
   */
  private declaration(children: TreeNode[], inSubstitution: boolean): TreeNode {
    for (;;) {
      this.skipBlanks(false);
      if (this.atStageEnd(inSubstitution) || this.atRedirect()) break;
      // Here the grammar's scanner reads names too (`a#b` as a name and a comment).
      const rest = this.text.slice(this.pos, this.pos + 64);
      const assigns = /^\w+=/.test(rest);
      if (rest[0] === '=' || (assigns ? !NAME_START.test(rest[0]!) : VARIABLE_NAME_LIKE.test(rest)))
        this.decline();
      const item = this.assignment(children) ?? this.word(children);
      if (this.text.slice(item.start, item.end).includes('#')) this.decline();
    }
    return { type: 'assignments', children };
  }

  /** `NAME=value` at the reading position (the value may be empty), or null. */
  private assignment(children: TreeNode[]): RawAssignment | null {
    const start = this.pos;
    let i = start;
    if (!NAME_START.test(this.text[i] ?? '')) return null;
    while (NAME_CHAR.test(this.text[i] ?? '')) i++;
    if (this.text[i] !== '=') {
      // `A+=1`, `A[0]=1`: assignments of a kind this reader leaves to the grammar.
      const rest = this.text.slice(i, i + 2);
      if (rest === '+=' || rest[0] === '[') this.decline();
      return null;
    }
    const name: RawWord = { start, end: i, value: this.text.slice(start, i) };
    this.pos = i + 1;
    const next = this.text[this.pos];
    if (
      next === undefined ||
      isBlank(next) ||
      next === '\n' ||
      next === ';' ||
      next === '&' ||
      next === '|'
    ) {
      return { start, end: this.pos, name, value: null };
    }
    // `(a=)`, `$(a=)`: the grammar misses a value there (an error in its tree).
    if (next === '#' || next === '(' || next === ')') this.decline();
    const value = this.word(children);
    return { start, end: value.end, name, value };
  }

  private atStageEnd(inSubstitution: boolean): boolean {
    const ch = this.text[this.pos];
    if (ch === undefined || ch === '\n' || ch === ';' || ch === '|') return true;
    if (ch === '&') return this.text[this.pos + 1] !== '>';
    if (ch === ')') {
      if (!inSubstitution) this.decline();
      return true;
    }
    if (ch === '#') {
      if (inSubstitution) this.decline();
      return true;
    }
    return false;
  }

  /** Whether a file redirection starts here: `>`, `2>&1`, `&>`, `<`… */
  private atRedirect(): boolean {
    let i = this.pos;
    while (this.text[i] !== undefined && this.text[i]! >= '0' && this.text[i]! <= '9') i++;
    const ch = this.text[i];
    if (ch === '<' || ch === '>') return true;
    return i === this.pos && ch === '&' && this.text[i + 1] === '>';
  }

  /** One or more redirections; each takes every word up to the next operator as its target. */
  private redirects(): void {
    while (this.atRedirect()) {
      while (this.text[this.pos]! >= '0' && this.text[this.pos]! <= '9') this.pos++;
      const op = /^(?:&>>|&>|>>|>&|>\||>|<&|<)/.exec(this.text.slice(this.pos, this.pos + 3))?.[0];
      if (!op) this.decline();
      this.pos += op.length;
      const after = this.text[this.pos];
      // `>&-` closes, `<(`/`>(` substitute a process, `<<` is a heredoc, `<>` opens both ways.
      if (after === '-' || after === '(' || after === '<' || after === '>' || after === '&') this.decline();
      this.skipBlanks(false);
      let targets = 0;
      for (;;) {
        const ch = this.text[this.pos];
        if (
          ch === undefined ||
          ch === '\n' ||
          ch === ';' ||
          ch === '&' ||
          ch === '|' ||
          ch === ')' ||
          ch === '#'
        )
          break;
        if (this.atRedirect()) break;
        const words: TreeNode[] = [];
        this.word(words);
        // Commands substituted into a target would sit inside the redirection: left to the grammar.
        if (words.length > 0) this.decline();
        targets++;
        this.skipBlanks(false);
      }
      if (targets === 0) this.decline();
    }
  }

  /**
   * A word: bare characters, escapes, quotes and expansions side by side. Its value is the
   * grammar's: quotes and escapes removed, expansions and substitutions kept as written.
   * Substitutions read inside it are added to `children`.
   */
  private word(children: TreeNode[], endsRun: Uint8Array = ENDS_BARE_RUN): RawWord {
    const start = this.pos;
    if (this.text[start] === '\\' && this.afterNewline(start)) this.decline();
    // Inside a case statement the grammar takes `esac` for its end even as an argument, and
    // even with quotes after it (`esac""`).
    if (
      this.openCases > 0 &&
      this.text.startsWith('esac', start) &&
      !NAME_CHAR.test(this.text[start + 4] ?? '')
    )
      this.decline();
    let value = '';
    /** Parts so far: bare runs, quoted strings, expansions. */
    let parts = 0;
    let lastBare = false;
    let escaped = false;
    let mixed = false;
    /** An unbraced `$name` as a third part or later: the grammar ends the word after it (`"a"x$x/y`). */
    let mustEnd = false;
    let bareHash = false;
    let bracketed = false;
    for (;;) {
      const ch = this.text[this.pos];
      if (ch === undefined || isBlank(ch) || ch === '\n' || ch === ';' || ch === '&' || ch === '|') break;
      if (ch === '<' || ch === '>' || ch === '(' || ch === ')') break;
      const placeholder =
        ch === '{' && this.text[this.pos + 1] === '}' && endsRun === ENDS_BARE_RUN_IN_ARGUMENT;
      if ((ch === '{' && !placeholder) || ch === '}' || ch === '[' || ch === ']' || ch === '`')
        this.decline();
      if (mustEnd) this.decline();
      const bare = ch !== "'" && ch !== '"' && ch !== '$';
      if (!bare || !lastBare) parts++;
      if (ch === "'") {
        const close = this.text.indexOf("'", this.pos + 1);
        if (close < 0) this.decline();
        value += this.text.slice(this.pos + 1, close);
        this.pos = close + 1;
      } else if (ch === '"') {
        value += this.string(children);
      } else if (ch === '$') {
        const from = this.pos;
        this.dollar(children);
        value += this.text.slice(from, this.pos);
        if (parts >= 3 && this.text[from + 1] !== '{' && this.text[from + 1] !== '(') mustEnd = true;
      } else {
        const end = this.bareRun(this.pos, endsRun);
        if (end === this.pos) this.decline();
        this.pos = end;
        value += this.runValue;
        if (this.runEscaped) escaped = true;
        if (this.runBracket) bracketed = true;
        if (this.runHash) bareHash = true;
      }
      lastBare = bare;
      if (!bare) mixed = true;
    }
    if (this.pos === start) this.decline();
    // Escapes beside quotes or expansions (`$X\"`, `"a"\b`) split or join words in ways that
    // depend on the grammar's conflict resolution: left to it.
    if (escaped && mixed) this.decline();
    // Brackets make each character a token of its own in the grammar, and its words then
    // split or lose parts beside escapes, quotes and expansions (`a[x]\y`, `a]b$?a`): a word
    // with brackets is read here only when it is one plain run.
    if (bracketed && (mixed || escaped)) this.decline();
    // `12#a` is a number with a base in the grammar, `0#` an error, `""-1#` two words: `#`
    // is read here only inside a word of one bare run that starts with neither a digit nor `-`.
    if (bareHash && (mixed || /^[-\d]/.test(this.text[start]!))) this.decline();
    return { start, end: this.pos, value };
  }

  private runValue = '';
  private runEscaped = false;
  private runHash = false;
  private runBracket = false;

  /**
   * A run of bare characters from `from` (it ends at a blank, quote, `$` or another special
   * character); returns where it ends and leaves its value in `runValue`. `#` may continue a
   * run but not start one, and a backslash escapes the next character unless that is a blank
   * (which the grammar reads as a separator).
   */
  private bareRun(from: number, endsRun: Uint8Array): number {
    const text = this.text;
    let value = '';
    let copied = from;
    let i = from;
    this.runEscaped = false;
    this.runHash = false;
    this.runBracket = false;
    for (;;) {
      const code = text.charCodeAt(i);
      if (Number.isNaN(code) || (code < 128 && endsRun[code] === 1)) break;
      if (code === 91 || code === 93 || code === 123 || code === 125) {
        this.runBracket = true;
      } else if (code === 35) {
        if (i === from) this.decline();
        this.runHash = true;
      } else if (code === 92) {
        const next = text[i + 1];
        if (next === undefined || /\s/.test(next)) this.decline();
        this.runEscaped = true;
        value += text.slice(copied, i) + next;
        i += 2;
        copied = i;
        continue;
      } else if (code >= 128 && /\s/.test(text[i]!)) {
        this.decline();
      }
      i++;
    }
    this.runValue = value + text.slice(copied, i);
    return i;
  }

  /** A double-quoted string at the reading position; returns its value. */
  private string(children: TreeNode[]): string {
    const open = this.pos;
    this.pos++;
    for (;;) {
      const ch = this.text[this.pos];
      if (ch === undefined || ch === '`' || ch === '\n' || ch === '\r') this.decline();
      if (ch === '"') break;
      if (ch === '\\') {
        const next = this.text[this.pos + 1];
        if (next === undefined || next === '\n' || next === '\r') this.decline();
        this.pos += 2;
      } else if (ch === '$') {
        this.dollar(children, true);
      } else {
        this.pos++;
      }
    }
    const inner = this.text.slice(open + 1, this.pos);
    this.pos++;
    return inner.replace(/\\([$`"\\\n])/g, '$1');
  }

  /** `$NAME`, `${NAME}`, `${NAME:-word}` or `$(commands)` at the reading position. */
  private dollar(children: TreeNode[], inString = false): void {
    const next = this.text[this.pos + 1];
    // Outside quotes, `$1` after a quoted part reads as a bare `$` and a number.
    if (!inString && next !== undefined && next >= '0' && next <= '9') this.decline();
    if (next === '(') {
      if (this.text[this.pos + 2] === '(') this.decline();
      this.pos += 2;
      children.push({ type: 'command_substitution', children: this.statements(true) });
      return;
    }
    if (next === '{') {
      let i = this.pos + 2;
      // `${#NAME}` (length) and `${!NAME}` (indirection) take no operator after the name.
      const prefixed = this.text[i] === '#' || this.text[i] === '!';
      if (prefixed) i++;
      if (!NAME_CHAR.test(this.text[i] ?? '')) this.decline();
      while (NAME_CHAR.test(this.text[i] ?? '')) i++;
      const operator = prefixed ? undefined : EXPANSION_OPERATOR.exec(this.text.slice(i, i + 2))?.[0];
      if (operator) {
        i += operator.length;
        // Inside quotes the word may hold blanks too (`"${A:?A must be set}"`).
        while (EXPANSION_WORD_CHAR.test(this.text[i] ?? '') || (inString && isBlank(this.text[i]))) i++;
      }
      if (this.text[i] !== '}') this.decline();
      this.pos = i + 1;
      return;
    }
    if (next !== undefined && SPECIAL_PARAMETER.has(next)) {
      // `a$?$X` splits like unbraced names side by side do, and the grammar drops a bare `$$`
      // after another part from its word (`a$$` reads as `a`): left to it.
      if (!inString && (next === '$' || this.text[this.pos + 2] === '$')) this.decline();
      this.pos += 2;
      return;
    }
    if (next === undefined || !NAME_CHAR.test(next)) this.decline();
    let i = this.pos + 1;
    while (NAME_CHAR.test(this.text[i] ?? '')) i++;
    // `a$X$Y/z` splits into two words in the grammar: unbraced names side by side are left to it.
    if (!inString && this.text[i] === '$') this.decline();
    this.pos = i;
  }

  /** Whether only blanks stand between a line break and `index` (the grammar's scanner can take that break into a word that starts with `\\`). */
  private afterNewline(index: number): boolean {
    let i = index - 1;
    while (isBlank(this.text[i])) i--;
    return this.text[i] === '\n';
  }

  /** Spaces and tabs, and a comment when `comments` (a comment runs to the end of its line). */
  private skipBlanks(comments: boolean): void {
    for (;;) {
      const ch = this.text[this.pos];
      if (isBlank(ch)) this.pos++;
      else if (comments && ch === '#') {
        const end = this.text.indexOf('\n', this.pos);
        this.pos = end < 0 ? this.text.length : end;
      } else return;
    }
  }

  private skipBlanksAndNewlines(comments: boolean): void {
    for (;;) {
      this.skipBlanks(comments);
      if (this.text[this.pos] !== '\n') return;
      this.pos++;
    }
  }
}

/** Walks the tree the way shell.ts walks tree-sitter's, listing commands in order. */
function commandsOf(nodes: TreeNode[]): RawCommand[] {
  const commands: RawCommand[] = [];
  let pending: ShellOperator | null = null;
  const ancestors: TreeNode[] = [];
  // Counted as the walk goes: `a && b && …` nests one list per operator, so scanning the
  // ancestors for each command would cost the square of a long chain.
  let substitutions = 0;
  let redirections = 0;
  const pipelineOf = (): number | null => {
    let i = ancestors.length - 1;
    while (
      i >= 0 &&
      (ancestors[i]!.type === 'redirected_statement' || ancestors[i]!.type === 'negated_command')
    )
      i--;
    const parent = ancestors[i];
    return parent?.type === 'pipeline' ? parent.id : null;
  };
  // A walk with a stack of its own, not recursion: `a && b && …` nests as deep as the chain
  // is long, and 5,000 commands overflowed the call stack. A node is pushed a second time,
  // marked as left, to undo what entering it counted.
  const toVisit: TreeNode[] = [];
  const leaving: boolean[] = [];
  for (let i = nodes.length - 1; i >= 0; i--) {
    toVisit.push(nodes[i]!);
    leaving.push(false);
  }
  while (toVisit.length > 0) {
    const node = toVisit.pop()!;
    const left = leaving.pop()!;
    const counts = NESTING.has(node.type) ? 1 : 0;
    const wraps = node.type === 'redirected_statement' ? 1 : 0;
    if (left) {
      ancestors.pop();
      substitutions -= counts;
      redirections -= wraps;
      continue;
    }
    if (node.type === 'op') {
      pending = node.op;
      continue;
    }
    if (node.type === 'command') {
      const { start, end, name, args, assignments } = node.command;
      commands.push({
        start,
        end,
        name,
        args,
        assignments,
        operator: pending,
        depth: substitutions,
        pipelineKey: pipelineOf(),
        redirected: redirections > 0,
      });
      pending = null;
    }
    if (node.children.length === 0) continue;
    substitutions += counts;
    redirections += wraps;
    ancestors.push(node);
    toVisit.push(node);
    leaving.push(true);
    for (let i = node.children.length - 1; i >= 0; i--) {
      toVisit.push(node.children[i]!);
      leaving.push(false);
    }
  }
  return commands;
}

/**
 * Reads `text` when it is written in the subset, with the same commands tree-sitter-bash
 * would give; null when it is not (the caller then parses it with tree-sitter).
 */
export function readSimpleShell(text: string): RawScript | null {
  // Characters the grammar reads in ways this reader does not follow: carriage returns and
  // other blanks, which tree-sitter takes as separators where this reader would not.
  if (/[\r\v\f]/.test(text)) return null;
  const reader = new Reader(text);
  try {
    return { commands: commandsOf(reader.statements(false)), hasError: false };
  } catch (error) {
    if (error === DECLINE) return null;
    throw error;
  }
}
