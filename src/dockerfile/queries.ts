import type { Position, Range } from '../types.js';
import type { Dockerfile, Flag, Instruction, ShellCommand, Stage } from './model.js';
import { LineIndex } from './positions.js';
import { readOnce } from './read-once.js';

/** Helpers rules use to ask questions of the model, in the spirit of hadolint's `cmdHasArgs`. */

export function flag(instruction: Instruction, name: string): Flag | undefined {
  for (const f of instruction.flags) if (f.name === name) return f;
  return undefined;
}

/** The mounts of a RUN, or of the RUN an ONBUILD registers (its commands run under them). */
export function mountsOfType(instruction: Instruction, type: string): Flag[] {
  return (instruction.trigger ?? instruction).flags.filter(
    (f) => f.name === 'mount' && (f.options.find((o) => o.name === 'type')?.value ?? 'bind') === type,
  );
}

export function mountOption(mount: Flag, name: string): string | null | undefined {
  return mount.options.find((o) => o.name === name)?.value;
}

/**
 * A user name or id, as USER, `sudo -u`, `gosu` or `chown` write it (the group after `:` left
 * out), that is root: `root`, uid `0`, or sudo's `#0`.
 */
export function isRootUser(user: string): boolean {
  return user === 'root' || user === '0' || user === '#0';
}

/** Where a mount is placed: `target`, or BuildKit's other spellings `dst` and `destination`. */
export function mountTarget(mount: Flag): string | null {
  return (
    mountOption(mount, 'target') ?? mountOption(mount, 'dst') ?? mountOption(mount, 'destination') ?? null
  );
}

/** The RUN an instruction is: itself, or the RUN an ONBUILD registers for child images. */
export function asRun(instruction: Instruction): Instruction | null {
  const target = instruction.trigger ?? instruction;
  return target.keyword === 'RUN' ? target : null;
}

/** Commands of a RUN, those of scripts it hands to `sh -c`/`su -c` included (one `depth` deeper). */
export function runCommands(instruction: Instruction): ShellCommand[] {
  return instruction.shell?.commands ?? [];
}

/**
 * The commands of a script as written: without the commands wrappers run (the `pip install x`
 * of `sudo pip install x`, listed right after its wrapper). For readers that keep, move or
 * rebuild whole commands (optimize), to whom a wrapped command is part of its wrapper's words.
 */
export function writtenCommands(commands: ShellCommand[]): ShellCommand[] {
  return commands.some((c) => c.wrappedBy !== null) ? commands.filter((c) => c.wrappedBy === null) : commands;
}

/**
 * The command a wrapper runs, through nested wrappers (`sudo -E env A=1 pip install x` → `pip
 * install x`); the command itself when it wraps none. `index` is into the instruction's
 * commands, where a wrapped command follows its wrapper (ShellCommand.wrappedBy).
 */
export function innermostCommand(commands: readonly ShellCommand[], index: number): ShellCommand {
  let i = index;
  while (commands[i + 1]?.wrappedBy) i++;
  return commands[i]!;
}

/**
 * What follows the last `/` (all of `text` when there is none): `/usr/bin/pip3` → `pip3`.
 * Most words hold no slash: the `indexOf` test answers them without `lastIndexOf`, which V8
 * runs in C++ and which cost rules ~5% of their time, asked of every command many times.
 */
export function lastSegment(text: string): string {
  if (text.indexOf('/') < 0) return text;
  return text.slice(text.lastIndexOf('/') + 1);
}

const PYTHON_NAME = /^python(\d(\.\d+)?)?$/;

/**
 * `python`, `python3`, `python3.12`: a Python interpreter's program name. Rules ask it of
 * every command; the `startsWith` test answers most names without the pattern.
 */
export function isPythonName(name: string): boolean {
  return name.startsWith('python') && PYTHON_NAME.test(name);
}

/** Name without a path: `/usr/bin/pip3` → `pip3`. */
export function baseName(command: ShellCommand): string {
  return lastSegment(command.name);
}

/** Argument values as the command receives them (the stage's ARG and ENV substituted). */
export function argValues(command: ShellCommand): string[] {
  return command.expandedArgs.map((a) => a.value);
}

/** True when the command is `name` followed by `subcommand` somewhere among its leading non-flag args. */
export function isCommand(command: ShellCommand, names: readonly string[], subcommand?: string): boolean {
  if (!names.includes(baseName(command))) return false;
  if (subcommand === undefined) return true;
  const positional = command.expandedArgs.find((a) => !a.value.startsWith('-'));
  return positional?.value === subcommand;
}

