import { describe, expect, it } from 'vitest';
import { parseDockerfile } from './parse.js';
import { stagesReachingShipped } from './queries.js';
import { scopeAt, scopeView } from './scope.js';
import { expandVariables, MAX_EXPANSION_LENGTH } from './variables.js';

const last = <T>(items: T[]): T => items[items.length - 1]!;

// Their time and memory bounds are checked on the built CLI by src/hostile/ (CPU time, peak RSS).
describe('ARG/ENV scopes built to explode', () => {
  it('ARG doubling ×40 stays under the expansion cap', async () => {
    const lines = ['FROM python:3.12-slim', 'ARG A0=x'];
    for (let i = 0; i < 40; i++) lines.push(`ARG A${i + 1}=\${A${i}}\${A${i}}`);
    lines.push('RUN echo $A40');
    const dockerfile = await parseDockerfile(`${lines.join('\n')}\n`, 'Dockerfile');
    const scope = scopeView(dockerfile, last(dockerfile.instructions));
    expect(scope.get('A10')).toBe('x'.repeat(1024));
    expect(scope.get('A40')!.length).toBeLessThanOrEqual(MAX_EXPANSION_LENGTH);
  });

  it('10,000 chained ENV values: each expanded once, scopes shared rather than copied', async () => {
    const lines = ['FROM python:3.12-slim', 'ENV V0=start'];
    for (let i = 0; i < 10_000; i++) lines.push(`ENV V${i + 1}=\${V${i}}-`);
    lines.push('RUN pip install flask');
    const dockerfile = await parseDockerfile(`${lines.join('\n')}\n`, 'Dockerfile');
    for (const instruction of dockerfile.instructions) scopeView(dockerfile, instruction).get('V0');
    const scope = scopeView(dockerfile, last(dockerfile.instructions));
    expect(scope.get('V3')).toBe('start---');
    expect(scope.get('V1000')!.startsWith('start---')).toBe(true);
    // 10,000 values growing by one character would hold 50 M characters: past the budget,
    // values are kept as written.
    expect(scope.get('V10000')).toBe('${V9999}-');
    // Before its own line a variable is not yet set.
    expect(scopeView(dockerfile, dockerfile.instructions[4]!).get('V2')).toBe('start--');
    expect(scopeView(dockerfile, dockerfile.instructions[4]!).has('V3')).toBe(false);
  });

  it('10,000 chained stages: no recursion, ENV inherited through every parent', async () => {
    const lines = ['FROM python:3.12-slim AS s0', 'ENV A=1'];
    for (let i = 0; i < 10_000; i++) lines.push(`FROM s${i} AS s${i + 1}`);
    lines.push('RUN echo $A');
    const dockerfile = await parseDockerfile(`${lines.join('\n')}\n`, 'Dockerfile');
    expect(stagesReachingShipped(dockerfile).size).toBe(10_001);
    expect(scopeView(dockerfile, last(dockerfile.instructions)).get('A')).toBe('1');
  });
});

describe('scope semantics', () => {
  // BuildKit passes ARG and ENV down `FROM <stage>` chains (docs: "Arguments and variables
  // are inherited from parent stages"); a stage built FROM an image starts empty.
  it('a grandchild stage sees its grandparent ARG and ENV', async () => {
    const dockerfile = await parseDockerfile(
      [
        'ARG BASE=python:3.12-slim',
        'FROM $BASE AS a',
        'ARG ONLY_A=1',
        'ENV FROM_A=a-$ONLY_A',
        'FROM a AS b',
        'ENV FROM_B=b',
        'FROM b AS c',
        'ARG BASE',
        'RUN echo',
      ].join('\n'),
      'Dockerfile',
    );
    const scope = scopeAt(dockerfile, last(dockerfile.instructions));
    expect(Object.fromEntries(scope)).toEqual({
      ONLY_A: '1',
      FROM_A: 'a-1',
      FROM_B: 'b',
      BASE: 'python:3.12-slim',
    });
  });

  it('expandVariables cuts a result at the cap', () => {
    const scope = new Map([['X', 'y'.repeat(MAX_EXPANSION_LENGTH)]]);
    expect(expandVariables('$X$X$X', scope)).toHaveLength(MAX_EXPANSION_LENGTH);
    expect(expandVariables('a ${X:+set} \\$X', scope)).toBe('a set $X');
  });
});
