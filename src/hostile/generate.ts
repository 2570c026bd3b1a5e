// Small deterministic generators the hostile cases share: a seeded random source (the same
// bytes on every run, so a failure reproduces) and text built to explode.

/** mulberry32: a tiny seeded generator; good enough to pick tokens, not for anything secret. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(random: () => number, items: readonly T[]): T =>
  items[Math.floor(random() * items.length)]!;

export const lines = (count: number, line: (i: number) => string): string =>
  `${Array.from({ length: count }, (_, i) => line(i)).join('\n')}\n`;

/** `ARG A1=${A0}${A0}` … : each value twice the one before. */
export const argDoubling = (times: number): string =>
  `FROM python:3.12-slim\nARG A0=x\n${lines(times, (i) => `ARG A${i + 1}=\${A${i}}\${A${i}}`)}RUN echo $A${times}\n`;

/** `ENV V1=${V0}-` … : each value one character longer than the one before. */
export const envChain = (count: number): string =>
  `FROM python:3.12-slim\nENV V0=start\n${lines(count, (i) => `ENV V${i + 1}=\${V${i}}-`)}RUN pip install flask\n`;

/** `FROM s0 AS s1`, `FROM s1 AS s2` … : each stage built on the one before. */
export const stageChain = (count: number): string =>
  `FROM python:3.12-slim AS s0\nENV A=1\n${lines(count, (i) => `FROM s${i} AS s${i + 1}`)}RUN echo $A\n`;

// Tokens a fuzzed Dockerfile is made of: real instructions, broken ones, odd bytes.
const FUZZ_TOKENS = [
  'FROM python:3.12-slim',
  'FROM $BASE AS b',
  'FROM b',
  'ARG BASE=python:3.12',
  `ARG X=\${X}\${X}`,
  `ENV A=$A$A B="\${A:-\${B:+c}}"`,
  'RUN pip install flask',
  'RUN apt-get update && apt-get install -y gcc',
  'RUN <<EOF',
  'EOF',
  'RUN ["sh", "-c"',
  'CMD ["python", "app.py"]',
  'CMD python app.py &',
  'COPY . .',
  'COPY --from=b /a /b',
  'ONBUILD ONBUILD RUN x',
  'HEALTHCHECK CMD',
  'USER',
  'WORKDIR $(pwd)',
  'EXPOSE 99999999999999999999',
  'LABEL a="unclosed',
  '# shipshape: ignore=SS',
  '# escape=`',
  '\\',
  'RUN echo "$(echo $(echo `echo x`))"',
  'RUN case $x in a) ;; esac',
  'RUN if then fi done',
  '\u202e\u0007\u001b[2J',
  '\uFFFD\u0000',
  '',
];

/** A Dockerfile of `count` lines drawn from the tokens above, by seed. */
export function fuzzedDockerfile(seed: number, count: number): string {
  const random = seeded(seed);
  return lines(count, () => pick(random, FUZZ_TOKENS) + (random() < 0.1 ? ' \\' : ''));
}

/** Random bytes with Dockerfile-ish structure sprinkled in (invalid UTF-8 included). */
export function randomBytes(seed: number, size: number): Buffer {
  const random = seeded(seed);
  const out = Buffer.alloc(size);
  for (let i = 0; i < size; i++) out[i] = random() < 0.05 ? 0x0a : Math.floor(random() * 256);
  return Buffer.concat([Buffer.from('FROM python:3.12-slim\n'), out]);
}
