import type { Range } from '../types.js';

/** A piece of source text with its exact place. `value` is the text with quotes and escapes removed. */
export interface Word {
  text: string;
  value: string;
  range: Range;
}

/** One option of a flag such as `--mount=type=cache,target=/root/.cache`. */
export interface FlagOption {
  name: string;
  value: string | null;
  range: Range;
}

export interface Flag {
  /** Name without the leading dashes: `mount`, `from`, `chown`, `link`, `platform`… */
  name: string;
  value: string | null;
  range: Range;
  nameRange: Range;
  valueRange: Range | null;
  /** Comma-separated `key=value` options (meaningful for `--mount`). */
  options: FlagOption[];
}

export interface Heredoc {
  /** Delimiter name, e.g. `EOF`. */
  name: string;
  /** Range of the `<<EOF` marker on the instruction line. */
  markerRange: Range;
  /** Body lines between the marker line and the closing delimiter (may be empty). */
  content: Word | null;
  /** Range of the closing delimiter line, null when the file ended first. */
  endRange: Range | null;
}

/** A variable assignment in a shell command (`FOO=1 cmd`) or in ENV/ARG/LABEL. */
export interface Assignment {
  name: string;
  value: string | null;
  range: Range;
  nameRange: Range;
  valueRange: Range | null;
}

export type ShellOperator = '&&' | '||' | ';' | '|' | '&' | '\n';

/** One simple command inside RUN/CMD/ENTRYPOINT shell text. */
export interface ShellCommand {
  /** Command name as written (`apt-get`, `/usr/bin/pip`), unquoted. */
  name: string;
  nameRange: Range;
  /** Arguments in order (unquoted values), each with its exact range in the Dockerfile. */
  args: Word[];
  /**
   * The arguments as the command receives them: the stage's ARG and ENV values substituted
   * (`--with $GROUPS` with `ARG GROUPS=main,dev` is `--with main,dev`; ENV only for CMD,
   * ENTRYPOINT and HEALTHCHECK, which run after the build), an unquoted
   * substitution split at blanks, names the stage does not define left as written. Each word
   * keeps the range of the word it came from. The same array as `args` when nothing changed.
   */
  expandedArgs: Word[];
  assignments: Assignment[];
  /** The command including its arguments and redirections. */
  range: Range;
  text: string;
  /** The operator joining this command to the previous one; null for the first command. */
  operatorBefore: ShellOperator | null;
  /**
   * Depth of nesting: 0 top level, >0 inside `$(...)`, subshells, `if`, loops, functions, a
   * script handed to `sh -c`, or a wrapper (`sudo pip install x`: `pip` is one deeper than `sudo`).
   */
  depth: number;
  /** Index of the pipeline this command belongs to (commands joined by `|` share it). */
  pipeline: number;
  /** True when a redirection (`> file`, `2>&1`, `< in`) applies to the command; it is not in `text`. */
  redirected: boolean;
  /**
   * The wrapper that runs this command as its argv (`sudo`, `gosu`, `env`, `timeout`…, without
   * a path), null otherwise. The wrapper is the command right before this one, one `depth` up;
   * this command's words are the wrapper's own, and its `text` and `range` run from its name to
   * the wrapper's end.
   */
  wrappedBy: string | null;
  /**
   * Whom the command runs as when a wrapper switched users for it or for the script around it:
   * `root` under `sudo`, `app` under `sudo -u app`, `gosu app`, `su-exec app`, `runuser -u app`,
   * `su app -c "…"`. Null when it runs as the instruction's user.
   */
  runsAs: string | null;
}

export interface ShellScript {
  /** The shell text exactly as in the file (continuations included). */
  text: string;
  range: Range;
  commands: ShellCommand[];
  /** True when the shell grammar found an error; commands are best-effort then. */
  hasError: boolean;
}

export type InstructionForm = 'json' | 'shell' | 'none';

export interface Instruction {
  /** Upper-cased keyword: FROM, RUN, COPY… */
  keyword: string;
  /** Keyword as written (keeps the user's casing). */
  keywordText: string;
  keywordRange: Range;
  /** From the keyword to the end of its last line (heredoc bodies included). */
  range: Range;
  /** Index in `Dockerfile.instructions`. */
  index: number;
  /** Stage index, -1 for ARGs before the first FROM. */
  stageIndex: number;
  flags: Flag[];
  /**
   * Arguments after the flags. For JSON form, the array elements (unquoted). A heredoc body's
   * words are not among them (they are its `content`, as BuildKit reads it):
   * `COPY <<"EOF" /x.sh⏎echo hi⏎EOF` has the arguments `<<"EOF"` and `/x.sh`.
   */
  args: Word[];
  /**
   * `args` after Docker's own substitution of the stage's ARG and ENV values, for the
   * instructions it substitutes (COPY, ADD, WORKDIR, USER, EXPOSE, VOLUME, STOPSIGNAL);
   * names the stage does not define are left as written. The same array as `args` when
   * nothing changed, and for every other instruction.
   */
  expandedArgs: Word[];
  /** Raw text after the flags, up to the end of the instruction (null when none). */
  argsText: string | null;
  argsRange: Range | null;
  form: InstructionForm;
  heredocs: Heredoc[];
  /**
   * Shell text of RUN (and shell-form CMD/ENTRYPOINT/HEALTHCHECK CMD) parsed with a bash grammar.
   * Scripts handed to another shell inside it (`sh -c "…"`, `su app -c '…'`) are read too:
   * their commands follow the wrapper, one `depth` deeper, with ranges inside the string.
   */
  shell: ShellScript | null;
  /**
   * For JSON form whose argv hands a script to a shell (`["sh", "-c", "gunicorn --config x app"]`,
   * `HEALTHCHECK CMD ["sh", "-c", "…"]`), that script read as the shell will: its text is the
   * unquoted script, its range the JSON string's, its words' ranges inside that string.
   */
  execScript: ShellScript | null;
  /** For ONBUILD, the instruction it registers. */
  trigger: Instruction | null;
  /** ENV/ARG/LABEL key-value pairs. */
  assignments: Assignment[];
  /** Comment lines right above the instruction (no blank line between), first to last. */
  leadingComments: Word[];
}

export interface Stage {
  index: number;
  /** `AS name` (lower-cased as BuildKit does), null when unnamed. */
  name: string | null;
  nameRange: Range | null;
  /** Base image reference as written. */
  baseImage: string;
  /** Base image with ARGs declared before the first FROM substituted. */
  resolvedBaseImage: string;
  baseRange: Range;
  /** When the base is an earlier stage, its index. */
  baseStageIndex: number | null;
  platform: string | null;
  from: Instruction;
  /** Every instruction of the stage, FROM first. */
  instructions: Instruction[];
}

export interface Directive {
  name: string;
  value: string;
  range: Range;
}

export interface DockerfileSyntaxError {
  message: string;
  range: Range;
}

export interface Dockerfile {
  path: string;
  text: string;
  directives: Directive[];
  escapeChar: string;
  instructions: Instruction[];
  stages: Stage[];
  /** ARG instructions before the first FROM. */
  globalArgs: Instruction[];
  comments: Word[];
  syntaxErrors: DockerfileSyntaxError[];
}
