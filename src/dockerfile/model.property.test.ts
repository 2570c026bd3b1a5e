import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Range } from '../types.js';
import { printDockerfile } from './edit.js';
import type { Dockerfile, Word } from './model.js';
import { parseDockerfile } from './parse.js';
import { MAX_SCOPE_CHARS, scopeView } from './scope.js';
import { expandVariables, MAX_EXPANSION_LENGTH } from './variables.js';

// Properties of the Dockerfile model on generated files: the model keeps every byte, every
// range points at the text it names, and variable expansion stays under its caps whatever
// the ARG/ENV chains do. Run counts stay small (each parse runs tree-sitter) so CI time is
// a few seconds; FC_SEED/FC_RUNS reproduce or widen a run.

const runs = (n: number) => Number(process.env.FC_RUNS ?? n);
const seed = process.env.FC_SEED ? { seed: Number(process.env.FC_SEED) } : {};

const name = fc.constantFrom('A', 'B', 'PORT', 'APP_HOME', 'x_1');
const plain = fc.constantFrom('flask', 'gunicorn', '/app', '.', 'a b', '"q t"', "'s'", 'ü', '8000', '');
const reference = fc.oneof(
  name.map((n) => `$${n}`),
  name.map((n) => `\${${n}}`),
  fc.tuple(name, plain).map(([n, d]) => `\${${n}:-${d}}`),
  fc.tuple(name, plain).map(([n, d]) => `\${${n}:+${d}}`),
);
const value = fc
  .array(fc.oneof(plain, reference), { minLength: 1, maxLength: 4 })
  .map((parts) => parts.join(''));
const shellWord = fc.oneof(
  fc.constantFrom(
    'pip',
    'install',
    '--no-cache-dir',
    '-r',
    'requirements.txt',
    'apt-get',
    'update',
    '-y',
    'echo',
  ),
  reference,
  fc.constantFrom('"a $B c"', "'x y'", '$(date)', '`id`', '>', '/tmp/out', '2>&1'),
);
const operator = fc.constantFrom(' && ', ' || ', '; ', ' | ', ' && \\\n    ', ' \\\n  ');
const shell = fc
  .array(fc.array(shellWord, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 4 })
  .chain((commands) =>
    fc
      .array(operator, { minLength: commands.length, maxLength: commands.length })
      .map((ops) => commands.map((words, i) => `${i > 0 ? ops[i] : ''}${words.join(' ')}`).join('')),
  );

const keyword = (word: string) => fc.constantFrom(word, word.toLowerCase());
const instruction = fc.oneof(
  fc
    .tuple(
      keyword('FROM'),
      fc.constantFrom('python:3.12-slim', '$BASE', 'builder', 'scratch'),
      fc.option(name),
    )
    .map(([k, image, as]) => `${k} ${image}${as ? ` AS ${as.toLowerCase()}` : ''}`),
  fc
    .tuple(keyword('ARG'), name, fc.option(value))
    .map(([k, n, v]) => `${k} ${n}${v === null ? '' : `=${v}`}`),
  fc.tuple(keyword('ENV'), name, value).map(([k, n, v]) => `${k} ${n}=${v}`),
  fc.tuple(keyword('RUN'), shell).map(([k, s]) => `${k} ${s}`),
  fc
    .tuple(keyword('RUN'), fc.constantFrom('--mount=type=cache,target=/root/.cache/pip ', ''), shell)
    .map(([k, flag, s]) => `${k} ${flag}${s}`),
  fc
    .tuple(keyword('COPY'), fc.constantFrom('', '--chown=app ', '--from=builder '), plain, plain)
    .map(([k, flag, a, b]) => `${k} ${flag}${a || '.'} ${b || '.'}`),
  fc.tuple(keyword('WORKDIR'), value).map(([k, v]) => `${k} ${v}`),
  fc
    .tuple(
      keyword('CMD'),
      fc.constantFrom('["python", "app.py"]', 'python app.py', 'gunicorn -b 0.0.0.0:$PORT app:app'),
    )
    .map(([k, c]) => `${k} ${c}`),
  fc.constantFrom(
    'USER app',
    'EXPOSE 8000',
    'LABEL a="b c"',
    'HEALTHCHECK CMD curl -f http://localhost/',
    'ONBUILD RUN pip install x',
  ),
  fc.constantFrom('# a comment', '', '   ', '# shipshape: ignore=SS104', 'RUN <<EOF\necho hi\nEOF'),
);

/** A Dockerfile of generated lines, LF or CRLF, with or without a final newline. */
const dockerfileText = fc
  .tuple(
    fc.array(instruction, { minLength: 1, maxLength: 12 }),
    fc.constantFrom('\n', '\r\n'),
    fc.boolean(),
    fc.boolean(),
  )
  .map(([lines, eol, finalNewline, leadingFrom]) => {
    const body = (leadingFrom ? ['FROM python:3.12-slim', ...lines] : lines).join('\n').replace(/\n/g, eol);
    return finalNewline ? `${body}${eol}` : body;
  });

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
