import type { Dockerfile, Instruction } from './model.js';
import { readOnce } from './read-once.js';
import { expandVariables } from './variables.js';

/** Predefined build args BuildKit provides without an ARG (they still need ARG to be visible in RUN). */
export const AUTOMATIC_PLATFORM_ARGS = [
  'TARGETPLATFORM',
  'TARGETOS',
  'TARGETARCH',
  'TARGETVARIANT',
  'BUILDPLATFORM',
  'BUILDOS',
  'BUILDARCH',
  'BUILDVARIANT',
];

export const PROXY_ARGS = ['HTTP_PROXY', 'HTTPS_PROXY', 'FTP_PROXY', 'NO_PROXY', 'ALL_PROXY'].flatMap(
  (name) => [name, name.toLowerCase()],
);

/**
 * Past this many characters of expanded ARG/ENV values in one Dockerfile, further values are
 * kept as written: a file built to explode (each ARG doubling the last, thousands of chained
 * ENV) must cost bounded memory and time, and no real Dockerfile comes near it.
 */
export const MAX_SCOPE_CHARS = 4 * 1024 * 1024;

interface Binding {
  /** Index of the ARG/ENV instruction that sets it; visible to instructions after it. */
  at: number;
  value: string;
}

/** One stage's ARG/ENV bindings, each value expanded once, looked up without copying scopes. */
interface StageBindings {
  parent: StageBindings | null;
  /** Per name, in instruction order. */
  bindings: Map<string, Binding[]>;
  /** The ENV bindings alone: what a container sees at run time (ARGs are build-time only). */
  envBindings: Map<string, Binding[]>;
  /** ENV values at the end of the stage: what an image built FROM it runs with. */
  envAtEnd: Map<string, string>;
  /**
   * ARG and ENV values at the end of the stage: what a child stage (`FROM <this stage>`)
   * inherits on top of the parent's own, as BuildKit passes both down a chain of stages.
   */
  atEnd: Map<string, string>;
}

interface ScopeIndex {
  globals: Map<string, string>;
  stages: StageBindings[];
}

/** No `--build-arg` values: the default of every question, shared rather than made per call. */
const NO_BUILD_ARGS: ReadonlyMap<string, string> = new Map();

function lastBefore(bindings: Binding[] | undefined, before: number): Binding | undefined {
  if (!bindings) return undefined;
  let low = 0;
  let high = bindings.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (bindings[middle]!.at < before) low = middle + 1;
    else high = middle;
  }
  return low > 0 ? bindings[low - 1] : undefined;
}

/**
 * The variables visible before instruction `before` of a stage, as a read-only map that
 * looks values up in the shared bindings (its own stage, then the ARG/ENV of each parent stage,
 * walked iteratively so a 10,000-stage chain neither copies scopes nor recurses).
 */
class StageScope implements ReadonlyMap<string, string> {
  private materialized: Map<string, string> | null = null;
  constructor(
    private readonly stage: StageBindings,
    private readonly before: number,
    /** Only ENV, as a running container sees it. */
    private readonly runtime = false,
  ) {}

  private ownOf(stage: StageBindings): Map<string, Binding[]> {
    return this.runtime ? stage.envBindings : stage.bindings;
  }

  private endOf(stage: StageBindings): Map<string, string> {
    return this.runtime ? stage.envAtEnd : stage.atEnd;
  }

  get(name: string): string | undefined {
    const own = lastBefore(this.ownOf(this.stage).get(name), this.before);
    if (own) return own.value;
    for (let parent = this.stage.parent; parent; parent = parent.parent) {
      const value = this.endOf(parent).get(name);
      if (value !== undefined) return value;
    }
    return undefined;
  }

  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  private all(): Map<string, string> {
    if (this.materialized) return this.materialized;
    const chain: StageBindings[] = [];
    for (let parent = this.stage.parent; parent; parent = parent.parent) chain.unshift(parent);
    const map = new Map<string, string>();
    for (const parent of chain) for (const [name, value] of this.endOf(parent)) map.set(name, value);
    for (const [name, bindings] of this.ownOf(this.stage)) {
      const binding = lastBefore(bindings, this.before);
      if (binding) map.set(name, binding.value);
    }
    this.materialized = map;
    return map;
  }

  get size(): number {
    return this.all().size;
  }
  forEach(callback: (value: string, key: string, map: ReadonlyMap<string, string>) => void): void {
    for (const [key, value] of this.all()) callback(value, key, this);
  }
  entries(): MapIterator<[string, string]> {
    return this.all().entries();
  }
  keys(): MapIterator<string> {
    return this.all().keys();
  }
  values(): MapIterator<string> {
    return this.all().values();
  }
  [Symbol.iterator](): MapIterator<[string, string]> {
    return this.all().entries();
  }
}

