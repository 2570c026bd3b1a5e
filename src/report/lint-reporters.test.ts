import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { publishedSchema } from '../test-support/schemas.js';
import { parseXml, type XmlReference, xmlProblems } from '../test-support/xml.js';
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

  it('text: a long line is shown as a window around each finding, carets under it', () => {
    const prefix = `RUN true${' && echo x'.repeat(50)}`;
    const line = `${prefix} && pip install flask${' && echo y'.repeat(50)}`;
    const source = `FROM python:3.12\n${line}\n`;
    const column = prefix.length + ' && '.length + 1;
    const offset = 'FROM python:3.12\n'.length + column - 1;
    const finding = {
      ...findings.find((f) => f.rule === 'SS104')!,
      range: { start: position(2, column, offset), end: position(2, column + 17, offset + 17) },
    };
    const text = lintReporters.text(
      { ...report, findings: [finding], sources: { [finding.file]: source } },
      options,
    );
    const [shownLine, carets] = text.split('\n').filter((l) => /^\s+(2)? \|/.test(l));
    expect(shownLine!.length).toBeLessThan(200);
    expect(shownLine).toMatch(/^ {4}2 \| ….* && pip install flask && echo y.*…$/);
    // The carets stand exactly under `pip install flask` in the window.
    const caretStart = carets!.indexOf('^');
    expect(shownLine!.slice(caretStart, caretStart + 17)).toBe('pip install flask');
    expect(carets!.slice(caretStart)).toBe('^'.repeat(17));
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

/** The file element names and attributes Checkstyle's own XMLLogger writes (and hadolint, Jenkins' Warnings NG read). */
const CHECKSTYLE: XmlReference = {
  checkstyle: { attributes: ['version'], required: [], children: ['file'] },
  file: { attributes: ['name'], required: ['name'], children: ['error'] },
  error: {
    attributes: ['line', 'column', 'severity', 'message', 'source'],
    required: ['line', 'severity', 'message', 'source'],
    children: [],
  },
};

/** The JUnit XML elements and attributes of the Ant/Jenkins JUnit schema (JUnit.xsd) that CI systems read. */
const JUNIT: XmlReference = {
  testsuites: {
    attributes: ['name', 'tests', 'failures', 'errors', 'time', 'disabled'],
    required: [],
    children: ['testsuite'],
  },
  testsuite: {
    attributes: [
      'name',
      'tests',
      'failures',
      'errors',
      'skipped',
      'time',
      'timestamp',
      'hostname',
      'id',
      'package',
      'file',
    ],
    required: ['name', 'tests'],
    children: ['testcase', 'properties', 'system-out', 'system-err'],
  },
  testcase: {
    attributes: ['name', 'classname', 'time', 'file', 'line', 'assertions'],
    required: ['name'],
    children: ['failure', 'error', 'skipped', 'system-out', 'system-err'],
  },
  failure: { attributes: ['message', 'type'], required: [], children: [], text: true },
};

describe('CI report formats', () => {
  const clean: LintReport = { ...report, findings: [], sources: { 'app/Dockerfile': SOURCE } };

  it('gitlab: validates against the Code Quality schema written from GitLab’s docs', () => {
    const schema = JSON.parse(
      readFileSync(new URL('../test-support/gitlab-code-quality.schema.json', import.meta.url), 'utf8'),
    );
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    const issues = JSON.parse(lintReporters.gitlab(report, options));
    expect(validate(issues), JSON.stringify(validate.errors)).toBe(true);
    expect(issues).toHaveLength(findings.length);
    expect(issues[1]).toMatchObject({
      check_name: 'SS104',
      severity: 'major',
      location: {
        path: 'app/Dockerfile',
        positions: { begin: { line: 2, column: 5 }, end: { line: 2, column: 22 } },
      },
    });
    expect(issues.map((issue: { severity: string }) => issue.severity)).toEqual([
      'minor',
      'major',
      'critical',
    ]);
    expect(JSON.parse(lintReporters.gitlab(clean, options))).toEqual([]);
    // The schema really rejects a malformed issue, so the check above is not vacuous.
    expect(validate([{ ...issues[0], severity: 'warning' }])).toBe(false);
    expect(validate([{ ...issues[0], location: { path: './app/Dockerfile', lines: { begin: 1 } } }])).toBe(
      false,
    );
  });

  it('gitlab: fingerprints are unique per finding and survive lines moving', () => {
    const twice = [findings[1]!, { ...findings[1]!, range: { ...findings[1]!.range } }];
    const first = JSON.parse(lintReporters.gitlab({ ...report, findings: twice }, options));
    expect(new Set(first.map((issue: { fingerprint: string }) => issue.fingerprint)).size).toBe(2);
    const moved = twice.map((f) => ({
      ...f,
      range: { start: position(9, 5, 90), end: position(9, 22, 107) },
    }));
    const second = JSON.parse(lintReporters.gitlab({ ...report, findings: moved }, options));
    expect(second.map((issue: { fingerprint: string }) => issue.fingerprint)).toEqual(
      first.map((issue: { fingerprint: string }) => issue.fingerprint),
    );
  });

  it('checkstyle: well-formed XML with only the reference elements and attributes', () => {
    const tree = parseXml(lintReporters.checkstyle(report, options));
    expect(xmlProblems(tree, CHECKSTYLE, 'checkstyle')).toEqual([]);
    const errors = tree.children[0]!.children;
    expect(tree.children.map((file) => file.attributes.name)).toEqual(['app/Dockerfile']);
    expect(errors.map((error) => error.attributes.source)).toEqual(['SS109', 'SS104', 'SS401']);
    expect(errors[2]!.attributes).toEqual({
      line: '3',
      column: '1',
      severity: 'error',
      message: 'CMD in shell form, 100% sure: the server is not PID 1,\nuse JSON. (shell-form-command)',
      source: 'SS401',
    });
    const empty = parseXml(lintReporters.checkstyle(clean, options));
    expect(empty.children).toEqual([
      { name: 'file', attributes: { name: 'app/Dockerfile' }, children: [], text: '' },
    ]);
    // The checker is not vacuous: an unknown attribute and a crossed tag are caught.
    expect(
      xmlProblems(parseXml('<checkstyle><file name="a" x="1"/></checkstyle>'), CHECKSTYLE, 'checkstyle'),
    ).toEqual(['<file> has unknown attribute x']);
    expect(() => parseXml('<checkstyle><file></checkstyle></file>')).toThrow(/closes/);
    expect(() => parseXml('<checkstyle><file name="a & b"/></checkstyle>')).toThrow(/bare &/);
  });

  it('junit: one suite per file, one failed case per finding, counts that add up', () => {
    const tree = parseXml(lintReporters.junit(report, options));
    expect(xmlProblems(tree, JUNIT, 'testsuites')).toEqual([]);
    expect(tree.attributes).toMatchObject({ tests: '3', failures: '3', errors: '0' });
    const [suite] = tree.children;
    expect(suite!.attributes).toMatchObject({ name: 'app/Dockerfile', tests: '3', failures: '3' });
    expect(suite!.children.map((testcase) => testcase.attributes.name)).toEqual([
      'SS109 dockerignore-missing-or-weak at 1:6',
      'SS104 pip-cache-kept at 2:5',
      'SS401 shell-form-command at 3:1',
    ]);
    const failure = suite!.children[2]!.children[0]!;
    expect(failure.attributes).toEqual({ message: findings[2]!.message, type: 'error' });
    expect(failure.text).toContain('app/Dockerfile:3:1 error SS401 shell-form-command');
    const passing = parseXml(lintReporters.junit(clean, options));
    expect(xmlProblems(passing, JUNIT, 'testsuites')).toEqual([]);
    expect(passing.attributes).toMatchObject({ tests: '1', failures: '0' });
    expect(passing.children[0]!.children[0]!.children).toEqual([]);
  });

  it('XML formats drop characters XML cannot hold and escape the rest', () => {
    const hostile = [{ ...findings[1]!, file: 'a"<&>\u0007.Dockerfile', message: "it's <b>&\u0001</b>" }];
    for (const format of ['checkstyle', 'junit'] as const) {
      const tree = parseXml(lintReporters[format]({ ...report, findings: hostile, sources: {} }, options));
      expect(JSON.stringify(tree)).toContain('a\\"<&>.Dockerfile');
      expect(JSON.stringify(tree)).toContain("it's <b>&</b>");
    }
  });
});