/** The command receives one of these options (`--no-root`, `--with=dev`), ARG/ENV values substituted. */
export function hasArg(command: ShellCommand, ...candidates: string[]): boolean {
  // Plain loops and no `${c}=` string per test: rules ask this of most install commands.
  for (const arg of command.expandedArgs) {
    const value = arg.value;
    for (const c of candidates) {
      if (
        value === c ||
        (value.length > c.length && value.charCodeAt(c.length) === 61 && value.startsWith(c))
      )
        return true;
    }
  }
  return false;
}

/** The stage that ends up as the image: the last one (unless a build target is chosen). */
export function shippedStage(dockerfile: Dockerfile): Stage | undefined {
  return dockerfile.stages[dockerfile.stages.length - 1];
}

/**
 * Stages the shipped stage depends on by FROM or COPY --from, including itself. Walked with
 * an explicit stack: a chain of 10,000 stages must not overflow the call stack.
 */
export const stagesReachingShipped: (dockerfile: Dockerfile) => ReadonlySet<number> =
  readOnce(readStagesReachingShipped);

function readStagesReachingShipped(dockerfile: Dockerfile): Set<number> {
  const reached = new Set<number>();
  const pending: Array<Stage | undefined> = [shippedStage(dockerfile)];
  while (pending.length > 0) {
    const stage = pending.pop();
    if (!stage || reached.has(stage.index)) continue;
    reached.add(stage.index);
    if (stage.baseStageIndex !== null) pending.push(dockerfile.stages[stage.baseStageIndex]);
    for (const instruction of stage.instructions) {
      const from = flag(instruction, 'from')?.value;
      if (from) pending.push(stageByReference(dockerfile, from));
    }
  }
  return reached;
}

// Stages by name, built once per model: a search per `--from` made 15,000 chained stages quadratic.
const stagesByName = readOnce((dockerfile: Dockerfile): ReadonlyMap<string, Stage> => {
  const byName = new Map<string, Stage>();
  // The first stage of a name is the one a reference means.
  for (const stage of dockerfile.stages)
    if (stage.name && !byName.has(stage.name)) byName.set(stage.name, stage);
  return byName;
});

export function stageByReference(dockerfile: Dockerfile, reference: string): Stage | undefined {
  const lower = reference.toLowerCase();
  if (/^\d+$/.test(lower)) return dockerfile.stages[Number(lower)];
  return stagesByName(dockerfile).get(lower);
}

/**
 * Index of the first instruction that starts after `offset`. Instructions are in file order
 * and never overlap, so a binary search answers what a scan per finding used to (20,000
 * findings on a 20,000-line Dockerfile made that scan quadratic).
 */
function firstStartingAfter(instructions: readonly Instruction[], offset: number): number {
  let low = 0;
  let high = instructions.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (instructions[mid]!.range.start.offset > offset) high = mid;
    else low = mid + 1;
  }
  return low;
}

/** The instruction whose range holds `offset` (ends included), if any. */
export function instructionAt(dockerfile: Dockerfile, offset: number): Instruction | undefined {
  const before = dockerfile.instructions[firstStartingAfter(dockerfile.instructions, offset) - 1];
  return before && offset <= before.range.end.offset ? before : undefined;
}

/**
 * The instruction a comment at `offset` belongs to: the one it sits inside (a comment between
 * continued lines), else the next one.
 */
export function instructionAfter(dockerfile: Dockerfile, offset: number): Instruction | undefined {
  const next = firstStartingAfter(dockerfile.instructions, offset);
  const before = dockerfile.instructions[next - 1];
  if (before && before.range.start.offset < offset && offset < before.range.end.offset) return before;
  return dockerfile.instructions[next];
}

/**
 * Offsets `start`..`end` as a range, counted from a known position at or before them in the
 * model's text (an instruction's start): a rule reporting inside one instruction then needs no
 * index of every line of the file. Lines break at `\n`, as in LineIndex.
 */
export function rangeAfter(dockerfile: Dockerfile, from: Position, start: number, end: number): Range {
  const startPosition = positionAfter(dockerfile.text, from, start);
  return { start: startPosition, end: positionAfter(dockerfile.text, startPosition, end) };
}

function positionAfter(text: string, from: Position, offset: number): Position {
  let line = from.line;
  let lineStart = from.offset - from.column + 1;
  for (let i = text.indexOf('\n', from.offset); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1, offset };
}

/** Offsets ↔ line/column positions of the Dockerfile's text, indexed once per parsed model. */
export const linesOf = readOnce((dockerfile: Dockerfile): LineIndex => new LineIndex(dockerfile.text));