function buildIndex(dockerfile: Dockerfile, buildArgs: ReadonlyMap<string, string>): ScopeIndex {
  let budget = MAX_SCOPE_CHARS;
  const expand = (text: string, scope: ReadonlyMap<string, string>): string => {
    if (budget <= 0 || !text.includes('$')) return text;
    const value = expandVariables(text, scope);
    budget -= value.length;
    return value;
  };
  const globals = new Map<string, string>();
  for (const arg of dockerfile.globalArgs) {
    for (const a of arg.assignments) {
      globals.set(a.name, buildArgs.get(a.name) ?? expand(a.value ?? '', globals));
    }
  }
  const stages: StageBindings[] = [];
  // Stages in file order: a stage's parent is always an earlier stage, so it is ready.
  for (const stage of dockerfile.stages) {
    const parent =
      stage.baseStageIndex !== null && stage.baseStageIndex < stage.index
        ? (stages[stage.baseStageIndex] ?? null)
        : null;
    const own: StageBindings = {
      parent,
      bindings: new Map(),
      atEnd: new Map(),
      envBindings: new Map(),
      envAtEnd: new Map(),
    };
    const scope = new StageScope(own, Number.POSITIVE_INFINITY);
    const bind = (name: string, at: number, value: string, into = own.bindings) => {
      const list = into.get(name);
      if (list) list.push({ at, value });
      else into.set(name, [{ at, value }]);
    };
    for (const instruction of stage.instructions) {
      if (instruction.keyword === 'ARG') {
        for (const a of instruction.assignments) {
          // A bare `ARG NAME` takes the build arg, else the global default, else what the
          // parent stage already holds (a redeclaration does not reset an inherited value).
          const value =
            buildArgs.get(a.name) ??
            (a.value !== null ? expand(a.value, scope) : (globals.get(a.name) ?? scope.get(a.name)));
          bind(a.name, instruction.index, value ?? '');
          own.atEnd.set(a.name, value ?? '');
        }
      } else if (instruction.keyword === 'ENV') {
        for (const a of instruction.assignments) {
          const value = expand(a.value ?? '', scope);
          bind(a.name, instruction.index, value);
          bind(a.name, instruction.index, value, own.envBindings);
          own.atEnd.set(a.name, value);
          own.envAtEnd.set(a.name, value);
        }
      }
    }
    stages.push(own);
  }
  return { globals, stages };
}

function indexOf(dockerfile: Dockerfile, buildArgs: ReadonlyMap<string, string>): ScopeIndex {
  return buildArgs.size > 0 ? buildIndex(dockerfile, buildArgs) : defaultIndex(dockerfile);
}

/** The index without `--build-arg` values, built once per parsed Dockerfile. */
const defaultIndex = readOnce((dockerfile: Dockerfile) => buildIndex(dockerfile, NO_BUILD_ARGS));

/**
 * The variables visible to `instruction` as a shared read-only view: ARG and ENV inherited
 * from the parent stages (`FROM <stage>`, followed through chains), then the stage's ARG (a bare `ARG NAME` picks up the global default) and
 * ENV in order. Each value is expanded once per Dockerfile; asking costs a lookup, not a copy.
 */
export function scopeView(
  dockerfile: Dockerfile,
  instruction: Instruction,
  buildArgs: ReadonlyMap<string, string> = NO_BUILD_ARGS,
): ReadonlyMap<string, string> {
  const index = indexOf(dockerfile, buildArgs);
  if (instruction.stageIndex < 0) {
    const scope = new Map<string, string>();
    for (const arg of dockerfile.globalArgs) {
      if (arg.index >= instruction.index) break;
      for (const a of arg.assignments) scope.set(a.name, index.globals.get(a.name) ?? '');
    }
    return scope;
  }
  const stage = index.stages[instruction.stageIndex];
  return stage ? new StageScope(stage, instruction.index) : new Map();
}

/**
 * The environment a container of this stage runs with before `instruction` (CMD, ENTRYPOINT,
 * HEALTHCHECK): ENV only, inherited through `FROM <stage>` chains; ARGs are gone at run time.
 */
export function runtimeScopeView(
  dockerfile: Dockerfile,
  instruction: Instruction,
): ReadonlyMap<string, string> {
  const stage = indexOf(dockerfile, NO_BUILD_ARGS).stages[instruction.stageIndex];
  return stage ? new StageScope(stage, instruction.index, true) : new Map();
}

/** The ENV a container of `stageIndex` runs with once the whole stage is built. */
export function runtimeEnvironmentAtEnd(
  dockerfile: Dockerfile,
  stageIndex: number,
): ReadonlyMap<string, string> {
  const stage = indexOf(dockerfile, NO_BUILD_ARGS).stages[stageIndex];
  return stage ? new StageScope(stage, Number.POSITIVE_INFINITY, true) : new Map();
}

/** scopeView as a Map of its own (a copy: prefer scopeView when only reading). */
export function scopeAt(
  dockerfile: Dockerfile,
  instruction: Instruction,
  buildArgs: ReadonlyMap<string, string> = NO_BUILD_ARGS,
): Map<string, string> {
  return new Map(scopeView(dockerfile, instruction, buildArgs));
}

/** Substitutes the variables visible at `instruction` into `text`. */
export function resolveAt(dockerfile: Dockerfile, instruction: Instruction, text: string): string {
  return expandVariables(text, scopeView(dockerfile, instruction), { escapeChar: dockerfile.escapeChar });
}
