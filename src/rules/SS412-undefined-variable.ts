import { AUTOMATIC_PLATFORM_ARGS, PROXY_ARGS, rangeAfter } from '../dockerfile/index.js';
import type { Dockerfile, Instruction, Stage } from '../dockerfile/model.js';
import { defineRule } from './define.js';
import { scopeBefore } from './lib/cache-scope.js';
import { baseImageOf } from './lib/size-images.js';

/** Instructions whose arguments Docker itself substitutes (RUN/CMD text is left to the shell). */
const EXPANDED = new Set([
  'FROM',
  'COPY',
  'ADD',
  'ENV',
  'ARG',
  'WORKDIR',
  'USER',
  'EXPOSE',
  'LABEL',
  'VOLUME',
  'STOPSIGNAL',
]);

/** ENV of the base images we know; for any other base image, its ENV is unknown and only names the Dockerfile defines elsewhere are checked. */
// A Map, not an object: looked up with words from the file, which an object would have to
// internalize first (and `constructor` would find Object.prototype's).
const IMAGE_ENV = new Map<string, string[]>(
  Object.entries({
    python: [
      'PATH',
      'LANG',
      'GPG_KEY',
      'PYTHON_VERSION',
      'PYTHON_SHA256',
      'PYTHON_PIP_VERSION',
      'PYTHON_GET_PIP_URL',
      'PYTHON_GET_PIP_SHA256',
      'PYTHON_SETUPTOOLS_VERSION',
    ],
    debian: ['PATH'],
    ubuntu: ['PATH'],
    alpine: ['PATH'],
  }),
);

/** Proxy args BuildKit passes to every build without an ARG. */
const ALWAYS_DEFINED: ReadonlySet<string> = new Set(PROXY_ARGS);

interface Use {
  name: string;
  start: number;
  end: number;
}

/** A `$NAME` / `${NAME…` at the sticky position (no copy of the rest of the text per `$`). */
const USE = /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(\}|[:?+-])|([A-Za-z_][A-Za-z0-9_]*))/y;

/** Plain `$NAME` / `${NAME}` uses in Docker's word syntax; single-quoted text, escapes and Uses with a default or alternative (`:-`, `-`, `:+`, `+`) are skipped. */
function plainUses(text: string, base: number, escapeChar: string): Use[] {
  const uses: Use[] = [];
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === escapeChar) {
      i++;
      continue;
    }
    if (quote === "'") {
      if (ch === "'") quote = null;
      continue;
    }
    if (ch === "'" && quote === null) {
      quote = "'";
      continue;
    }
    if (ch === '"') {
      quote = quote === '"' ? null : '"';
      continue;
    }
    if (ch !== '$') continue;
    USE.lastIndex = i;
    const match = USE.exec(text);
    if (!match) continue;
    if (match[1] && match[2] !== '}') {
      // `${NAME:+:$NAME}`: the word inside only expands when NAME is set, so skip it whole.
      const close = text.indexOf('}', i);
      if (close > i) i = close;
      continue;
    }
    uses.push({ name: (match[1] ?? match[3])!, start: base + i, end: base + i + match[0].length });
    i += match[0].length - 1;
  }
  return uses;
}

/** Texts of an instruction that Docker expands, with their offsets. */
function expandedTexts(
  dockerfile: Dockerfile,
  instruction: Instruction,
): Array<{ text: string; start: number }> {
  const texts: Array<{ text: string; start: number }> = [];
  for (const flag of instruction.flags) {
    if (flag.valueRange)
      texts.push({
        text: dockerfile.text.slice(flag.valueRange.start.offset, flag.valueRange.end.offset),
        start: flag.valueRange.start.offset,
      });
  }
  if (instruction.argsRange) {
    const { start, end } = instruction.argsRange;
    texts.push({ text: dockerfile.text.slice(start.offset, end.offset), start: start.offset });
  }
  return texts;
}

interface Definition {
  keyword: string;
  line: number;
  stageIndex: number;
  index: number;
}

function definitions(dockerfile: Dockerfile): Map<string, Definition[]> {
  const byName = new Map<string, Definition[]>();
  for (const instruction of dockerfile.instructions) {
    if (instruction.keyword !== 'ARG' && instruction.keyword !== 'ENV') continue;
    for (const a of instruction.assignments) {
      const list = byName.get(a.name) ?? [];
      list.push({
        keyword: instruction.keyword,
        line: instruction.range.start.line,
        stageIndex: instruction.stageIndex,
        index: instruction.index,
      });
      byName.set(a.name, list);
    }
  }
  return byName;
}

