import { describe, expect, it } from 'vitest';
import { analyseArgv, portsInArgs } from './command.js';

describe('the program a container command serves with', () => {
  it('looks through runners, exec and python -m', () => {
    expect(analyseArgv(['uv', 'run', '--frozen', 'uvicorn', 'app:app'])).toEqual({
      runner: 'uv',
      program: 'uvicorn',
      args: ['app:app'],
    });
    expect(analyseArgv(['exec', '/venv/bin/python', '-m', 'gunicorn', 'app:app'])).toEqual({
      runner: null,
      program: 'gunicorn',
      args: ['app:app'],
    });
    expect(analyseArgv(['python', '-m', 'app.main']).program).toBe('python');
    expect(analyseArgv(['django-admin', 'runserver']).program).toBe('django');
  });

  it('finds nothing in words that name what every object inherits', () => {
    expect(analyseArgv(['constructor', 'app']).program).toBe('other');
    expect(analyseArgv(['python', '-m', 'toString']).program).toBe('python');
    expect(analyseArgv(['hasOwnProperty', 'run', 'uvicorn'])).toEqual({
      runner: null,
      program: 'other',
      args: ['run', 'uvicorn'],
    });
  });
});

describe('the ports a server command binds', () => {
  it("reads each known server's own options", () => {
    // gunicorn's -p is its pid file; daphne's -b a host, its port an option of its own.
    expect(portsInArgs(['-p', '/run/gunicorn.pid', '-b', '0.0.0.0:8000', 'app:app'], 'gunicorn')).toEqual([
      8000,
    ]);
    expect(portsInArgs(['-b', '0.0.0.0', '-p', '8001', 'proj.asgi:application'], 'daphne')).toEqual([8001]);
    expect(portsInArgs(['--listen=*:${PORT:-8080}', 'app:app'], 'waitress')).toEqual([8080]);
    expect(portsInArgs(['runserver', '8000'], 'django')).toEqual([8000]);
    // uWSGI's --socket speaks uwsgi to a proxy; --http is the port a probe can reach.
    expect(portsInArgs(['--socket', ':3031', '--http', ':9000', '--module', 'app.wsgi'], 'uwsgi')).toEqual([
      9000,
    ]);
    expect(portsInArgs(['-A', 'proj', 'worker', '--port', '9999'], 'celery')).toEqual([]);
  });

  it('reads the usual options and a bare host:port for a program it does not know', () => {
    expect(portsInArgs(['app.py', '--port', '7000'])).toEqual([7000]);
    expect(portsInArgs(['serve', '0.0.0.0:7001'], 'other')).toEqual([7001]);
  });
});
