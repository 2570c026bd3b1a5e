import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type PublishedSchema, publishedSchema } from '../test-support/schemas.js';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../..');
const readYaml = (file: string) => parse(readFileSync(join(repo, file), 'utf8'));
const schema = (name: PublishedSchema) => publishedSchema(name);

describe('.pre-commit-hooks.yaml', () => {
  const hooks = readYaml('.pre-commit-hooks.yaml') as Array<Record<string, unknown>>;
  const hook = hooks.find((h) => h.id === 'shipshape-lint')!;

  it('validates against the pre-commit hooks schema and declares shipshape-lint as a node hook', () => {
    const validate = new Ajv({ strict: false, allErrors: true }).compile(schema('pre-commit-hooks'));
    expect(validate(hooks), JSON.stringify(validate.errors)).toBe(true);
    expect(hook).toMatchObject({ name: 'shipshape lint', entry: 'shipshape lint', language: 'node' });
  });

  it.each([
    ['Dockerfile', true],
    ['services/api/Dockerfile', true],
    ['Dockerfile.prod', true],
    ['deploy/api.Dockerfile', true],
    ['Containerfile', true],
    ['README.md', false],
    ['src/dockerfile_utils.py', false],
    ['docs/Dockerfiles/notes.md', false],
  ])('its files pattern matches %s: %s', (file, matches) => {
    expect(new RegExp(String(hook.files)).test(file)).toBe(matches);
  });
});

describe('action.yml', () => {
  const action = readYaml('action.yml') as {
    inputs: Record<string, { default?: string }>;
    runs: { using: string; steps: Array<{ run?: string; env?: Record<string, string>; uses?: string }> };
  };
  const step = action.runs.steps.find((s) => s.run)!;
  const scratch = mkdtempSync(join(tmpdir(), 'shipshape-action-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('validates against the GitHub action schema as a composite action with pinned steps', () => {
    const validate = new Ajv({ strict: false, allErrors: true }).compile(schema('github-action'));
    expect(validate(action), JSON.stringify(validate.errors)).toBe(true);
    expect(action.runs.using).toBe('composite');
    for (const s of action.runs.steps) if (s.uses) expect(s.uses).toMatch(/@v\d+\.\d+\.\d+$/);
    for (const input of [
      'command',
      'path',
      'format',
      'fail-on',
      'image',
      'max-size',
      'max-wasted',
      'min-efficiency',
    ]) {
      expect(action.inputs).toHaveProperty(input);
    }
  });

  it('runs the shipshape release this package is', () => {
    const manifest = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { version: string };
    expect(action.inputs.version!.default).toBe(manifest.version);
  });

  /** Runs the action's script with a stand-in `npx` that prints the arguments it got, one per line. */
  async function runScript(inputs: Record<string, string>) {
    const bin = join(scratch, 'bin');
    rmSync(bin, { recursive: true, force: true });
    mkdirSync(bin, { recursive: true });
    writeFileSync(join(bin, 'npx'), '#!/bin/sh\nfor a in "$@"; do printf "%s\\n" "$a"; done\n');
    chmodSync(join(bin, 'npx'), 0o755);
    const env: Record<string, string> = {};
    for (const [name, expression] of Object.entries(step.env!)) {
      const input = /inputs\.([\w-]+)/.exec(expression)![1]!;
      env[name] = inputs[input] ?? action.inputs[input]!.default ?? '';
    }
    return execa('bash', ['-c', step.run!], {
      env: { ...env, PATH: `${bin}:${process.env.PATH}` },
      reject: false,
    });
  }

  it('passes lint inputs through as separate arguments', async () => {
    const result = await runScript({ path: 'my app', output: 'shipshape.sarif', format: 'sarif' });
    expect(result.exitCode).toBe(0);
    expect(result.stdout.split('\n')).toEqual([
      '--yes',
      'shipshape@0.1.0',
      'lint',
      'my app',
      '--format',
      'sarif',
      '--output',
      'shipshape.sarif',
    ]);
  });

  it('passes check budgets and never runs input text as shell', async () => {
    const result = await runScript({
      command: 'check',
      image: 'api:ci; touch pwned',
      'max-size': '200MB',
      'fail-on': 'error',
    });
    expect(result.exitCode).toBe(0);
    expect(result.stdout.split('\n')).toEqual([
      '--yes',
      'shipshape@0.1.0',
      'check',
      '.',
      '--fail-on',
      'error',
      '--image',
      'api:ci; touch pwned',
      '--max-size',
      '200MB',
    ]);
  });

  it('refuses an unknown command with exit 2', async () => {
    const result = await runScript({ command: 'deploy' });
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toContain("command must be lint or check, not 'deploy'");
  });
});
