import type { ShellCommand } from '../dockerfile/model.js';
import { lastSegment } from '../dockerfile/queries.js';
import { RUNNERS } from '../project/managers.js';
import { defineRule } from './define.js';
import { baseName, commandsOf } from './lib/commands.js';

const PYTHON = /^python(\d(\.\d+)?)?$/;
const TEST_TOOLS = ['pytest', 'py.test', 'tox', 'nox', 'mypy', 'pyright'];
const TEST_MODULES = ['pytest', 'unittest', 'doctest', 'mypy'];

/** The words a command runs once `uv run --frozen` and similar runner prefixes are looked through. */
function realWords(command: ShellCommand): string[] {
  let words = [baseName(command), ...command.args.map((a) => a.value)];
  if (RUNNERS.includes(words[0]!) && words[1] === 'run') {
    words = words.slice(2);
    while (words[0]?.startsWith('-')) words.shift();
    words[0] = lastSegment(words[0] ?? '');
  }
  return words;
}

/** A command whose exit status is the point: an import test, `python -c`, a test run, `pip check`. */
function isCheck(command: ShellCommand): boolean {
  const [name = '', ...args] = realWords(command);
  if (TEST_TOOLS.includes(name)) return true;
  if (PYTHON.test(name)) {
    if (args[0] === '-c') return true;
    if (args[0] === '-m')
      return TEST_MODULES.includes(args[1] ?? '') || (args[1] === 'pip' && args[2] === 'check');
    if (args[0]?.endsWith('manage.py')) return args[1] === 'check' || args[1] === 'test';
    return false;
  }
  if (name === 'pip' || name === 'pip3') return args[0] === 'check';
  if (name === 'django-admin') return args[0] === 'check';
  return false;
}

/** A fallback that always succeeds: `true`, `:`, `echo …`, `printf …`, `exit 0`. */
function isSwallower(command: ShellCommand): boolean {
  const name = baseName(command);
  if (name === 'true' || name === ':' || name === 'echo' || name === 'printf') return true;
  return name === 'exit' && command.args[0]?.value === '0';
}

/** `… || echo failed && exit 1` still fails: the fallback chain ends in a failure. */
function failsAfterwards(rest: ShellCommand[], depth: number): boolean {
  for (const command of rest) {
    if (command.depth !== depth) continue;
    if (command.operatorBefore !== '&&') return false;
    const name = baseName(command);
    if (name === 'false') return true;
    if (name === 'exit' && (command.args[0]?.value ?? '1') !== '0') return true;
  }
  return false;
}

export const rule = defineRule({
  code: 'SS407',
  name: 'check-that-cannot-fail',
  severity: 'warning',
  fixable: false,
  sources: [],
  docs: {
    summary: 'A build-time check swallows its own failure.',
    whatItDoes:
      'Reports RUN steps where a check — an import test (`python -c "import app"`), a test run (`pytest`), `pip check`, `manage.py check` — is followed by `|| echo …`, `|| true`, `|| :` or `|| exit 0`, so the step succeeds whether or not the check passed.',
    why: 'A check that cannot fail only costs build time: the broken import the guide tested for ships anyway, and is found in production instead of at build time. Worse, the log line (`⚠ import test failed`) scrolls by unseen in CI.',
    example: {
      bad: 'RUN python -c "from app.main import app" || echo "import failed, will try at runtime"',
      good: 'RUN python -c "from app.main import app"',
    },
    fixSafety:
      'No fix: removing the fallback makes builds fail that passed before; that is the point, but it needs the owner to agree.',
  },
  check({ dockerfile, report }) {
    for (const instruction of dockerfile.instructions) {
      const commands = commandsOf(instruction);
      for (const [index, command] of commands.entries()) {
        if (command.operatorBefore !== '||' || !isSwallower(command)) continue;
        if (failsAfterwards(commands.slice(index + 1), command.depth)) continue;
        // The commands the fallback covers: back through `&&`, `|` and `||` to the start of the list.
        const guarded: ShellCommand[] = [];
        for (let k = index - 1; k >= 0; k--) {
          const previous = commands[k]!;
          if (previous.depth !== command.depth) continue;
          guarded.unshift(previous);
          if (!['&&', '|', '||'].includes(previous.operatorBefore ?? '')) break;
        }
        const check = guarded.find(isCheck);
        if (!check) continue;
        report({
          range: { start: check.range.start, end: command.range.end },
          message: `\`${baseName(command)}\` after \`||\` swallows the failure of \`${realWords(check).slice(0, 2).join(' ')}\`, so this check can never stop the build: drop the fallback.`,
        });
      }
    }
  },
});
