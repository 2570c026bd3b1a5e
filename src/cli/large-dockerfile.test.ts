import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { instructionAfter, instructionAt, parseDockerfile } from '../dockerfile/index.js';
import { applyFixes, chooseFixes } from '../fix/index.js';
import { fixEntry } from '../lint/index.js';
import { load } from '../project/index.js';
import { renderLintText } from '../report/lint-text.js';
import { runRules } from '../rules/run.js';
import { oneHunkPatch } from './lint-run.js';

// 20,000 `RUN pip install` lines: every per-finding step (code frame, instruction lookup,
// suppressions, choosing and applying fixes, the diff) must be linear, not per-finding scans
// of the whole file. The bounds are several times what a linear pass takes here and far below
// what the quadratic versions took (77 s for lint, over 4 minutes for --diff).
const LINES = 20_000;
const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

function projectWith(dockerfile: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'shipshape-large-'));
  made.push(dir);
  writeFileSync(path.join(dir, 'Dockerfile'), dockerfile);
  return dir;
}

function pipLines(suppressed: boolean): string {
  const lines = ['FROM python:3.12-slim'];
  for (let i = 1; i <= LINES; i++) {
    if (suppressed) lines.push('# shipshape: ignore=SS104');
    lines.push(`RUN pip install pkg${i}`);
  }
  return `${lines.join('\n')}\n`;
}

async function timed<T>(work: () => T | Promise<T>): Promise<{ value: T; seconds: number }> {
  const started = performance.now();
  const value = await work();
  return { value, seconds: (performance.now() - started) / 1000 };
}

describe('a Dockerfile of 20,000 RUN pip install lines', () => {
  it('renders a code frame per finding from one line index', { timeout: 120_000 }, async () => {
    const project = await load(projectWith(pipLines(false)));
    const entry = project.dockerfile!;
    const findings = runRules(project, entry.model, 'Dockerfile', { select: ['SS104'] });
    expect(findings).toHaveLength(LINES);
    const report = {
      findings,
      rules: [],
      sources: { Dockerfile: entry.model.text },
      files: 1,
      fixed: 0,
      statistics: false,
    };
    const { value: text, seconds } = await timed(() =>
      renderLintText(report, { color: false, version: '0' }),
    );
    expect(text).toContain(`${LINES + 1} | RUN pip install pkg${LINES}\n`);
    expect(seconds).toBeLessThan(5);
  });

  it('applies 20,000 suppressions without a scan per finding', { timeout: 120_000 }, async () => {
    const project = await load(projectWith(pipLines(true)));
    const entry = project.dockerfile!;
    const { value: findings, seconds } = await timed(() =>
      runRules(project, entry.model, 'Dockerfile', { select: ['SS104', 'SS002'] }),
    );
    expect(findings).toEqual([]);
    expect(seconds).toBeLessThan(5);
  });

  it('chooses and applies 20,000 fixes, and diffs the result, in linear time', {
    timeout: 180_000,
  }, async () => {
    const project = await load(projectWith(pipLines(false)));
    const entry = project.dockerfile!;
    const findings = runRules(project, entry.model, 'Dockerfile', { select: ['SS104'] });
    const { value: fixed, seconds } = await timed(() => {
      const chosen = chooseFixes(findings, { unsafe: false });
      return applyFixes({ Dockerfile: entry.model.text }, chosen).Dockerfile!;
    });
    expect(seconds).toBeLessThan(5);
    expect(fixed.split('\n')[LINES]).toBe(`RUN pip install --no-cache-dir pkg${LINES}`);
    const { value: result } = await timed(() => fixEntry(project, entry, { select: ['SS104'] }, false));
    expect(result.result.files.Dockerfile).toBe(fixed);
    const diff = await timed(() => oneHunkPatch('Dockerfile', entry.model.text, fixed));
    expect(diff.seconds).toBeLessThan(5);
    expect(diff.value.split('\n').slice(0, 4)).toEqual([
      '--- a/Dockerfile',
      '+++ b/Dockerfile',
      `@@ -1,${LINES + 1} +1,${LINES + 1} @@`,
      ' FROM python:3.12-slim',
    ]);
  });
});

describe('instruction lookup by offset', () => {
  it('finds the instruction holding an offset, and the one a comment belongs to', async () => {
    const text = 'FROM python:3.12-slim\n# note\nRUN a \\\n# inside\n  b\nCMD c\n';
    const model = await parseDockerfile(text, 'Dockerfile');
    const at = (needle: string) => text.indexOf(needle);
    expect(instructionAt(model, at('python'))?.keyword).toBe('FROM');
    expect(instructionAt(model, at('# note'))).toBeUndefined();
    expect(instructionAt(model, at('  b'))?.keyword).toBe('RUN');
    expect(instructionAfter(model, at('# note'))?.keyword).toBe('RUN');
    expect(instructionAfter(model, at('# inside'))?.keyword).toBe('RUN');
    expect(instructionAfter(model, text.length)).toBeUndefined();
  });
});

describe('oneHunkPatch', () => {
  it('keeps three lines of context and marks a missing final newline', () => {
    const before = 'a\nb\nc\nd\ne\nf\ng\nh';
    const after = 'a\nb\nc\nd\nE\nf\ng\nh\n';
    expect(oneHunkPatch('F', before, after)).toBe(
      [
        '--- a/F',
        '+++ b/F',
        '@@ -2,7 +2,7 @@',
        ' b',
        ' c',
        ' d',
        '-e',
        '-f',
        '-g',
        '-h',
        '\\ No newline at end of file',
        '+E',
        '+f',
        '+g',
        '+h',
        '',
      ].join('\n'),
    );
  });
});

describe('chooseFixes', () => {
  const fix = (rule: string, edits: Array<[number, number, string]>) => ({
    rule,
    name: rule,
    severity: 'warning' as const,
    message: '',
    file: 'Dockerfile',
    range: {
      start: { line: 1, column: 1, offset: edits[0]![0] },
      end: { line: 1, column: 1, offset: edits[0]![1] },
    },
    docsUrl: '',
    fix: {
      description: rule,
      applicability: 'safe' as const,
      edits: edits.map(([start, end, content]) => ({ start, end, content })),
    },
  });

  it('defers a fix that overlaps or shares an insertion point with one taken', () => {
    const chosen = chooseFixes(
      [
        fix('A', [[0, 5, 'a']]),
        fix('B', [[3, 8, 'b']]),
        fix('C', [[10, 10, 'c']]),
        fix('D', [[10, 12, 'd']]),
        fix('E', [[12, 14, 'e']]),
      ],
      { unsafe: false },
    );
    expect(chosen.map((c) => c.rule)).toEqual(['A', 'C', 'E']);
  });

  it('still sees conflicts after a fix whose own edits overlap', () => {
    const chosen = chooseFixes(
      [
        fix('A', [
          [0, 20, 'x'],
          [5, 6, 'y'],
        ]),
        fix('B', [[15, 16, 'z']]),
      ],
      { unsafe: false },
    );
    expect(chosen.map((c) => c.rule)).toEqual(['A']);
  });
});
