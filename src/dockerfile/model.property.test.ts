import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Range } from '../types.js';
import { printDockerfile } from './edit.js';
import type { Dockerfile, Word } from './model.js';
import { parseDockerfile } from './parse.js';
import { MAX_SCOPE_CHARS, scopeView } from './scope.js';
import { dockerfileText, name, plain, reference } from './test-support/arbitrary.js';
import { expandVariables, MAX_EXPANSION_LENGTH } from './variables.js';

// Properties of the Dockerfile model on generated files: the model keeps every byte, every
// range points at the text it names, and variable expansion stays under its caps whatever
// the ARG/ENV chains do. Run counts stay small (each parse runs tree-sitter) so CI time is
// a few seconds; FC_SEED/FC_RUNS reproduce or widen a run.

const runs = (n: number) => Number(process.env.FC_RUNS ?? n);
const seed = process.env.FC_SEED ? { seed: Number(process.env.FC_SEED) } : {};

const slice = (dockerfile: Dockerfile, range: Range) =>
  dockerfile.text.slice(range.start.offset, range.end.offset);

/** line:column agree with the offset (1-based, columns in UTF-16 units from the line start). */
function expectConsistent(text: string, range: Range): void {
  for (const p of [range.start, range.end]) {
    const before = text.slice(0, p.offset);
    expect(p.line).toBe(before.split('\n').length);
    expect(p.column).toBe(p.offset - (before.lastIndexOf('\n') + 1) + 1);
  }
  expect(range.end.offset).toBeGreaterThanOrEqual(range.start.offset);
}

function expectWord(dockerfile: Dockerfile, word: Word): void {
  expectConsistent(dockerfile.text, word.range);
  expect(slice(dockerfile, word.range)).toBe(word.text);
}

describe('Dockerfile model properties', () => {
  it('round trip: printing the model gives the input byte for byte', async () => {
    await fc.assert(
      fc.asyncProperty(dockerfileText, async (text) => {
        const dockerfile = await parseDockerfile(text);
        expect(printDockerfile(dockerfile)).toBe(text);
        expect(Buffer.from(printDockerfile(dockerfile)).equals(Buffer.from(text))).toBe(true);
      }),
      { numRuns: runs(60), ...seed },
    );
  });

  it('every range names its own text: instructions in order, keywords, shell words and comments', async () => {
    await fc.assert(
      fc.asyncProperty(dockerfileText, async (text) => {
        const dockerfile = await parseDockerfile(text);
        let previousEnd = 0;
        for (const instruction of dockerfile.instructions) {
          expectConsistent(text, instruction.range);
          expect(instruction.range.start.offset).toBeGreaterThanOrEqual(previousEnd);
          previousEnd = instruction.range.end.offset;
          expect(slice(dockerfile, instruction.keywordRange)).toBe(instruction.keywordText);
          expect(instruction.keywordText.toUpperCase()).toBe(instruction.keyword);
          for (const command of instruction.shell?.commands ?? []) {
            for (const word of command.args) expectWord(dockerfile, word);
            expect(slice(dockerfile, command.range)).toBe(command.text);
          }
        }
        for (const comment of dockerfile.comments) expectWord(dockerfile, comment);
      }),
      { numRuns: runs(60), ...seed },
    );
  });

  it('parsing is deterministic: the same text gives the same model', async () => {
    await fc.assert(
      fc.asyncProperty(dockerfileText, async (text) => {
        const shape = (d: Dockerfile) =>
          JSON.stringify({
            instructions: d.instructions.map((i) => [
              i.keyword,
              i.range,
              i.stageIndex,
              i.args.map((a) => a.text),
            ]),
            stages: d.stages.map((s) => [s.index, s.baseStageIndex]),
            errors: d.syntaxErrors.length,
          });
        expect(shape(await parseDockerfile(text))).toBe(shape(await parseDockerfile(text)));
      }),
      { numRuns: runs(25), ...seed },
    );
  });
});

describe('variable expansion caps', () => {
  it('expandVariables never returns more than MAX_EXPANSION_LENGTH characters', () => {
    const big = fc.integer({ min: 0, max: MAX_EXPANSION_LENGTH }).map((n) => 'v'.repeat(n));
    fc.assert(
      fc.property(
        fc.dictionary(name, big, { maxKeys: 5 }),
        fc.array(fc.oneof(plain, reference), { maxLength: 40 }),
        (values, parts) => {
          const result = expandVariables(parts.join(''), new Map(Object.entries(values)));
          expect(result.length).toBeLessThanOrEqual(MAX_EXPANSION_LENGTH);
        },
      ),
      { numRuns: runs(200), ...seed },
    );
  });

  it('ARG/ENV chains that double, repeat and nest stay under both caps, whatever their order', async () => {
    // Each step defines a variable from earlier ones: `X=${A}${A}`, `Y=${X:-${A}}…`.
    const step = fc.tuple(
      fc.constantFrom('ARG', 'ENV'),
      fc.array(fc.nat({ max: 30 }), { minLength: 1, maxLength: 4 }),
      fc.constantFrom('', ':-', ':+'),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 40 }), async (steps) => {
        const lines = ['FROM python:3.12-slim', 'ARG V0=abcdefgh'];
        steps.forEach(([keyword, refs, modifier], i) => {
          const uses = refs.map((r) => Math.min(r, i));
          const body = uses.map((u) => (modifier ? `\${V${u}${modifier}x$V${u}}` : `\${V${u}}`)).join('');
          lines.push(`${keyword} V${i + 1}=${body}${body}`);
        });
        lines.push('RUN echo $V1');
        const dockerfile = await parseDockerfile(`${lines.join('\n')}\n`);
        const scope = scopeView(dockerfile, dockerfile.instructions[dockerfile.instructions.length - 1]!);
        let total = 0;
        for (const [, expanded] of scope) {
          expect(expanded.length).toBeLessThanOrEqual(MAX_EXPANSION_LENGTH);
          total += expanded.length;
        }
        // The budget is checked before each expansion, so one expansion may overshoot it.
        expect(total).toBeLessThanOrEqual(MAX_SCOPE_CHARS + MAX_EXPANSION_LENGTH);
      }),
      { numRuns: runs(40), ...seed },
    );
  });
});
