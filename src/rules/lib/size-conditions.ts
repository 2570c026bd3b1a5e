import type { Instruction, ShellCommand } from '../../dockerfile/model.js';

/**
 * Tells whether a command inside a RUN runs only for a non-production build, as in the
 * guide's `ARG ENVIRONMENT` switch:
 *
 *     RUN if [ "$ENVIRONMENT" = "production" ]; then uv sync --no-dev; else uv sync --all-extras; fi
 *
 * Read from the shell text with a light scan of `if/elif/else/fi` and `[ … ] &&` guards; when
 * the condition cannot be read the command is treated as unconditional.
 */

const PRODUCTION_VALUES = /^(prod|production|release|live|main|false|0|no|off)$/i;
const NON_PRODUCTION_VALUES =
  /^(dev|devel|develop|development|test|tests|testing|local|debug|ci|staging|true|1|yes|on)$/i;
/** Variables whose true value asks for a dev build: `INSTALL_DEV`, `DEV`, `WITH_TESTS`, `DEBUG`. */
const DEV_FLAG_VARIABLE = /(^|_)(dev|develop|development|test|tests|testing|debug)(_|$)/i;

type Verdict = 'production' | 'non-production' | 'unknown';

/** Classifies a test expression such as `[ "$ENVIRONMENT" = "production" ]`. */
export function classifyCondition(condition: string): Verdict {
  const comparison =
    /"?\$\{?(\w+)\}?"?\s*(==|=|!=)\s*["']?([\w.-]+)["']?/.exec(condition) ??
    /["']?([\w.-]+)["']?\s*(==|=|!=)\s*"?\$\{?(\w+)\}?"?/.exec(condition);
  if (comparison) {
    const variableFirst = comparison[0].trimStart().replace(/^"/, '').startsWith('$');
    const variable = (variableFirst ? comparison[1] : comparison[3]) ?? '';
    const value = (variableFirst ? comparison[3] : comparison[1]) ?? '';
    const negated = comparison[2] === '!=';
    let verdict: Verdict = 'unknown';
    if (DEV_FLAG_VARIABLE.test(variable)) {
      if (/^(true|1|yes|on)$/i.test(value)) verdict = 'non-production';
      else if (/^(false|0|no|off)$/i.test(value)) verdict = 'production';
    } else if (/^(true|false|0|1|yes|no|on|off)$/i.test(value)) {
      verdict = 'unknown';
    } else if (PRODUCTION_VALUES.test(value)) verdict = 'production';
    else if (NON_PRODUCTION_VALUES.test(value)) verdict = 'non-production';
    if (negated && verdict !== 'unknown')
      verdict = verdict === 'production' ? 'non-production' : 'production';
    return verdict;
  }
  // `[ -n "$INSTALL_DEV" ]` / `[ "$DEV" ]`: a dev switch that is set.
  const nonEmpty = /(?:-n\s+)?"?\$\{?(\w+)\}?"?\s*\]/.exec(condition);
  if (nonEmpty && !/-z\s/.test(condition) && DEV_FLAG_VARIABLE.test(nonEmpty[1] ?? ''))
    return 'non-production';
  return 'unknown';
}

interface Frame {
  conditions: string[];
  inElse: boolean;
  /** Text of the condition being read (between `if`/`elif` and `then`), null once in a branch. */
  reading: string | null;
}

const KEYWORD = /(?<![\w$/.-])(if|elif|then|else|fi)(?![\w/.-])/g;

/** Is the command inside a branch (or `[ … ] &&` guard) that only runs for non-production builds? */
export function inNonProductionBranch(instruction: Instruction, command: ShellCommand): boolean {
  const shell = instruction.shell;
  if (!shell) return false;
  const prefix = shell.text.slice(0, command.range.start.offset - shell.range.start.offset);
  const stack: Frame[] = [];
  let last = 0;
  for (const match of prefix.matchAll(KEYWORD)) {
    const between = prefix.slice(last, match.index);
    last = match.index + match[0].length;
    const top = stack[stack.length - 1];
    if (top?.reading !== null && top?.reading !== undefined) top.reading += between;
    switch (match[1]) {
      case 'if':
        stack.push({ conditions: [], inElse: false, reading: '' });
        break;
      case 'elif':
        if (top) top.reading = '';
        break;
      case 'then':
        if (top && top.reading !== null) {
          top.conditions.push(top.reading);
          top.reading = null;
        }
        break;
      case 'else':
        if (top) top.inElse = true;
        break;
      case 'fi':
        stack.pop();
        break;
    }
  }
  for (const frame of stack) {
    if (frame.reading !== null) continue;
    const verdicts = frame.conditions.map(classifyCondition);
    if (frame.inElse) {
      if (verdicts.some((v) => v === 'production')) return true;
    } else if (verdicts[verdicts.length - 1] === 'non-production') {
      return true;
    }
  }
  // `[ "$ENV" = dev ] && uv sync`: the guard sits right before the command in the same list.
  const statement =
    prefix
      .replace(/\\\r?\n/g, ' ')
      .split(/;|\n|\bthen\b|\belse\b|\bdo\b/)
      .pop() ?? '';
  const guard = /\[\[?([^\]]*)\]\]?\s*&&\s*$/.exec(statement);
  if (guard && classifyCondition(`${guard[1]} ]`) === 'non-production') return true;
  const inverse = /\[\[?([^\]]*)\]\]?\s*\|\|\s*$/.exec(statement);
  return !!inverse && classifyCondition(`${inverse[1]} ]`) === 'production';
}
