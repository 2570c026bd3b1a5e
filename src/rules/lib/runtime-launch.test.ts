import { describe, expect, it } from 'vitest';
import { parseDockerfile } from '../../dockerfile/index.js';
import { defaultServer, launchCommands, serverLaunch } from './runtime-launch.js';

/** The launches of the last CMD, as the rules read them from the Dockerfile's words. */
async function launchesOf(dockerfile: string) {
  const model = await parseDockerfile(dockerfile);
  const cmd = model.instructions.filter((i) => i.keyword === 'CMD').pop()!;
  return { model, launches: launchCommands(cmd).map(serverLaunch) };
}

describe('the server a CMD starts, as the rules read it', () => {
  it('finds a Celery worker, with the word that names it', async () => {
    // cookiecutter-django's start scripts run `exec celery -A config.celery_app worker -l INFO`.
    const { launches } = await launchesOf(
      'FROM python:3.12-slim\nCMD ["uv", "run", "celery", "-A", "config.celery_app", "worker", "-l", "INFO"]\n',
    );
    expect(launches).toHaveLength(1);
    expect(launches[0]?.program).toBe('celery');
    expect(launches[0]?.programWord.value).toBe('celery');
    expect(launches[0]?.args.map((w) => w.value)).toEqual([
      '-A',
      'config.celery_app',
      'worker',
      '-l',
      'INFO',
    ]);
  });

  it('finds waitress and uWSGI as servers too', async () => {
    const { launches } = await launchesOf(
      'FROM python:3.12-slim\nCMD waitress-serve --listen=0.0.0.0:8080 app:app && uwsgi --ini /code/etc/uwsgi.ini\n',
    );
    expect(launches.map((l) => l?.program)).toEqual(['waitress', 'uwsgi']);
  });

  it('takes the HTTP server as the image’s server when a worker starts first', async () => {
    const { model } = await launchesOf(
      'FROM python:3.12-slim\nCMD ["sh", "-c", "celery -A proj worker --detach && exec gunicorn -b 0.0.0.0:8000 proj.wsgi"]\n',
    );
    expect(defaultServer(model)?.launch.program).toBe('gunicorn');
  });

  it('keeps the worker when nothing else starts', async () => {
    const { model } = await launchesOf('FROM python:3.12-slim\nCMD ["celery", "-A", "proj", "beat"]\n');
    expect(defaultServer(model)?.launch.program).toBe('celery');
  });
});
