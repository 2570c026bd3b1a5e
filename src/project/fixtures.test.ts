import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { lockedPackage } from './queries.js';
import { load } from './read.js';
import { hasWheelFor } from './wheels.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

describe('real projects', () => {
  it('models examples/guide-app (the guide’s app)', async () => {
    const project = await load(path.join(repo, 'examples/guide-app'));
    expect(project.manager.name).toBe('uv');
    expect(project.lock?.kind).toBe('uv');
    expect(project.pyproject?.isPackage).toBe(true);
    const dev = project.dependencySets.find((set) => set.id === 'group:dev');
    expect(dev?.dev).toBe(true);
    expect(dev?.requirements.map((requirement) => requirement.name)).toContain('pytest');
    expect(project.dependencySets.find((set) => set.id === 'extra:crawl')?.dev).toBe(false);
    expect(project.devOnlyPackages).toContain('pytest');
    expect(project.devOnlyPackages).not.toContain('fastapi');
    expect(project.server.framework).toBe('fastapi');
    expect(project.server.frameworks.map((fact) => fact.name)).toContain('mcp');
    expect(project.server.app).toBe('src.main:app');
    expect(project.server.ports).toEqual([8080, 8051]);
    expect(project.server.health).toBe('/health');
    expect(project.server.command).toMatchObject({ runner: 'uv', program: 'uvicorn', origin: 'CMD' });
    const pydanticCore = lockedPackage(project, 'pydantic_core');
    expect(pydanticCore && hasWheelFor(pydanticCore, { python: '3.13', libc: 'glibc', arch: 'x86_64' })).toBe(
      true,
    );
    expect(project.dockerfile?.model.stages).toHaveLength(1);
  });

  it('models fixtures/projects/django-poetry', async () => {
    const project = await load(path.join(repo, 'fixtures/projects/django-poetry'));
    expect(project.manager.name).toBe('poetry');
    expect(project.requiresPython).toBe('^3.11');
    expect(project.pyproject?.isPackage).toBe(false);
    expect(project.devSets).toEqual(['poetry:dev']);
    expect(project.devOnlyPackages).toEqual(expect.arrayContaining(['pytest', 'pytest-django']));
    expect(project.server).toMatchObject({
      framework: 'django',
      app: 'mysite.wsgi:application',
      ports: [8000],
    });
  });

  it('models fixtures/projects/flask-requirements', async () => {
    const project = await load(path.join(repo, 'fixtures/projects/flask-requirements'));
    expect(project.manager.name).toBe('pip');
    expect(project.requirements.find((file) => file.path === 'requirements-dev.txt')).toMatchObject({
      dev: true,
      includes: ['requirements.txt'],
    });
    expect(project.devOnlyPackages).toEqual(['pytest']);
    expect(project.server).toMatchObject({
      framework: 'flask',
      app: 'app:app',
      ports: [5000],
      health: '/healthz',
    });
  });

  it('models fixtures/projects/guide-multistage', async () => {
    const project = await load(path.join(repo, 'fixtures/projects/guide-multistage'));
    expect(project.dockerfile?.model.stages.map((stage) => stage.name)).toEqual(['builder', null]);
    expect(project.server).toMatchObject({ app: 'src.main:app', ports: [8080, 8051], health: '/health' });
    expect(project.server.command?.runner).toBeNull();
  });
});
