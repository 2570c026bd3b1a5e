import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runBench } from '../bench/index.js';
import { build, formatBuildFailure, removeImage } from '../engine/index.js';
import { optimize } from '../optimize/index.js';
import { load } from '../project/index.js';
import { verificationText } from '../report/verification.js';
import { describeWithEngine } from '../test-support/docker.js';
import { worldFixtures } from '../test-support/world-fixtures.js';
import { probeImage } from './probe.js';
import type { VerificationReport } from './types.js';

/**
 * `--verify` end to end: on every fixture app (fixtures/optimize and the guide app) the rewrite
 * is the same application; a rewrite that drops a runtime extra, a runtime library, a setup
 * step's output or an environment variable is not, and the report names what was lost. Each
 * image is built once per case; BuildKit's cache makes the "before" of a broken case free.
 */
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cli = path.join(repo, 'dist/cli.js');

const apps = [
  ...worldFixtures().map((f) => ({ name: f.name, dir: f.dir, dockerfile: f.runs[0]!.dockerfile })),
  { name: 'guide-app', dir: 'examples/guide-app', dockerfile: 'Dockerfile' },
];

/** The rewrite of a fixture with one thing taken out: what a careless optimizer would ship. */
const broken = [
  {
    name: 'drops a runtime extra',
    fixture: 'editable-extra-console-script',
    edit: (text: string) => text.replace(`install '.[server]'`, `install '.'`),
    names: /uvicorn/,
  },
  {
    name: 'drops a runtime library (libpq5)',
    fixture: 'gcc-libpq',
    edit: (text: string) =>
      text.replace(/--no-install-recommends libpq5\n/, '--no-install-recommends netbase\n'),
    names: /libpq\.so\.5/,
  },
  {
    name: "drops a setup step's output",
    fixture: 'playwright-path',
    edit: (text: string) => text.replace(/RUN python -m snapkit\.fetch && chmod -R a\+rX \/ms-assets\n/, ''),
    names: /\/ms-assets\/engine-1187\//,
  },
  {
    name: 'drops an environment variable',
    fixture: 'hashed-requirements',
    edit: (text: string) => text.replace(/ \\\n\s*PIP_DISABLE_PIP_VERSION_CHECK="1"\n/, '\n'),
    names: /ENV PIP_DISABLE_PIP_VERSION_CHECK/,
  },
];

describeWithEngine('--verify: the rewrite is the same application', () => {
  let scratch: string;
  beforeAll(() => {
    scratch = mkdtempSync(path.join(tmpdir(), 'shipshape-verify-e2e-'));
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  for (const app of apps) {
    it(`${app.name}: the rewrite passes`, async () => {
      const started = performance.now();
      const report = await runBench({
        dir: app.dir,
        dockerfile: app.dockerfile,
        scenarios: [],
        runs: 1,
        verify: true,
        keep: false,
      });
      const verification = report.verification as VerificationReport;
      expect(verification.ok, verificationText(verification).join('\n')).toBe(true);
      expect(verification.behaviour.after?.healthy).toBe(true);
      expect(verification.behaviour.after?.idleMemoryBytes).toBeGreaterThan(0);
      process.stderr.write(`verify ${app.name}: ${Math.round((performance.now() - started) / 1000)} s\n`);
    }, 900_000);
  }

  it('finds a lost library by ldd, by the dynamic loader and by ELF DT_NEEDED entries (the distroless way)', async () => {
    const base = `shipshape-e2e-verify-libpq:${process.pid}`;
    const broken = `shipshape-e2e-verify-nolibpq:${process.pid}`;
    try {
      const context = path.join(repo, 'fixtures/optimize/gcc-libpq');
      const built = await build({ context, tag: base });
      expect(built.ok, built.ok ? '' : formatBuildFailure(built.failure)).toBe(true);
      const folder = mkdtempSync(path.join(scratch, 'nolibpq-'));
      writeFileSync(
        path.join(folder, 'Dockerfile'),
        `FROM ${base}\nRUN rm -f /usr/lib/*-linux-gnu/libpq.so.5*\n`,
      );
      const derived = await build({ context: folder, tag: broken });
      expect(derived.ok, derived.ok ? '' : formatBuildFailure(derived.failure)).toBe(true);
      for (const libraries of ['ldd', 'loader', 'elf'] as const) {
        const facts = await probeImage({
          image: broken,
          name: `shipshape-e2e-verify-${libraries}-${process.pid}`,
          folders: [],
          libraries,
        });
        expect(typeof facts, String(facts)).toBe('object');
        if (typeof facts === 'string') continue;
        expect(facts.libraries.method).toBe(libraries);
        expect(facts.libraries.unresolved).toContainEqual({
          extension: expect.stringMatching(/^psycopg2\/_psycopg\..*\.so$/),
          missing: ['libpq.so.5'],
        });
      }
    } finally {
      await removeImage(broken);
      await removeImage(base);
    }
  }, 600_000);

  for (const rewrite of broken) {
    it(`fails, naming it, on a rewrite that ${rewrite.name}`, async () => {
      const dir = path.join('fixtures/optimize', rewrite.fixture);
      const result = await optimize(await load(dir), { syntaxDirective: false });
      const edited = rewrite.edit(result.dockerfile);
      expect(edited).not.toBe(result.dockerfile);
      const folder = mkdtempSync(path.join(scratch, `${rewrite.fixture}-`));
      writeFileSync(path.join(folder, 'Dockerfile'), edited);
      writeFileSync(path.join(folder, '.dockerignore'), result.dockerignore);
      const run = await execa(
        'node',
        [cli, 'optimize', dir, '--verify', '--against', path.join(folder, 'Dockerfile'), '--json'],
        { reject: false, cwd: repo, timeout: 900_000 },
      );
      expect(run.exitCode, run.stderr).toBe(1);
      expect(run.stderr).toMatch(/is not the same application/);
      expect(run.stderr).toMatch(rewrite.names);
      const verification = JSON.parse(run.stdout).verification as VerificationReport;
      expect(verification.ok).toBe(false);
      const differences = verification.sections.flatMap((s) => s.differences.map((d) => d.detail));
      expect(differences.some((d) => rewrite.names.test(d))).toBe(true);
    }, 900_000);
  }
});
