import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { legacySaveMembers, tarMembers } from './image/test-support/fixtures.js';
import { sampleImage } from './image/test-support/sample-image.js';
import { ruleCatalogue } from './rules/registry.js';

/**
 * The published shape, tested as a user gets it: `npm pack` of the built package (`npm run
 * build` first, as `npm test` does), installed by file into a fresh folder, imported by name.
 * The install resolves dependencies from the npm cache, or from the npm registry when the
 * cache lacks them; install scripts are skipped (the library needs no native build).
 */
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const scratch = mkdtempSync(path.join(tmpdir(), 'shipshape-pack-'));
const consumer = path.join(scratch, 'consumer');

const npm = (args: string[], cwd: string) =>
  execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 300_000 });

beforeAll(() => {
  const [packed] = JSON.parse(
    npm(['pack', '--ignore-scripts', '--json', '--pack-destination', scratch], repo),
  ) as Array<{ filename: string; files: Array<{ path: string }> }>;
  writeFileSync(path.join(scratch, 'files.json'), JSON.stringify(packed!.files.map((file) => file.path)));
  cpSync(path.join(repo, 'fixtures/projects/flask-requirements'), path.join(scratch, 'project'), {
    recursive: true,
  });
  mkdirSync(consumer);
  writeFileSync(
    path.join(consumer, 'package.json'),
    JSON.stringify({ name: 'consumer', private: true, type: 'module' }),
  );
  npm(
    [
      'install',
      '--prefer-offline',
      '--ignore-scripts',
      '--no-audit',
      '--no-fund',
      '--omit=dev',
      path.join(scratch, packed!.filename),
    ],
    consumer,
  );
}, 600_000);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** What the consumer script prints: every API call's result in brief. */
const CONSUMER = `
import { readFileSync, writeFileSync } from 'node:fs';
import * as shipshape from 'shipshape';
const { applyFixes, inspectImage, isUserError, lintProject, lintText, loadProject, optimize, projectFromFiles, rules } = shipshape;
const project = await loadProject(process.argv[2]);
const findings = await lintProject(project);
const text = await lintText('FROM python:3.12-slim\\nRUN pip install flask\\n', { select: ['SS104'] });
const fromMemory = await projectFromFiles({ Dockerfile: readFileSync(process.argv[2] + '/Dockerfile', 'utf8') });
const fixes = await applyFixes(project);
const optimized = await optimize(project);
const image = await inspectImage({ tarball: process.argv[3] });
let refusal = null;
try { await loadProject(process.argv[2] + '/missing'); } catch (error) { refusal = { user: isUserError(error), message: error.message }; }
const catalogue = rules();
writeFileSync(process.argv[4], JSON.stringify({
  exports: Object.keys(shipshape).sort(),
  manager: project.manager.name,
  rules: [...new Set(findings.map((f) => f.rule))].sort(),
  text: text.map((f) => [f.rule, f.range.start.line, f.range.start.column]),
  memoryRoot: fromMemory.root,
  fixedFiles: Object.keys(fixes.changed).sort(),
  applied: fixes.applied.map((a) => a.rule),
  optimized: { from: (optimized.dockerfile.match(/^FROM .*/gm) ?? []).length, ignore: optimized.dockerignore.length > 0, ledger: optimized.ledger.length, changes: optimized.explanation.changes.length },
  image: { layers: image.layers.length, source: image.source },
  refusal,
  catalogue: { count: catalogue.length, first: catalogue[0] && { code: catalogue[0].code, hasDocs: Boolean(catalogue[0].docs.why), markdown: catalogue[0].markdown.startsWith('# ' + catalogue[0].code) } },
}));
`;

/** A TypeScript consumer, checked against the published declarations. */
const TYPED_CONSUMER = `
import { type Finding, lintText, type Project, projectFromFiles, rules } from 'shipshape';
const project: Project = await projectFromFiles({ Dockerfile: 'FROM python:3.12-slim\\n' });
const findings: Finding[] = await lintText('FROM python:3.12-slim\\n', { project, severity: { SS301: 'error' } });
const codes: string[] = rules().map((rule) => rule.code);
export const summary = { findings: findings.length, codes };
`;

