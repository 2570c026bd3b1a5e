import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** The projects optimize has golden files for, and builds end to end. */
export const OPTIMIZE_FIXTURES = [
  'examples/guide-app',
  'fixtures/projects/uv-fastapi',
  'fixtures/projects/flask-requirements',
  'fixtures/projects/django-poetry',
  'fixtures/projects/pdm-app',
  'fixtures/projects/pipenv-app',
  'fixtures/projects/psycopg-compiled',
  'fixtures/projects/playwright-style',
  'fixtures/projects/no-dockerfile',
].filter((dir) => existsSync(dir));

const copies: string[] = [];

/**
 * A throwaway copy of a project folder, with `edit` applied to those of `files` that exist.
 * Remove them all with `removeProjectCopies` (in an afterAll).
 */
export function copyProject(dir: string, edit?: (text: string) => string, files = ['Dockerfile']): string {
  const target = mkdtempSync(join(tmpdir(), 'shipshape-project-'));
  copies.push(target);
  cpSync(dir, target, { recursive: true });
  for (const file of edit ? files : []) {
    const path = join(target, file);
    if (existsSync(path)) writeFileSync(path, edit!(readFileSync(path, 'utf8')));
  }
  return target;
}

/** A throwaway project folder made of `files` (paths may name subfolders); removed by `removeProjectCopies`. */
export function writeProject(files: Record<string, string | Buffer>, prefix = 'shipshape-project-'): string {
  const target = mkdtempSync(join(tmpdir(), prefix));
  copies.push(target);
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(target, name)), { recursive: true });
    writeFileSync(join(target, name), content);
  }
  return target;
}

/** A copy of a project on Python 3.11 moved to 3.13, the distroless image's Python (base image and Pipfile). */
export function copyOnPython313(dir: string): string {
  return copyProject(
    dir,
    (text) =>
      text
        .replaceAll('python:3.11-slim', 'python:3.13-slim')
        .replace(/("?python_version"?\s*[=:]\s*)"3\.11"/g, '$1"3.13"'),
    ['Dockerfile', 'Pipfile', 'Pipfile.lock'],
  );
}

export function removeProjectCopies(): void {
  for (const dir of copies.splice(0)) rmSync(dir, { recursive: true, force: true });
}
