import { describe, expect, it } from 'vitest';
import { load } from '../project/index.js';
import { optimize } from './index.js';
import { packagesWithoutMuslWheels } from './variants.js';

describe('variants', () => {
  it('alpine: lists locked packages without musllinux wheels and refuses without --force', async () => {
    const project = await load('examples/guide-app');
    const missing = packagesWithoutMuslWheels(project, '3.13');
    expect(missing).not.toContain('pywin32');
    if (missing.length > 0) {
      await expect(optimize(project, { variant: 'alpine' })).rejects.toThrow(/--force/);
    }
    const forced = await optimize(project, { variant: 'alpine', force: true });
    expect(forced.dockerfile).toMatch(/^FROM python:3\.13-alpine AS builder$/m);
    expect(forced.dockerfile).toMatch(/adduser -S -D -u 10001/);
    expect(forced.dockerfile).not.toMatch(/apt-get/);
    // Accepting the compile with --force leaves exactly the finding that names it.
    expect(forced.remainingFindings.map((f) => f.rule)).toEqual(missing.length > 0 ? ['SS114'] : []);
  });

  it('alpine: build-base only in the builder, runtime libraries mapped to Alpine names', async () => {
    const project = await load('fixtures/projects/psycopg-compiled');
    const { dockerfile } = await optimize(project, { variant: 'alpine' });
    const [builder, shipped] = dockerfile.split(/\nFROM python:3\.11-alpine\n/);
    expect(builder).toMatch(/apk add --update-cache build-base postgresql-dev/);
    expect(shipped).toMatch(/apk add --update-cache libpq\n/);
    expect(shipped).not.toMatch(/build-base|postgresql-dev/);
  });

  it('distroless: exit 2 explaining the Python mismatch', async () => {
    const project = await load('fixtures/projects/flask-requirements');
    await expect(optimize(project, { variant: 'distroless' })).rejects.toThrow(
      /ships Python 3\.13 but the project builds with Python 3\.11: a venv cannot move between them/,
    );
  });

  it('distroless: refuses runtime packages it cannot install, all reasons at once', async () => {
    const project = await load('fixtures/projects/playwright-style');
    await expect(optimize(project, { variant: 'distroless' })).rejects.toThrow(
      /has only Python — no shell, package manager or other programs.*runtime package\(s\) fonts-dejavu-core cannot be installed without apt/,
    );
  });
});
