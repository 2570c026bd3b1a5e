import { describe, expect, it } from 'vitest';
import { parseDockerfile } from './parse.js';
import { hasArg, isPythonName, lastSegment, linesOf, rangeAfter } from './queries.js';

const DOCKERFILE = [
  'FROM python:3.12-slim AS base',
  'ARG APP_HOME=/srv/app',
  'WORKDIR $APP_HOME',
  'RUN pip install --no-cache-dir --index-url=https://pypi.org/simple \\',
  '      -r requirements.txt && \\',
  '    /usr/local/bin/python3 -m compileall -q .',
  'ENV PYTHONPATH="/srv/app:$PYTHONPATH" \\',
  '    PORT=8000',
  'CMD ["gunicorn", "app:app"]',
  '',
].join('\n');

describe('lastSegment', () => {
  it('keeps what follows the last slash, or all of a word without one', () => {
    expect(lastSegment('/usr/local/bin/pip3')).toBe('pip3');
    expect(lastSegment('pip3')).toBe('pip3');
    expect(lastSegment('./docker-entrypoint.sh')).toBe('docker-entrypoint.sh');
    expect(lastSegment('wheels/')).toBe('');
    expect(lastSegment('')).toBe('');
  });
});

describe('isPythonName', () => {
  it('names the interpreter with or without its version, and nothing else', () => {
    for (const name of ['python', 'python3', 'python3.12']) expect(isPythonName(name)).toBe(true);
    for (const name of ['python3-config', 'pythonw', 'ipython', 'python3.12.1', 'py', ''])
      expect(isPythonName(name)).toBe(false);
  });
});

describe('hasArg', () => {
  it('finds an option alone or with an attached `=value`, not one it merely starts', async () => {
    const model = await parseDockerfile(DOCKERFILE);
    const pip = model.instructions[3]!.shell!.commands[0]!;
    expect(hasArg(pip, '--no-cache-dir')).toBe(true);
    expect(hasArg(pip, '--index-url')).toBe(true);
    expect(hasArg(pip, '--no-deps', '-r')).toBe(true);
    expect(hasArg(pip, '--index')).toBe(false);
    expect(hasArg(pip, '--no-cache')).toBe(false);
  });
});

describe('rangeAfter', () => {
  it('counts from an instruction start to the same positions as the index of every line', async () => {
    const model = await parseDockerfile(DOCKERFILE);
    const lines = linesOf(model);
    for (const instruction of model.instructions) {
      const from = instruction.range.start;
      for (let offset = from.offset; offset <= instruction.range.end.offset; offset++) {
        const end = Math.min(offset + 7, model.text.length);
        expect(rangeAfter(model, from, offset, end)).toEqual(lines.range(offset, end));
      }
    }
  });
});
