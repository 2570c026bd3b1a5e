import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { publishedSchema } from '../test-support/schemas.js';
import type { Finding } from '../types.js';
import { lintReporters } from './lint.js';
import type { LintReport } from './types.js';

const SOURCE = 'FROM python:3.12\nRUN pip install flask\nCMD python app.py\n';

function position(line: number, column: number, offset: number) {
  return { line, column, offset };
}

const findings: Finding[] = [
  {
    rule: 'SS104',
    name: 'pip-cache-kept',
    severity: 'warning',
    message: 'pip keeps its download cache in the layer: add `--no-cache-dir`.',
    file: 'app/Dockerfile',
    range: { start: position(2, 5, 21), end: position(2, 22, 38) },
    docsUrl: 'https://example.test/SS104-pip-cache-kept.md',
    fix: {
      description: 'Add --no-cache-dir',
      applicability: 'safe',
      edits: [{ start: 32, end: 32, content: ' --no-cache-dir' }],
    },
  },
  {
    rule: 'SS401',
    name: 'shell-form-command',
    severity: 'error',
    message: 'CMD in shell form, 100% sure: the server is not PID 1,\nuse JSON.',
    file: 'app/Dockerfile',
    range: { start: position(3, 1, 39), end: position(3, 18, 56) },
    docsUrl: 'https://example.test/SS401-shell-form-command.md',
    fix: {
      description: 'Use exec form',
      applicability: 'unsafe',
      edits: [{ start: 43, end: 56, content: '["python", "app.py"]' }],
    },
  },
  {
    rule: 'SS109',
    name: 'dockerignore-missing-or-weak',
    severity: 'info',
    message: 'No .dockerignore.',
    file: 'app/Dockerfile',
    range: { start: position(1, 6, 5), end: position(1, 17, 16) },
    docsUrl: 'https://example.test/SS109.md',
    fix: {
      description: 'Write a .dockerignore',
      applicability: 'safe',
      edits: [{ file: 'app/.dockerignore', start: 0, end: 0, content: '.git\n' }],
    },
  },
];
findings.sort((a, b) => a.range.start.offset - b.range.start.offset);

const report: LintReport = {
  findings,
  rules: [
    {
      code: 'SS104',
      name: 'pip-cache-kept',
      severity: 'warning',
      summary: '`pip install` leaves its download cache in the image.',
      helpUri: 'https://example.test/SS104-pip-cache-kept.md',
      tags: ['size'],
    },
    {
      code: 'SS109',
      name: 'dockerignore-missing-or-weak',
      severity: 'warning',
      summary: 'COPY . without a good .dockerignore.',
      helpUri: 'https://example.test/SS109.md',
      tags: ['size'],
    },
    {
      code: 'SS401',
      name: 'shell-form-command',
      severity: 'warning',
      summary: 'CMD in shell form.',
      helpUri: 'https://example.test/SS401-shell-form-command.md',
      tags: ['runtime'],
    },
    {
      code: 'SS999',
      name: 'never-fired',
      severity: 'info',
      summary: 'Not in the output.',
      helpUri: 'https://example.test/SS999.md',
      tags: ['meta'],
    },
  ],
  sources: { 'app/Dockerfile': SOURCE },
  files: 1,
  fixed: 0,
  statistics: false,
};
const options = { color: false, version: '0.1.0' };