function knownImageEnv(dockerfile: Dockerfile, stage: Stage): string[] | null {
  const image = baseImageOf(dockerfile, stage);
  if (!image) return stage.resolvedBaseImage === 'scratch' ? [] : null;
  return IMAGE_ENV.get(image.name) ?? null;
}

export const rule = defineRule({
  code: 'SS412',
  name: 'undefined-variable',
  severity: 'warning',
  fixable: false,
  sources: ['buildkit:UndefinedVar', 'buildkit:UndefinedArgInFrom'],
  docs: {
    summary: 'A variable is used in an instruction before any ARG or ENV defines it.',
    whatItDoes:
      'Reports `$NAME` (braced or not) in the instructions Docker itself substitutes (FROM, COPY, ADD, ENV, ARG, WORKDIR, USER, EXPOSE, LABEL, VOLUME, STOPSIGNAL) when no earlier ARG or ENV in scope defines it: a global ARG not redeclared inside the stage, an ARG/ENV that comes later, one defined only in another stage, or (on python/debian/ubuntu/alpine bases, whose ENV is known) a name defined nowhere. FROM lines may use the automatic platform args. RUN and CMD text is left alone: the shell expands it at run time. Uses with a default or alternative (`:-`, `-`, `:+`, `+`) are skipped.',
    why: 'Docker expands an undefined variable to an empty string without a word, so `WORKDIR /srv/$APP` becomes `/srv/` and `ENV PATH=$VENV/bin:$PATH` drops the venv: the build passes and the image misbehaves.',
    example: {
      bad: 'ARG VERSION=1.0\nFROM python:3.12-slim\nLABEL version=$VERSION',
      good: 'ARG VERSION=1.0\nFROM python:3.12-slim\nARG VERSION\nLABEL version=$VERSION',
    },
    fixSafety: 'No fix: where the definition belongs is your call.',
  },
  check({ dockerfile, report }) {
    // Only asked when a use is undefined: most Dockerfiles never need them.
    let defined: Map<string, Definition[]> | undefined;
    const definitionsOf = (name: string): Definition[] => {
      if (!defined) defined = definitions(dockerfile);
      return defined.get(name) ?? [];
    };
    let globalNames: Set<string> | undefined;
    const globalArgNames = (): Set<string> => {
      if (!globalNames)
        globalNames = new Set(dockerfile.globalArgs.flatMap((i) => i.assignments.map((a) => a.name)));
      return globalNames;
    };
    const imageEnvs = new Map<number, Set<string> | null>();
    for (const instruction of dockerfile.instructions) {
      if (!EXPANDED.has(instruction.keyword) || instruction.heredocs.length > 0) continue;
      // Most instructions use no variable at all: skip them before building any scope.
      if (!instruction.argsText?.includes('$') && !instruction.flags.some((f) => f.value?.includes('$')))
        continue;
      const stage = dockerfile.stages[instruction.stageIndex];
      const isFrom = instruction.keyword === 'FROM';
      let inScope: (name: string) => boolean;
      if (isFrom || !stage) {
        const globals = new Set(AUTOMATIC_PLATFORM_ARGS);
        for (const arg of dockerfile.globalArgs)
          if (arg.index < instruction.index) for (const a of arg.assignments) globals.add(a.name);
        inScope = (name) => globals.has(name);
      } else {
        const scope = scopeBefore(dockerfile, instruction);
        inScope = (name) => scope.has(name);
      }
      let imageEnv: Set<string> | null = new Set();
      if (stage && !isFrom) {
        if (!imageEnvs.has(stage.index)) {
          const known = knownImageEnv(dockerfile, stage);
          imageEnvs.set(stage.index, known ? new Set(known) : null);
        }
        imageEnv = imageEnvs.get(stage.index) ?? null;
      }
      const visible = (name: string) =>
        ALWAYS_DEFINED.has(name) || inScope(name) || Boolean(imageEnv?.has(name));
      const texts = expandedTexts(dockerfile, instruction);
      for (const { text, start } of texts) {
        for (const use of plainUses(text, start, dockerfile.escapeChar)) {
          if (visible(use.name)) continue;
          if (
            instruction.keyword === 'ARG' &&
            instruction.assignments.some((a) => a.name === use.name && a.range.end.offset <= use.start)
          )
            continue;
          // On a base whose ENV is unknown, the base may well set the variable being extended.
          const self = imageEnv !== null ? selfReference(instruction, use, dockerfile) : null;
          const message =
            self ??
            explain(
              use.name,
              instruction,
              definitionsOf(use.name),
              globalArgNames(),
              isFrom,
              imageEnv !== null,
              dockerfile,
            );
          if (message)
            report({ range: rangeAfter(dockerfile, instruction.range.start, use.start, use.end), message });
        }
      }
    }
  },
});

