import { describe, expect, it } from 'vitest';
import { analyseArgv } from './command.js';

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