describe('lint reporters', () => {
  it('text: grouped by file, code frame with carets, summary with counts and fixable', () => {
    expect(lintReporters.text(report, options)).toMatchInlineSnapshot(`
      "app/Dockerfile
        1:6 info SS109 dockerignore-missing-or-weak [fix]
          No .dockerignore.
          1 | FROM python:3.12
            |      ^^^^^^^^^^^
        2:5 warning SS104 pip-cache-kept [fix]
          pip keeps its download cache in the layer: add \`--no-cache-dir\`.
          2 | RUN pip install flask
            |     ^^^^^^^^^^^^^^^^^
        3:1 error SS401 shell-form-command [unsafe fix]
          CMD in shell form, 100% sure: the server is not PID 1,
          use JSON.
          3 | CMD python app.py
            | ^^^^^^^^^^^^^^^^^

      Found 3 problems (1 error, 1 warning, 1 info) in 1 file.
      2 fixable with --fix; 1 more with --unsafe-fixes.
      "
    `);
  });

  it('text: colours only when asked', () => {
    expect(lintReporters.text(report, options)).not.toContain('\u001b[');
    expect(lintReporters.text(report, { ...options, color: true })).toContain('\u001b[31m');
  });

  it('text: control characters and bidi overrides of the file are shown as escapes, carets under them', () => {
    const source = 'FROM python:3.12\nRUN pip install \u001b[2Jx\u202e\tflask\n';
    const finding = {
      ...findings.find((f) => f.rule === 'SS104')!,
      message: 'quoted \u001b]0;title\u0007 word',
      file: 'app/Docker\u001bfile',
      range: { start: position(2, 5, 21), end: position(2, 29, 45) },
    };
    const text = lintReporters.text(
      { ...report, findings: [finding], sources: { [finding.file]: source } },
      options,
    );
    expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
    expect(text).toContain('app/Docker\\x1bfile');
    expect(text).toContain('quoted \\x1b]0;title\\x07 word');
    expect(text).toContain('2 | RUN pip install \\x1b[2Jx\\u202e\tflask\n');
    expect(text).toContain(`  |     ${'^'.repeat('pip install \\x1b[2Jx\\u202e\tflask'.length)}\n`);
  });

  it('text: clean run and --statistics', () => {
    expect(lintReporters.text({ ...report, findings: [] }, options)).toBe('No problems found in 1 file.\n');
    expect(lintReporters.text({ ...report, statistics: true }, options)).toMatchInlineSnapshot(`
      "    1  SS104  pip-cache-kept                1 fixable
          1  SS109  dockerignore-missing-or-weak  1 fixable
          1  SS401  shell-form-command            1 fixable

      Found 3 problems (1 error, 1 warning, 1 info) in 1 file.
      2 fixable with --fix; 1 more with --unsafe-fixes.
      "
    `);
  });

  it('json: the documented stable schema', () => {
    const json = JSON.parse(lintReporters.json(report, options));
    expect(Object.keys(json)).toEqual(['version', 'findings', 'summary']);
    expect(json.version).toBe(1);
    expect(json.findings[1]).toEqual({
      rule: 'SS104',
      name: 'pip-cache-kept',
      severity: 'warning',
      message: 'pip keeps its download cache in the layer: add `--no-cache-dir`.',
      file: 'app/Dockerfile',
      range: { start: { line: 2, column: 5, offset: 21 }, end: { line: 2, column: 22, offset: 38 } },
      fix: {
        description: 'Add --no-cache-dir',
        applicability: 'safe',
        edits: [{ file: 'app/Dockerfile', start: 32, end: 32, content: ' --no-cache-dir' }],
      },
      docsUrl: 'https://example.test/SS104-pip-cache-kept.md',
    });
    expect(json.findings[0].fix.edits[0].file).toBe('app/.dockerignore');
    expect(json.summary).toEqual({
      files: 1,
      findings: 3,
      error: 1,
      warning: 1,
      info: 1,
      fixable: 2,
      unsafeFixable: 1,
      fixed: 0,
    });
    const stats = JSON.parse(lintReporters.json({ ...report, statistics: true }, options));
    expect(stats.statistics[0]).toEqual({ rule: 'SS104', name: 'pip-cache-kept', count: 1, fixable: 1 });
    expect(JSON.parse(lintReporters.json({ ...report, findings: [] }, options)).findings).toEqual([]);
  });

  it('github: one workflow command per finding with escaped properties and message', () => {
    expect(lintReporters.github(report, options)).toMatchInlineSnapshot(`
      "::notice file=app/Dockerfile,line=1,col=6,endLine=1,endColumn=17,title=SS109 dockerignore-missing-or-weak::No .dockerignore.
      ::warning file=app/Dockerfile,line=2,col=5,endLine=2,endColumn=22,title=SS104 pip-cache-kept::pip keeps its download cache in the layer: add \`--no-cache-dir\`.
      ::error file=app/Dockerfile,line=3,col=1,endLine=3,endColumn=18,title=SS401 shell-form-command::CMD in shell form, 100%25 sure: the server is not PID 1,%0Ause JSON.
      shipshape: 3 problems in 1 file.
      "
    `);
  });

  describe('sarif', () => {
    const sarif = JSON.parse(lintReporters.sarif(report, options));

    it('validates against the official SARIF 2.1.0 schema', () => {
      const schema = publishedSchema('sarif-2.1.0');
      const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
      const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
      addFormats(ajv);
      const validate = ajv.compile(schema);
      const valid = validate(sarif);
      expect(validate.errors ?? []).toEqual([]);
      expect(valid).toBe(true);
      const empty = JSON.parse(lintReporters.sarif({ ...report, findings: [] }, options));
      expect(validate(empty), JSON.stringify(validate.errors)).toBe(true);
      // The schema really rejects a malformed log (the check above is not vacuous).
      expect(validate({ ...sarif, version: '2.0.0' })).toBe(false);
    });

    it('lists the rules that fired, with help URIs, and exact regions', () => {
      const run = sarif.runs[0];
      expect(run.tool.driver.name).toBe('shipshape');
      expect(run.tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(['SS104', 'SS109', 'SS401']);
      expect(run.tool.driver.rules[0].helpUri).toBe('https://example.test/SS104-pip-cache-kept.md');
      const result = run.results[1];
      expect(result).toMatchObject({ ruleId: 'SS104', ruleIndex: 0, level: 'warning' });
      expect(result.locations[0].physicalLocation).toEqual({
        artifactLocation: { uri: 'app/Dockerfile' },
        region: { startLine: 2, startColumn: 5, endLine: 2, endColumn: 22, charOffset: 21, charLength: 17 },
      });
      expect(run.results[0].level).toBe('note');
      expect(run.results[0].fixes[0].artifactChanges[0].artifactLocation.uri).toBe('app/.dockerignore');
    });
  });
});