/**
 * `ENV PYTHONPATH="/app:$PYTHONPATH"` when nothing set PYTHONPATH before: the usual way to
 * append to a search path, and harmless in itself — the problem is the empty entry it leaves
 * (`/app:`), which Python, the shell and the dynamic loader read as "the current folder".
 */
function selfReference(instruction: Instruction, use: Use, dockerfile: Dockerfile): string | null {
  if (instruction.keyword !== 'ENV') return null;
  const assignment = instruction.assignments.find(
    (a) =>
      a.name === use.name &&
      a.valueRange !== null &&
      a.valueRange.start.offset <= use.start &&
      use.end <= a.valueRange.end.offset,
  );
  if (!assignment?.valueRange) return null;
  // `ENV X=$X` with `ARG X` further down: "define it earlier" (explain) is the better advice.
  const definedLater = dockerfile.instructions.some(
    (later) =>
      later.index > instruction.index &&
      later.stageIndex === instruction.stageIndex &&
      (later.keyword === 'ARG' || later.keyword === 'ENV') &&
      later.assignments.some((a) => a.name === use.name),
  );
  if (definedLater) return null;
  const value = dockerfile.text.slice(assignment.valueRange.start.offset, assignment.valueRange.end.offset);
  const at = use.start - assignment.valueRange.start.offset;
  const before = value.slice(0, at).replace(/^["']/, '');
  const after = value.slice(at + use.end - use.start).replace(/["']$/, '');
  const name = use.name;
  const fix = `write \`${name}=${before.replace(/:$/, '')}\${${name}:+:$${name}}\` to add the separator only when it has a value, or drop the reference`;
  if (before.endsWith(':') && after === '') {
    return `\`$${name}\` is not set before this line, so ${name} ends in an empty entry (\`${before}\`), which Python and the shell read as the current folder: ${fix}.`;
  }
  if (after.startsWith(':') && before === '') {
    return `\`$${name}\` is not set before this line, so ${name} starts with an empty entry (\`${after}\`), which Python and the shell read as the current folder: set it without the reference.`;
  }
  return `\`$${name}\` is not set before this line, so this ENV sees it empty: drop the reference, or set ${name} on an earlier line.`;
}

function explain(
  name: string,
  instruction: Instruction,
  definitions: Definition[],
  globalNames: Set<string>,
  isFrom: boolean,
  baseEnvKnown: boolean,
  dockerfile: Dockerfile,
): string | null {
  const use = `\`$${name}\``;
  if (isFrom) {
    return `${use} is not declared before the first FROM, so this FROM line sees it empty: add \`ARG ${name}\` at the top of the Dockerfile.`;
  }
  const inStage = definitions.filter((d) => d.stageIndex === instruction.stageIndex);
  const later = inStage.find((d) => d.index > instruction.index);
  if (later) {
    return `${use} is used before ${later.keyword} ${name} on line ${later.line} defines it, so it expands to an empty string here: move that line above this one.`;
  }
  // `ENV A=1 B=$A` sees only values from before the instruction; `ENV PATH=/x:$PATH` is the
  // usual self-reference to the base image's value, which is fine when we cannot see that ENV.
  const same = inStage.find((d) => d.index === instruction.index);
  if (same && baseEnvKnown) {
    return `${use} is defined in this same ${same.keyword}, which sees only earlier values, so it expands to an empty string here: define it on an earlier line.`;
  }
  if (same) return null;
  if (globalNames.has(name)) {
    return `${use} is a global ARG, which only FROM lines see: add \`ARG ${name}\` inside this stage before using it.`;
  }
  const elsewhere = definitions.find((d) => d.stageIndex >= 0 && d.stageIndex !== instruction.stageIndex);
  if (elsewhere) {
    const stage = dockerfile.stages[elsewhere.stageIndex];
    const label = stage?.name ? `stage \`${stage.name}\`` : `stage ${elsewhere.stageIndex}`;
    return `${use} is defined only in ${label} (line ${elsewhere.line}), not in this one: declare it here before using it.`;
  }
  if (!baseEnvKnown) return null;
  return `${use} is not defined by any ARG or ENV, so it expands to an empty string: define it or fix the name.`;
}
