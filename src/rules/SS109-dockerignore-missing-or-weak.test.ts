import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { load } from '../project/index.js';
import { runRules } from './run.js';
import { rule } from './SS109-dockerignore-missing-or-weak.js';
import { ruleTester } from './test-support/tester.js';

const STRONG = '.git\n.venv\nvenv\n**/__pycache__\n.env\n';

ruleTester(rule, {
  valid: [
    { dockerfile: 'FROM python:3.12-slim\nCOPY . /app\n', files: { '.dockerignore': STRONG } },
    {
      name: 'an allow-list .dockerignore',
      dockerfile: 'FROM python:3.12-slim\nCOPY . /app\n',
      files: { '.dockerignore': '*\n!app/\n!pyproject.toml\n!uv.lock\n**/__pycache__\n' },
    },
    {
      name: 'no COPY . at all',
      dockerfile: 'FROM python:3.12-slim\nCOPY app/ /app/\n',
    },
    {
      name: 'a deliberate !.env is respected',
      dockerfile: 'FROM python:3.12-slim\nCOPY . /app\n',
      files: { '.dockerignore': '.git\n.venv\nvenv\n**/__pycache__\n.env\n!.env\n' },
    },
  ],
  invalid: [
    {
      name: 'no .dockerignore',
      dockerfile: 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n',
      errors: [{ line: 3, column: 6, endLine: 3, endColumn: 7, message: /there is no \.dockerignore/ }],
    },
    {
      name: 'a weak one: top-level __pycache__ only, no .env',
      dockerfile: 'FROM python:3.12-slim\nADD ./ /app\n',
      files: { '.dockerignore': '.git\n.venv\nvenv\n__pycache__' },
      errors: [{ line: 2, column: 5, endColumn: 7, message: /lets `__pycache__`, `\.env` through `ADD \.`/ }],
    },
  ],
});

describe('SS109 fix', () => {
  const lint = async (files: Record<string, string>) => {
    const root = mkdtempSync(join(tmpdir(), 'shipshape-ss109-'));
    try {
      writeFileSync(join(root, 'Dockerfile'), 'FROM python:3.12-slim\nCOPY . /app\n');
      for (const [name, content] of Object.entries(files)) writeFileSync(join(root, name), content);
      const project = await load(root);
      return runRules(project, project.dockerfile!.model, 'Dockerfile', {
        rules: [rule],
        select: [rule.code],
      });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  };

  it('writes a new .dockerignore with the essentials', async () => {
    const [finding] = await lint({});
    const edit = finding?.fix?.edits[0];
    expect(finding?.fix?.applicability).toBe('safe');
    expect(edit).toMatchObject({ file: '.dockerignore', start: 0, end: 0 });
    const lines = edit!.content.split('\n');
    for (const pattern of ['.git', '.venv', 'venv', '**/__pycache__', '.env'])
      expect(lines).toContain(pattern);
  });

  it('appends only what is missing, after a newline', async () => {
    const existing = '.git\n.venv\nvenv\n__pycache__';
    const [finding] = await lint({ '.dockerignore': existing });
    expect(finding?.fix?.edits).toEqual([
      {
        file: '.dockerignore',
        start: existing.length,
        end: existing.length,
        content: '\n# Added by shipshape (SS109)\n**/__pycache__\n.env\n',
      },
    ]);
  });
});
