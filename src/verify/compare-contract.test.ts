import { describe, expect, it } from 'vitest';
import { compareContract, runtimeArgv, writableCandidates } from './compare-contract.js';
import { config, probe } from './test-facts.js';

const side = (c = config(), p = probe()) => ({ config: c, probe: p });

describe('compareContract', () => {
  it('summarises an unchanged contract', () => {
    const section = compareContract(side(), side());
    expect(section.differences).toEqual([]);
    expect(section.equal).toMatch(/^2 environment variables, 1 exposed port/);
  });

  it('names a dropped and a changed environment variable', () => {
    const before = config({ env: ['PATH=/usr/bin', 'PIP_DISABLE_PIP_VERSION_CHECK=1', 'PORT=8181'] });
    const after = config({ env: ['PATH=/app/.venv/bin:/usr/bin', 'PORT=8000'] });
    const section = compareContract(side(before), side(after));
    expect(section.differences.map((d) => d.detail)).toEqual([
      'ENV PIP_DISABLE_PIP_VERSION_CHECK ("1") is missing',
      'ENV PORT is "8000" instead of "8181"',
    ]);
    expect(section.allowed.map((a) => a.what)).toContain('PATH');
  });

  it("allows optimize's named changes: venv settings, the command's form, root → non-root, a rewritten health check", () => {
    const before = config({
      cmd: ['uv', 'run', 'uvicorn', 'main:app', '--reload'],
      healthcheck: { test: ['CMD-SHELL', 'curl -f http://localhost:8000/health'] },
    });
    const after = config({
      user: 'app',
      env: ['PATH=/app/.venv/bin:/usr/local/bin:/usr/bin:/bin', 'LANG=C.UTF-8', 'VIRTUAL_ENV=/app/.venv'],
      cmd: ['/app/.venv/bin/uvicorn', 'main:app'],
      healthcheck: { test: ['CMD', 'python', '-c', 'import urllib.request'] },
    });
    const section = compareContract(
      side(before),
      side(after, probe({ user: { uid: 10001, gid: 10001, home: '/home/app' } })),
    );
    expect(section.differences).toEqual([]);
    expect(section.allowed.map((a) => a.why)).toEqual([
      'the rewrite puts its venv first',
      'set by the rewrite',
      "optimize's named changes (exec form on the venv, runner prefix, reload flags, program path)",
      'root → non-root is the intended change',
      'rewritten as the same probe (Python instead of curl, or exec form)',
    ]);
  });

  it('a runner script (`pdm run start`) is compared by the command the project names for it', () => {
    const before = config({ cmd: ['pdm', 'run', 'start'] });
    const after = config({ cmd: ['/app/.venv/bin/uvicorn', 'app:app', '--port', '8000'] });
    const scripts = { start: ['uvicorn', 'app:app', '--port', '8000'] };
    expect(compareContract(side(before), side(after), scripts).differences).toEqual([]);
    expect(compareContract(side(before), side(after)).differences.map((d) => d.what)).toEqual(['command']);
  });

  it('names a changed command, lost port, other user, other WORKDIR and lost HEALTHCHECK', () => {
    const before = config({ user: 'web', healthcheck: { test: ['CMD', 'true'] } });
    const after = config({ user: 'app', cmd: ['flask', 'run'], exposedPorts: [], workingDir: '/srv' });
    const section = compareContract(
      side(before, probe({ user: { uid: 1001, gid: 1001, home: '/home/web' } })),
      side(after, probe({ user: { uid: 10001, gid: 10001, home: '/home/app' } })),
    );
    expect(section.differences.map((d) => d.what)).toEqual([
      'port 8000',
      'command',
      'user',
      'WORKDIR',
      'HEALTHCHECK',
    ]);
  });

  it('a folder the original user could write to must stay writable (venvs aside)', () => {
    const before = probe({ writable: { '/app': true, '/data': true, '/venv': true, '/opt': false } });
    before.environments.push({ python: '/venv/bin/python', prefix: '/venv', sites: [] });
    const after = probe({ writable: { '/app': true, '/data': false, '/venv': false, '/opt': false } });
    const section = compareContract(side(config(), before), side(config({ user: 'app' }), after));
    expect(section.differences.map((d) => d.detail)).toEqual([
      '/data is not writable by app (it was by root)',
    ]);
  });
});

describe('runtimeArgv and writableCandidates', () => {
  it('a shell-form ENTRYPOINT ignores CMD', () => {
    expect(
      runtimeArgv(config({ entrypoint: ['/bin/sh', '-c', 'exec gunicorn app:app'], cmd: ['x'] })),
    ).toEqual(['/bin/sh', '-c', 'exec gunicorn app:app']);
    expect(runtimeArgv(config({ entrypoint: ['/app/entrypoint.sh'], cmd: ['gunicorn'] }))).toEqual([
      '/app/entrypoint.sh',
      'gunicorn',
    ]);
  });

  it('asks about WORKDIR, home, volumes and absolute folders named in ENV, not PATH or system roots', () => {
    const c = config({
      volumes: ['/data/'],
      env: [
        'PATH=/usr/bin:/bin',
        'STATIC_ROOT=/app/staticfiles',
        'BROWSERS_PATH=/ms-assets',
        'PREFIX=/usr/local',
        'X=/opt/tool/bin',
      ],
    });
    expect(writableCandidates(c)).toEqual(['~', '/app', '/data', '/app/staticfiles']);
  });
});
