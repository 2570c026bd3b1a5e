import type { Dockerfile, Instruction, Word } from './model.js';
import { runtimeScopeView, scopeView } from './scope.js';
import { expandVariables } from './variables.js';

/**
 * Fills `Instruction.expandedArgs` (Docker's substitution in COPY, WORKDIR, USER…) and
 * `ShellCommand.expandedArgs`: what each command of a RUN (or CMD, ENTRYPOINT,
 * HEALTHCHECK, ONBUILD trigger) receives once the stage's ARG and ENV values are substituted,
 * so `ARG GROUPS="main,dev"` + `poetry install --with $GROUPS` reads as installing dev for every
 * rule and for optimize. Done once per Dockerfile, after the scopes exist.
 */
export function expandCommandArgs(dockerfile: Dockerfile): void {
  for (const instruction of dockerfile.instructions) {
    expandInstruction(dockerfile, instruction);
    if (instruction.trigger) expandInstruction(dockerfile, instruction.trigger);
  }
}

function expandInstruction(dockerfile: Dockerfile, target: Instruction): void {
  if (SUBSTITUTED.has(target.keyword) && target.args.some(dockerSubstitutes)) {
    const scope = scopeView(dockerfile, target);
    target.expandedArgs = target.args.map((word) => {
      const value = dockerWord(word.value, scope, dockerfile.escapeChar);
      return value === word.value ? word : { ...word, value };
    });
  }
  if (!target.shell && !target.execScript) return;
  // A RUN sees the stage's ARG and ENV; CMD, ENTRYPOINT and HEALTHCHECK run later, with ENV only.
  let scope: ReadonlyMap<string, string> | null = null;
  for (const script of [target.shell, target.execScript]) {
    if (!script) continue;
    for (const command of script.commands) {
      if (!command.args.some(substitutes)) continue;
      scope ??=
        target.keyword === 'RUN' ? scopeView(dockerfile, target) : runtimeScopeView(dockerfile, target);
      command.expandedArgs = expandedWords(command.args, scope);
    }
  }
}

/** Instructions whose arguments Docker substitutes itself (RUN and CMD text is the shell's). */
const SUBSTITUTED = new Set(['COPY', 'ADD', 'WORKDIR', 'USER', 'EXPOSE', 'VOLUME', 'STOPSIGNAL']);

/**
 * A word as Docker reads it in COPY, WORKDIR, USER…: quotes removed, `'…'` taken literally,
 * `$` substituted elsewhere (`WORKDIR "/app"` is /app; `WORKDIR '$HOME'` is $HOME).
 */
function dockerWord(text: string, scope: ReadonlyMap<string, string>, escapeChar: string): string {
  const expand = (part: string) => expandVariables(part, scope, { keepUnknown: true, escapeChar });
  let out = '';
  let plain = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === escapeChar && i + 1 < text.length) {
      plain += ch + text[++i];
    } else if (ch === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) return expand(text);
      out += expand(plain) + text.slice(i + 1, end);
      plain = '';
      i = end;
    } else if (ch === '"') {
      const end = text.indexOf('"', i + 1);
      if (end < 0) return expand(text);
      out += expand(plain) + expand(text.slice(i + 1, end));
      plain = '';
      i = end;
    } else plain += ch;
  }
  return out + expand(plain);
}

/** Docker changes this word in COPY, WORKDIR…: it holds a `$` or quotes. */
function dockerSubstitutes(word: Word): boolean {
  const value = word.value;
  return value.includes('$') || value.includes('"') || value.includes("'");
}

/** The shell substitutes this word's `$`: it is neither single-quoted nor escaped. */
function substitutes(word: Word): boolean {
  return word.value.includes('$') && !word.text.includes("'") && !word.text.includes('\\$');
}

const KEEP_UNKNOWN = { keepUnknown: true };
const BLANKS = /\s+/;

/**
 * The words after substitution (a quoted word stays one word, an unquoted one splits at
 * blanks); `args` itself when no value changed.
 */
function expandedWords(args: Word[], scope: ReadonlyMap<string, string>): Word[] {
  let out: Word[] | null = null;
  for (let i = 0; i < args.length; i++) {
    const word = args[i]!;
    const value = substitutes(word) ? expandVariables(word.value, scope, KEEP_UNKNOWN) : word.value;
    if (value === word.value) {
      out?.push(word);
      continue;
    }
    out ??= args.slice(0, i);
    if (word.text.includes('"')) out.push({ ...word, value });
    else for (const piece of value.split(BLANKS)) if (piece !== '') out.push({ ...word, value: piece });
  }
  return out ?? args;
}
