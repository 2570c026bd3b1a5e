import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { load } from '../project/index.js';
import {
  appendComment,
  applyDependencyVariant,
  mainSourceFile,
  prepareDependencyChange,
} from './mutations.js';
import { createWorkspace, type Workspace } from './workspace.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const fixture = (name: string) => path.join(repo, name);
const made: Workspace[] = [];
afterAll(() => {
  for (const workspace of made) rmSync(workspace.root, { recursive: true, force: true });
});

function workspaceFor(dir: string): Workspace {
  const workspace = createWorkspace(dir, 'Dockerfile', {
    dockerfile: 'FROM scratch\n',
    dockerignore: 'tests/\n',
  });
  made.push(workspace);
  return workspace;
}

describe('bench changes, made in the temporary copies only', () => {
  it('finds the main source file from the app object', async () => {
    const guide = await load(fixture('examples/guide-app'));
    expect(mainSourceFile(guide, guide.root)).toBe('src/main.py');
    const django = await load(fixture('fixtures/projects/django-poetry'));
    expect(mainSourceFile(django, django.root)).toBe('mysite/wsgi.py');
  });

  it('gives each side its own Dockerfile and .dockerignore and appends a unique comment to both', async () => {
    const dir = fixture('fixtures/projects/flask-requirements');
    const original = readFileSync(path.join(dir, 'app.py'), 'utf8');
    const workspace = workspaceFor(dir);
    expect(readFileSync(workspace.dockerfile.after, 'utf8')).toBe('FROM scratch\n');
    expect(readFileSync(workspace.dockerfile.before, 'utf8')).toBe(
      readFileSync(path.join(dir, 'Dockerfile'), 'utf8'),
    );
    expect(readFileSync(path.join(workspace.context.after, '.dockerignore'), 'utf8')).toBe('tests/\n');

    appendComment(workspace, 'app.py', 2);
    for (const side of ['before', 'after'] as const) {
      const text = readFileSync(path.join(workspace.context[side], 'app.py'), 'utf8');
      expect(text).toBe(`${original}\n# shipshape bench code change ${workspace.id}-2\n`);
    }
    expect(readFileSync(path.join(dir, 'app.py'), 'utf8')).toBe(original);
  });

  it('appends a different missing package per run to requirements.txt', async () => {
    const project = await load(fixture('fixtures/projects/flask-requirements'));
    const workspace = workspaceFor(project.root);
    const change = await prepareDependencyChange({
      project,
      workspace,
      runs: 2,
      baseImage: 'python:3.11-slim',
      dockerfiles: [],
    });
    if (typeof change === 'string') throw new Error(change);
    expect(change.variants.map((variant) => variant.package)).toEqual(['six', 'colorama']);
    expect(change.description).toMatch(/requirements\.txt/);
    applyDependencyVariant(workspace, change.variants[1]!.files);
    const text = readFileSync(path.join(workspace.context.after, 'requirements.txt'), 'utf8');
    expect(text).toMatch(/^flask==/m);
    expect(text.trimEnd().split('\n').at(-1)).toBe('colorama');
    expect(readFileSync(path.join(workspace.context.before, 'requirements.txt'), 'utf8')).toBe(text);
  });
});