describe('the packed package, imported by name', () => {
  it('ships the built entry point, declarations and docs, and no sources or tests', () => {
    const files = JSON.parse(readFileSync(path.join(scratch, 'files.json'), 'utf8')) as string[];
    expect(files).toEqual(
      expect.arrayContaining([
        'dist/index.js',
        'dist/index.d.ts',
        'dist/bin.cjs',
        'dist/cli.js',
        'package.json',
      ]),
    );
    expect(files.filter((file) => file.startsWith('src/') || /\.test\.(js|d\.ts)$/.test(file))).toEqual([]);
    const manifest = JSON.parse(
      readFileSync(path.join(consumer, 'node_modules/shipshape/package.json'), 'utf8'),
    );
    expect(manifest).toMatchObject({
      main: 'dist/index.js',
      types: 'dist/index.d.ts',
      exports: { '.': { types: './dist/index.d.ts', import: './dist/index.js' } },
    });
  });

  it('installs a bin that answers --version, lints, and hands other lines to the ES module CLI', () => {
    const bin = path.join(consumer, 'node_modules/.bin/shipshape');
    // The cache goes beside the installed package (node_modules/.cache/shipshape).
    const env = { ...process.env, SHIPSHAPE_CACHE_DIR: '', SHIPSHAPE_NO_CACHE: '', NO_COLOR: '1' };
    const run = (args: string[]) => spawnSync(bin, args, { cwd: consumer, encoding: 'utf8', env });
    const version = run(['--version']);
    expect(version.status, version.stderr).toBe(0);
    expect(version.stdout.trim()).toBe(
      (JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8')) as { version: string }).version,
    );
    const project = path.join(scratch, 'project');
    const quick = run(['lint', '--format', 'json', project]);
    const full = run(['lint', '-fjson', project]); // `-fjson` is commander's to read (lint-argv.ts)
    expect(quick.status, quick.stderr).toBe(1);
    expect(full.status, full.stderr).toBe(1);
    expect(JSON.parse(quick.stdout)).toEqual(JSON.parse(full.stdout));
    expect(readdirSync(path.join(consumer, 'node_modules/.cache/shipshape')).join(' ')).toMatch(/lint-code-/);
  }, 120_000);

  it('exercises the whole API from a plain ES module', async () => {
    const tarball = path.join(scratch, 'image.tar');
    const { layers, config } = await sampleImage();
    writeFileSync(tarball, await tarMembers(legacySaveMembers(layers, config)));
    const out = path.join(scratch, 'out.json');
    writeFileSync(path.join(consumer, 'use.mjs'), CONSUMER);
    execFileSync('node', ['use.mjs', path.join(scratch, 'project'), tarball, out], {
      cwd: consumer,
      stdio: 'inherit',
    });
    const result = JSON.parse(readFileSync(out, 'utf8'));
    expect(result.exports).toEqual([
      'UserError',
      'applyFixes',
      'inspectImage',
      'isUserError',
      'lintProject',
      'lintText',
      'loadProject',
      'optimize',
      'projectFromFiles',
      'rules',
    ]);
    expect(result.manager).toBe('pip');
    expect(result.rules.length).toBeGreaterThan(0);
    expect(result.text).toEqual([['SS104', 2, 5]]);
    expect(result.memoryRoot).toBe('/project');
    expect(result.fixedFiles).toContain('Dockerfile');
    expect(result.applied.length).toBeGreaterThan(0);
    expect(result.optimized.from).toBeGreaterThanOrEqual(2);
    expect(result.optimized.ignore).toBe(true);
    expect(result.optimized.ledger).toBeGreaterThan(0);
    expect(result.image.layers).toBe(layers.length);
    expect(result.refusal.user).toBe(true);
    expect(result.refusal.message).toMatch(/does not exist/);
    expect(result.catalogue.count).toBe(ruleCatalogue().length);
    expect(result.catalogue.first).toEqual({ code: 'SS001', hasDocs: true, markdown: true });
    // The folder given to the library is read, never written.
    expect(readFileSync(path.join(scratch, 'project/Dockerfile'), 'utf8')).toBe(
      readFileSync(path.join(repo, 'fixtures/projects/flask-requirements/Dockerfile'), 'utf8'),
    );
  }, 120_000);

  it('type-checks a TypeScript consumer against the published declarations', () => {
    writeFileSync(path.join(consumer, 'use.ts'), TYPED_CONSUMER);
    writeFileSync(
      path.join(consumer, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          types: [],
        },
        files: ['use.ts'],
      }),
    );
    const tsc = path.join(repo, 'node_modules/typescript/bin/tsc');
    expect(() =>
      execFileSync('node', [tsc, '-p', 'tsconfig.json'], { cwd: consumer, encoding: 'utf8' }),
    ).not.toThrow();
    writeFileSync(
      path.join(consumer, 'use.ts'),
      `${TYPED_CONSUMER}\nexport const wrong: number = rules()[0]!.code;\n`,
    );
    expect(() =>
      execFileSync('node', [tsc, '-p', 'tsconfig.json'], { cwd: consumer, encoding: 'utf8', stdio: 'pipe' }),
    ).toThrow();
  }, 120_000);
});
