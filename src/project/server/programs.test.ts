import { describe, expect, it } from 'vitest';
import { analyseArgv } from './command.js';
import {
  optionNamed,
  programIn,
  reloadOptionWords,
  SERVER_PROGRAMS,
  serverProgram,
  servesHttp,
} from './programs.js';

/** The program one command starts, by name, the way both the rules and the project read it. */
function programOf(words: string[]): string | null {
  return programIn(words).program;
}

describe('the table of server programs', () => {
  it('names every program once, by every command and module it answers to', () => {
    const names = SERVER_PROGRAMS.map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
    const commands = SERVER_PROGRAMS.flatMap((p) => p.commands);
    expect(new Set(commands).size).toBe(commands.length);
    for (const program of SERVER_PROGRAMS) {
      for (const command of program.commands) expect(programOf([command, 'app:app'])).toBe(program.name);
      for (const module of program.modules)
        expect(programOf(['python', '-m', module, 'app:app'])).toBe(program.name);
    }
  });

  it('gives each HTTP server a way to be told where to listen, and the worker none', () => {
    for (const program of SERVER_PROGRAMS) {
      if (program.kind === 'worker') {
        expect(program.listening).toBeNull();
        continue;
      }
      const listening = program.listening!;
      const told = [...listening.hostFlags, ...listening.addressFlags, listening.serveCommand ?? []].flat();
      expect(told.length, program.name).toBeGreaterThan(0);
    }
  });

  it('calls Celery a worker and waitress and uWSGI HTTP servers', () => {
    expect(serverProgram('celery').kind).toBe('worker');
    expect(servesHttp('celery')).toBe(false);
    expect(servesHttp('waitress')).toBe(true);
    expect(servesHttp('uwsgi')).toBe(true);
    expect(servesHttp('python')).toBe(false);
    expect(servesHttp('constructor')).toBe(false);
  });
});

describe('the program a command starts', () => {
  it('looks through init wrappers written as paths, user switches and runners', () => {
    // The shape of airflow's and netbox-docker's entrypoints.
    expect(programIn(['/usr/bin/dumb-init', '--', '/entrypoint'])).toEqual({
      runner: null,
      program: null,
      at: 2,
    });
    expect(programOf(['/usr/bin/tini', '-g', '--', 'gosu', 'app', 'gunicorn', 'app.wsgi'])).toBe('gunicorn');
    expect(
      programIn(['exec', 'uv', 'run', '--frozen', 'python', '-m', 'celery', '-A', 'proj', 'worker']),
    ).toEqual({
      runner: 'uv',
      program: 'celery',
      at: 6,
    });
    expect(programIn(['hatch', 'run', 'uvicorn', 'app:app']).runner).toBe('hatch');
  });

  it('reads interpreter options before the module or manage.py', () => {
    expect(programIn(['python', '-u', '-m', 'gunicorn', 'app:app'])).toMatchObject({
      program: 'gunicorn',
      at: 3,
    });
    expect(programIn(['python3.12', '-X', 'dev', 'manage.py', 'runserver'])).toMatchObject({
      program: 'django',
      at: 3,
    });
    expect(programIn(['./manage.py', 'runserver', '0.0.0.0:8000'])).toMatchObject({
      program: 'django',
      at: 0,
    });
    expect(programOf(['python', '-m', 'django', 'runserver'])).toBe('django');
    expect(programIn(['python', '-c', 'import app; app.run()'])).toMatchObject({ program: 'python', at: 0 });
    expect(programOf(['python', 'mymanage.py'])).toBe('python');
  });

  it('abbreviates options only for servers whose parser does', () => {
    expect(optionNamed('gunicorn', '--conf', ['-c', '--config'])).toBe('--config');
    expect(optionNamed('waitress', '--unix=/tmp/w.sock', ['--unix-socket'])).toBe('--unix-socket');
    expect(optionNamed('uvicorn', '--ud', ['--uds', '--fd'])).toBeNull();
  });
});

describe('members the rules and the project used to disagree on', () => {
  it('waitress and uWSGI serve, as the project reads a command', () => {
    // Flask's tutorial deploys with waitress-serve; healthchecks and wagtail's bakerydemo start uwsgi with an ini file.
    expect(analyseArgv(['waitress-serve', '--port=8080', '--call', 'flaskr:create_app'])).toEqual({
      runner: null,
      program: 'waitress',
      args: ['--port=8080', '--call', 'flaskr:create_app'],
    });
    expect(analyseArgv(['python', '-m', 'waitress', '--listen=*:8080', 'app:app']).program).toBe('waitress');
    expect(analyseArgv(['uwsgi', '/opt/healthchecks/docker/uwsgi.ini'])).toEqual({
      runner: null,
      program: 'uwsgi',
      args: ['/opt/healthchecks/docker/uwsgi.ini'],
    });
    expect(
      analyseArgv(['/bin/sh', '-c', 'python manage.py migrate && exec uwsgi --http :8000 --module app.wsgi']),
    ).toEqual({
      runner: null,
      program: 'uwsgi',
      args: ['--http', ':8000', '--module', 'app.wsgi'],
    });
  });

  it("Celery's flower subcommand serves Flower's web UI", () => {
    // mher/flower's image runs `celery flower`; apps start it as `celery -A proj flower --port=5566`.
    expect(programIn(['celery', 'flower'])).toEqual({ runner: null, program: 'flower', at: 1 });
    expect(analyseArgv(['celery', '--app', 'proj', 'flower', '--port=5566'])).toEqual({
      runner: null,
      program: 'flower',
      args: ['--port=5566'],
    });
    expect(programOf(['python', '-m', 'celery', '-A', 'flower_app', 'worker'])).toBe('celery');
    expect(servesHttp('flower')).toBe(true);
  });

  it('a Celery worker is a program, not an HTTP server', () => {
    expect(analyseArgv(['celery', '-A', 'proj', 'worker', '-l', 'INFO']).program).toBe('celery');
    expect(servesHttp(analyseArgv(['celery', '-A', 'proj', 'worker']).program)).toBe(false);
  });
});

describe('reloadOptionWords', () => {
  it('counts the words of each server’s own reload options, switches and valued ones', () => {
    const uvicorn = serverProgram('uvicorn');
    const args = ['app:app', '--reload', '--reload-dir', 'src', '--reload-include=*.py', '--port', '80'];
    expect(args.map((_, index) => reloadOptionWords(uvicorn, args, index))).toEqual([0, 1, 2, 0, 1, 0, 0]);
    const gunicorn = serverProgram('gunicorn');
    expect(reloadOptionWords(gunicorn, ['--reload-engine', 'inotify'], 0)).toBe(2);
    expect(reloadOptionWords(gunicorn, ['--reload-dir', 'src'], 0)).toBe(0);
    expect(reloadOptionWords(serverProgram('granian'), ['--reload-paths', 'src'], 0)).toBe(2);
  });

  it('is 0 for servers without a reload mode, 1 for a valued option with nothing after it', () => {
    expect(reloadOptionWords(serverProgram('daphne'), ['--reload'], 0)).toBe(0);
    expect(reloadOptionWords(serverProgram('uvicorn'), ['--reload-dir'], 0)).toBe(1);
  });
});
