import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { load } from '../project/index.js';
import type { Finding } from '../types.js';
import { runRules } from './run.js';

// Issue 3's acceptance: the guide's own Dockerfiles, linted with their project.
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

async function lintProject(folder: string): Promise<{ findings: Finding[]; text: string }> {
  const project = await load(path.join(repo, folder));
  const entry = project.dockerfile!;
  return { findings: runRules(project, entry.model, entry.path), text: entry.model.text };
}

/** 1-based line and column of an offset, computed from the text itself (not from the parser). */
function lineColumn(text: string, offset: number): [number, number] {
  const before = text.slice(0, offset).split('\n');
  return [before.length, before[before.length - 1]!.length + 1];
}

interface Expected {
  rule: string;
  line: number;
  column?: number;
  /** The exact text the finding's range covers. */
  covers?: string;
}

function expectAt(findings: Finding[], text: string, expected: Expected): void {
  const candidates = findings.filter((f) => f.rule === expected.rule && f.range.start.line === expected.line);
  const shown = findings
    .filter((f) => f.rule === expected.rule)
    .map((f) => `${f.range.start.line}:${f.range.start.column}`);
  expect(
    candidates.length,
    `${expected.rule} on line ${expected.line} (found at ${shown.join(', ') || 'none'})`,
  ).toBeGreaterThan(0);
  for (const finding of candidates) {
    const { start, end } = finding.range;
    // Line/column and offsets must describe the same place in the guide's text.
    expect(lineColumn(text, start.offset)).toEqual([start.line, start.column]);
    expect(lineColumn(text, end.offset)).toEqual([end.line, end.column]);
  }
  if (expected.column !== undefined) {
    expect(candidates.map((f) => f.range.start.column)).toContain(expected.column);
  }
  if (expected.covers !== undefined) {
    expect(candidates.map((f) => text.slice(f.range.start.offset, f.range.end.offset))).toContain(
      expected.covers,
    );
  }
}

describe('acceptance: the guide’s "Current Dockerfile" (examples/guide-app)', () => {
  let findings: Finding[] = [];
  let text = '';
  beforeAll(async () => {
    ({ findings, text } = await lintProject('examples/guide-app'));
  });

  it('reports every code the issue lists', () => {
    const codes = new Set(findings.map((f) => f.rule));
    const required = [
      'SS101',
      'SS102',
      'SS104',
      'SS106',
      'SS107',
      'SS108',
      'SS113',
      'SS202',
      'SS203',
      'SS204',
      'SS206',
      'SS208',
      'SS301',
      'SS403',
      'SS405',
      'SS407',
      'SS414',
    ];
    expect(required.filter((code) => !codes.has(code))).toEqual([]);
  });

  const expected: Expected[] = [
    { rule: 'SS102', line: 10, column: 23, covers: 'apt-get install' },
    { rule: 'SS102', line: 19, column: 8, covers: 'apt-get install' },
    { rule: 'SS101', line: 12, column: 5, covers: 'apt-transport-https' },
    { rule: 'SS101', line: 14, column: 5, covers: 'gnupg' },
    { rule: 'SS101', line: 15, column: 5, covers: 'lsb-release' },
    { rule: 'SS106', line: 19, column: 27, covers: 'docker-cli' },
    { rule: 'SS104', line: 23, column: 5, covers: 'pip install uv' },
    { rule: 'SS113', line: 23 },
    { rule: 'SS204', line: 23 },
    { rule: 'SS107', line: 29, column: 5 },
    { rule: 'SS203', line: 29 },
    { rule: 'SS108', line: 33, column: 6, covers: 'tests/' },
    { rule: 'SS407', line: 40 },
    { rule: 'SS208', line: 51 },
    { rule: 'SS414', line: 17 },
  ];
  // The guide's crawl4ai-setup after the source was SS210; this example's offline stand-in is
  // the project's own console script (`guide-app-setup = "src.setup:main"`), which imports
  // the source and so rightly runs after it: no SS210 at line 37.
  it('leaves the setup step that runs the project’s own code alone (line 37)', () => {
    expect(findings.filter((f) => f.rule === 'SS210').map((f) => f.range.start.line)).toEqual([]);
  });
  for (const e of expected) {
    it(`${e.rule} at line ${e.line}${e.column ? `, column ${e.column}` : ''}${e.covers ? ` on "${e.covers}"` : ''}`, () => {
      expectAt(findings, text, e);
    });
  }
});

describe('acceptance: the guide’s "Multi-Stage Build" (fixtures/projects/guide-multistage)', () => {
  let findings: Finding[] = [];
  let text = '';
  beforeAll(async () => {
    ({ findings, text } = await lintProject('fixtures/projects/guide-multistage'));
  });

  it('reports every code the issue lists (the project is a package, so SS209 too)', () => {
    const codes = new Set(findings.map((f) => f.rule));
    const required = ['SS410', 'SS204', 'SS107', 'SS203', 'SS206', 'SS112', 'SS209'];
    expect(required.filter((code) => !codes.has(code))).toEqual([]);
  });

  const expected: Expected[] = [
    { rule: 'SS410', line: 5, column: 23, covers: 'as' },
    { rule: 'SS204', line: 10 },
    { rule: 'SS107', line: 17, column: 5 },
    { rule: 'SS203', line: 17 },
    { rule: 'SS209', line: 17 },
    { rule: 'SS112', line: 35, column: 5, covers: 'curl' },
  ];
  // The guide's crawl4ai-setup after the source was SS210; this example's offline stand-in is
  // the project's own console script (`guide-app-setup = "src.setup:main"`), which imports
  // the source and so rightly runs after it: no SS210 at line 37.
  it('leaves the setup step that runs the project’s own code alone (line 37)', () => {
    expect(findings.filter((f) => f.rule === 'SS210').map((f) => f.range.start.line)).toEqual([]);
  });
  for (const e of expected) {
    it(`${e.rule} at line ${e.line}${e.column ? `, column ${e.column}` : ''}${e.covers ? ` on "${e.covers}"` : ''}`, () => {
      expectAt(findings, text, e);
    });
  }

  it('does not flag what the guide already does right', () => {
    const codes = new Set(findings.map((f) => f.rule));
    // Non-root user, no pip cache, recommends off, lists cleaned, PYTHONUNBUFFERED, a HEALTHCHECK.
    for (const code of ['SS301', 'SS104', 'SS102', 'SS103', 'SS405', 'SS403'])
      expect(codes.has(code), code).toBe(false);
  });
});

it('the guide Dockerfiles are read verbatim (acceptance is against the real text)', () => {
  const current = readFileSync(path.join(repo, 'examples/guide-app/Dockerfile'), 'utf8');
  expect(current).toContain('RUN pip install uv\n');
  expect(readFileSync(path.join(repo, 'fixtures/projects/guide-multistage/Dockerfile'), 'utf8')).toContain(
    'FROM python:3.13-slim as builder\n',
  );
});
