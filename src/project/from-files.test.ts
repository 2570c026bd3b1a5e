import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { isUserError } from '../errors.js';
import { removeProjectCopies, writeProject } from '../test-support/project-copies.js';
import { load, loadSnapshot, loadWithText, projectFromFiles } from './read.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const projects = [
  'examples/guide-app',
  ...readdirSync(path.join(repo, 'fixtures/projects'))
    .filter((name) => statSync(path.join(repo, 'fixtures/projects', name)).isDirectory())
    .map((name) => `fixtures/projects/${name}`),
];

/** Every file of a folder as text, the way a test or an editor would hand them over. */
function textsOf(root: string, dir = ''): Record<string, string> {
  const texts: Record<string, string> = {};
  for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const relative = dir ? `${dir}/${entry.name}` : entry.name;
    if (entry.isDirectory()) Object.assign(texts, textsOf(root, relative));
    else if (entry.isFile()) texts[relative] = readFileSync(path.join(root, relative), 'utf8');
  }
  return texts;
}

afterAll(removeProjectCopies);

describe('projectFromFiles: the same model as load, from memory', () => {
  it.each(projects)('builds %s exactly as load does', async (folder) => {
    const root = path.join(repo, folder);
    const fromDisk = await load(root);
    const fromMemory = await projectFromFiles(textsOf(root), { root });
    expect(fromMemory).toEqual(fromDisk);
  });

  it('rebuilds from a snapshot with one file replaced, without reading the disk again', async () => {
    const root = path.join(repo, 'examples/guide-app');
    const { project, snapshot } = await loadSnapshot(root);
    const unsaved = `${snapshot.files.Dockerfile}EXPOSE 9999\n`;
    const edited = await projectFromFiles(
      { ...snapshot.files, Dockerfile: unsaved },
      { root, listed: snapshot.listed },
    );
    expect(edited.entries).toEqual(project.entries);
    expect(edited.server.app).toBe(project.server.app);
    expect(edited.dockerfile?.model.text).toBe(unsaved);
    expect(edited.server.ports).toContain(9999);
  });

  it('models a project given as two texts', async () => {
    const project = await projectFromFiles({
      Dockerfile: 'FROM python:3.12-slim\nCOPY . /app\nCMD ["uvicorn", "main:app", "--port", "9000"]\n',
      'requirements.txt': 'fastapi==0.110.0\nuvicorn==0.29.0\n',
      'main.py': 'from fastapi import FastAPI\napp = FastAPI()\n',
    });
    expect(project.root).toBe('/project');
    expect(project.manager.name).toBe('pip');
    expect(project.server).toMatchObject({ framework: 'fastapi', app: 'main:app', ports: [9000] });
    expect(project.entries.map((entry) => entry.name)).toEqual(['Dockerfile', 'main.py', 'requirements.txt']);
  });

  it('refuses a named Dockerfile that is not among the files, and malformed texts, in one sentence', async () => {
    const refusal = async (promise: Promise<unknown>) => {
      try {
        await promise;
      } catch (error) {
        expect(isUserError(error)).toBe(true);
        return (error as Error).message;
      }
      throw new Error('expected a refusal');
    };
    expect(
      await refusal(projectFromFiles({ Dockerfile: 'FROM x\n' }, { dockerfile: 'api.Dockerfile' })),
    ).toBe('The Dockerfile api.Dockerfile does not exist; check the --dockerfile path.');
    expect(
      await refusal(projectFromFiles({ Dockerfile: 'FROM x\n', 'pyproject.toml': '[project\n' })),
    ).toMatch(/^pyproject\.toml/);
    expect(await refusal(projectFromFiles({ Dockerfile: 'FROM x\n\0' }))).toBe(
      'Dockerfile is a binary file (it contains NUL bytes), not a Dockerfile.',
    );
    const action = `runs:\n  using: docker\n  image: Dockerfile\n${'#'.repeat(1_100_000)}\n`;
    expect(await refusal(projectFromFiles({ Dockerfile: 'FROM x\n', 'action.yml': action }))).toMatch(
      /^action\.yml is 1(\.\d)? MiB, .*; is it really a GitHub Action metadata file\?$/,
    );
  });

  it('loadWithText follows what the given text names, and leaves the disk as it was', async () => {
    const dir = writeProject(
      { Dockerfile: 'FROM python:3.12-slim\n', 'deps/prod.txt': 'flask==3.0.0\n' },
      'shipshape-overlay-',
    );
    const text = 'FROM python:3.12-slim\nCOPY deps deps\nRUN pip install -r deps/prod.txt\n';
    const project = await loadWithText(dir, 'Dockerfile', text);
    expect(project.dockerfile?.model.text).toBe(text);
    expect(project.requirements.map((file) => file.path)).toEqual(['deps/prod.txt']);
    const named = await loadWithText(dir, 'api.Dockerfile', text);
    expect(named.dockerfiles.map((entry) => entry.path)).toEqual(['api.Dockerfile']);
    expect(named.entries.map((entry) => entry.name)).toContain('api.Dockerfile');
    expect((await load(dir)).dockerfile?.model.text).toBe('FROM python:3.12-slim\n');
  });
});
