import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BuildProgressParser, formatBuildFailure, parseBuildProgress } from './progress.js';

// Transcripts recorded from real `docker buildx build --progress=plain` runs (BuildKit 0.13).
const transcript = (name: string) => readFileSync(new URL(`./fixtures/${name}.txt`, import.meta.url), 'utf8');

describe('parseBuildProgress', () => {
  it('reads every step of a fresh multi-stage build with names, stage positions and durations', () => {
    const { steps, failure } = parseBuildProgress(transcript('buildkit-fresh'));
    expect(failure).toBeUndefined();
    expect(steps.map((step) => step.id)).toEqual([
      '#1',
      '#2',
      '#3',
      '#4',
      '#5',
      '#6',
      '#7',
      '#8',
      '#9',
      '#10',
    ]);
    const run = steps.find((step) => step.id === '#8')!;
    expect(run).toMatchObject({
      name: '[base 4/4] RUN echo building && sleep 1 && cat a.txt',
      status: 'done',
      cached: false,
      durationS: 1.3,
      internal: false,
      stage: 'base',
      index: 4,
      total: 4,
      instruction: 'RUN echo building && sleep 1 && cat a.txt',
    });
    expect(run.log).toEqual(['building', 'hello']);
    expect(steps.find((step) => step.id === '#4')).toMatchObject({ status: 'cached', cached: true });
    expect(steps.find((step) => step.id === '#5')).toMatchObject({
      name: '[internal] load build context',
      internal: true,
    });
    expect(steps.find((step) => step.id === '#10')).toMatchObject({
      name: 'exporting to image',
      internal: true,
    });
  });

  it('reads the guide app built with --no-cache: eleven instructions, none cached, timed install', () => {
    const { steps, failure } = parseBuildProgress(transcript('buildkit-guide-app-no-cache'));
    expect(failure).toBeUndefined();
    const instructions = steps.filter((step) => !step.internal).sort((a, b) => a.index! - b.index!);
    expect(instructions.map((step) => step.index)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    // --no-cache reruns every RUN and COPY; the base image (and an existing WORKDIR) show as CACHED.
    const reran = instructions.filter((step) => /^(RUN|COPY) /.test(step.instruction!));
    expect(reran).toHaveLength(9);
    expect(reran.every((step) => step.status === 'done' && !step.cached)).toBe(true);
    expect(instructions[0]).toMatchObject({
      instruction: 'FROM docker.io/library/python:3.13-slim',
      cached: true,
    });
    expect(instructions.every((step) => step.total === 11)).toBe(true);
    const install = instructions.find((step) => step.instruction === 'RUN uv sync --all-extras')!;
    expect(install.durationS).toBeGreaterThan(0);
    expect(install.log.some((line) => /^Installed \d+ packages/.test(line))).toBe(true);
  });

  it('marks every instruction CACHED in a no-op rebuild', () => {
    const { steps } = parseBuildProgress(transcript('buildkit-noop'));
    const instructions = steps.filter((step) => !step.internal && !step.instruction?.startsWith('FROM'));
    expect(instructions.map((step) => [step.instruction, step.cached])).toEqual([
      ['COPY a.txt ./', true],
      ['WORKDIR /app', true],
      ['RUN echo building && sleep 1 && cat a.txt', true],
      ['RUN echo done > /app/done.txt', true],
    ]);
  });

  it('tells the cached step from the rerun ones after a source change', () => {
    const { steps } = parseBuildProgress(transcript('buildkit-code-change'));
    const byInstruction = new Map(steps.map((step) => [step.instruction, step]));
    expect(byInstruction.get('WORKDIR /app')?.cached).toBe(true);
    expect(byInstruction.get('COPY a.txt ./')?.cached).toBe(false);
    expect(byInstruction.get('RUN echo building && sleep 1 && cat a.txt')?.log).toEqual([
      'building',
      'hello',
      'hi2',
    ]);
  });

  it('names the failing RUN step and keeps its last 20 output lines', () => {
    const { failure } = parseBuildProgress(transcript('buildkit-run-failure'));
    expect(failure?.step?.name).toBe(
      '[stage-0 3/3] RUN for i in $(seq 1 30); do echo "line $i"; done; echo "boom" >&2; exit 3',
    );
    expect(failure?.step?.error).toMatch(/did not complete successfully: exit code: 3$/);
    expect(failure?.message).toMatch(/^failed to solve: process .* exit code: 3$/);
    expect(failure?.logTail).toHaveLength(20);
    expect(failure?.logTail[0]).toBe('line 12');
    expect(failure?.logTail.at(-1)).toBe('boom');
  });

  it('keeps interleaved parallel steps apart and marks the cancelled sibling', () => {
    const { steps, failure } = parseBuildProgress(transcript('buildkit-parallel-failure'));
    const a = steps.find((step) => step.stage === 'a' && step.index === 2)!;
    const b = steps.find((step) => step.stage === 'b' && step.index === 2)!;
    expect(a.log).toEqual(['a1', 'a2', 'a3']);
    expect(a.status).toBe('canceled');
    expect(b.log).toEqual(['b1', 'b2', 'b3']);
    expect(failure?.step?.id).toBe(b.id);
  });

  it('reports a Dockerfile parse error with no failing step and the excerpt as context', () => {
    const { failure } = parseBuildProgress(transcript('buildkit-parse-error'));
    expect(failure?.step).toBeUndefined();
    expect(failure?.message).toBe(
      'failed to solve: dockerfile parse error on line 2: unknown instruction: RUNN (did you mean RUN?)',
    );
    expect(failure?.logTail).toContain('   2 | >>> RUNN echo hi');
  });

  it('formats a failure for people with the step and its last lines', () => {
    const { failure } = parseBuildProgress(transcript('buildkit-run-failure'));
    const text = formatBuildFailure(failure!);
    expect(text.split('\n').slice(0, 3)).toEqual([
      expect.stringMatching(/^Build failed: failed to solve/),
      expect.stringMatching(/^Failing step: \[stage-0 3\/3\] RUN/),
      'Last 20 log lines:',
    ]);
    expect(text.endsWith('  boom')).toBe(true);
  });
});

describe('BuildProgressParser', () => {
  it('reads positions BuildKit pads to the width of the total', () => {
    const parser = new BuildProgressParser();
    parser.push('#10 [ 6/11] RUN uv sync --all-extras');
    parser.push('#11 [runtime  7/12] COPY src/ ./src/');
    expect(
      parser.steps.map(({ stage, index, total, instruction, internal }) => ({
        stage,
        index,
        total,
        instruction,
        internal,
      })),
    ).toEqual([
      { stage: undefined, index: 6, total: 11, instruction: 'RUN uv sync --all-extras', internal: false },
      { stage: 'runtime', index: 7, total: 12, instruction: 'COPY src/ ./src/', internal: false },
    ]);
  });

  it('reports a step each time it appears or changes state, for live displays', () => {
    const parser = new BuildProgressParser();
    const lines = transcript('buildkit-fresh').split('\n');
    const changes = lines.map((line) => parser.push(line)).filter((step) => step !== undefined);
    // Ten steps appear and each is closed once (DONE or CACHED).
    expect(changes).toHaveLength(20);
    expect(parser.steps.every((step) => step.status === 'done' || step.status === 'cached')).toBe(true);
    expect(parser.log).toBe(lines.join('\n'));
  });
});
