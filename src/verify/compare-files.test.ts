import { describe, expect, it } from 'vitest';
import { compareFiles } from './compare-files.js';

const f = (size: number) => ({ size, kind: 'f' as const });

describe('compareFiles', () => {
  const base = { workdir: '/app', afterDockerignore: null, truncated: false };

  it('summarises files with the same path and size', () => {
    const files = { '/app/main.py': f(10), '~/.cache/app/assets.json': f(99) };
    const section = compareFiles({ ...base, before: files, after: files });
    expect(section.differences).toEqual([]);
    expect(section.equal).toBe('2 files with the same path and size');
  });

  it("names a setup step's missing output and a changed size", () => {
    const section = compareFiles({
      ...base,
      before: { '/ms-assets/engine/engine.dat': f(1048576), '/app/static/site.css': f(120) },
      after: { '/app/static/site.css': f(80) },
    });
    expect(section.differences.map((d) => d.detail)).toEqual([
      '/app/static/site.css is 80 bytes instead of 120',
      '/ms-assets/engine/engine.dat (file, 1048576 bytes) is missing',
    ]);
  });

  it(".dockerignore'd paths, dev folders, manifests and skeleton files may be absent, each with its reason", () => {
    const section = compareFiles({
      ...base,
      afterDockerignore: '*.md\n.git\n',
      namedRemovals: [{ path: '/healthcheck.sh', reason: 'line 47 replaced: a curl health-check script' }],
      before: {
        '/app/README.md': f(5),
        '/app/tests/test_app.py': f(5),
        '/app/uv.lock': f(5),
        '/app/build/lib/pkg/app.py': f(5),
        '/app/src/pkg.egg-info/PKG-INFO': f(5),
        '~/.bashrc': f(571),
        '/healthcheck.sh': f(67),
        '/app/main.py': f(5),
      },
      after: { '/app/main.py': f(5), '/app/.venv-link': { size: 0, kind: 'l' } },
    });
    expect(section.differences).toEqual([]);
    expect(section.allowed.map((a) => a.why)).toEqual([
      "kept out of the build context by the rewrite's .dockerignore",
      'left by installing the project (setuptools build/ and *.egg-info; the distribution is compared above)',
      'development only (tests/)',
      'dependency manifest, read at build time',
      'line 47 replaced: a curl health-check script',
      "the account's shell start-up file (another user's home)",
      'added by the rewrite',
    ]);
  });

  it('the Dockerfile under comparison may differ: it is copied with the source', () => {
    const section = compareFiles({
      ...base,
      buildFiles: ['Dockerfile', '.dockerignore'],
      before: { '/app/Dockerfile': f(430), '/app/.dockerignore': f(20), '/app/main.py': f(5) },
      after: { '/app/Dockerfile': f(2025), '/app/main.py': f(5) },
    });
    expect(section.differences).toEqual([]);
    expect(section.allowed[0]).toEqual({
      what: '2 files absent or changed (/app/.dockerignore, /app/Dockerfile)',
      why: 'the Dockerfile or ignore file under comparison (copied with the source)',
    });
  });

  it('a file that became a link is a difference; a truncated listing is said', () => {
    const section = compareFiles({
      ...base,
      truncated: true,
      before: { '/app/run': f(10) },
      after: { '/app/run': { size: 0, kind: 'l' } },
    });
    expect(section.differences.map((d) => d.detail)).toEqual([
      '/app/run is a link instead of a file, 10 bytes',
    ]);
    expect(section.notes[0]).toMatch(/limit/);
  });
});
