import { describe, expect, it } from 'vitest';
import { managerRunBy } from './managers.js';

describe('managerRunBy', () => {
  it('names the manager a command runs, through a path or `python -m`', () => {
    expect(managerRunBy(['uv', 'pip', 'install', '--system', '$EXTRA_PACKAGES'])).toEqual({
      manager: 'uv',
      viaPython: false,
      runner: false,
    });
    expect(managerRunBy(['python3', '-m', 'uv', 'pip', 'install', 'x'])).toEqual({
      manager: 'uv',
      viaPython: true,
      runner: false,
    });
    expect(managerRunBy(['/usr/local/bin/poetry', 'install', '--only', 'main'])?.manager).toBe('poetry');
  });

  it('tells a runner prefix apart, and ignores pip and other programs', () => {
    expect(managerRunBy(['uv', 'run', '--frozen', 'uvicorn', 'app:app'])?.runner).toBe(true);
    expect(managerRunBy(['pipenv', 'run', 'gunicorn'])?.runner).toBe(true);
    expect(managerRunBy(['pip', 'install', 'uv'])).toBeNull();
    expect(managerRunBy(['python', '-m', 'pip', 'install', 'x'])).toBeNull();
    expect(managerRunBy(['gunicorn', 'app:app'])).toBeNull();
    expect(managerRunBy([])).toBeNull();
  });
});
