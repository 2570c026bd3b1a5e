import { describe, expect, it } from 'vitest';
import { projectFromFiles } from '../project/index.js';
import { translateCommand } from './command.js';

/** The optimized command for a Dockerfile whose last instruction is its CMD. */
async function translated(dockerfile: string) {
  const project = await projectFromFiles({ Dockerfile: dockerfile });
  const cmd = project.dockerfile!.model.instructions.filter((i) => i.keyword === 'CMD').pop()!;
  return translateCommand({ project, venv: '/app/.venv', environments: [] }, cmd)!;
}

describe('the development flags optimize drops from the command', () => {
  it("drops a reloading server's --reload options, behind python -m and a runner", async () => {
    const command = await translated(
      'FROM python:3.12-slim\nCMD ["uv", "run", "python", "-m", "granian", "--interface", "asgi", "--reload", "app:app"]\n',
    );
    expect(command.argv).toEqual(['python', '-m', 'granian', '--interface', 'asgi', 'app:app']);
    expect(command.dropped).toEqual(['--reload']);
    const gunicorn = await translated(
      'FROM python:3.12-slim\nCMD ["gunicorn", "--reload", "--reload-extra-file=conf.yml", "-b", "0.0.0.0:8000", "app:app"]\n',
    );
    expect(gunicorn.dropped).toEqual(['--reload', '--reload-extra-file=conf.yml']);
  });

  it('keeps the arguments of a server the table says has no reload mode', async () => {
    // Celery's options are its own: a `--reload` word there is not a dev server's reload mode.
    const command = await translated(
      'FROM python:3.12-slim\nCMD ["celery", "-A", "proj", "worker", "--reload"]\n',
    );
    expect(command.argv).toEqual(['celery', '-A', 'proj', 'worker', '--reload']);
    expect(command.dropped).toEqual([]);
  });
});
