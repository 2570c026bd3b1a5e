import { afterAll, describe, expect, it } from 'vitest';
import { UserError } from '../errors.js';
import { load } from '../project/index.js';
import { removeProjectCopies, writeProject } from '../test-support/project-copies.js';
import { inProject } from './lint-run.js';

afterAll(removeProjectCopies);

const project = (files: Record<string, string | Buffer>) => writeProject(files, 'shipshape-project-errors-');

const DOCKERFILE = 'FROM python:3.12-slim\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n';

describe('requirements files naming other files', () => {
  it('-r /etc/passwd names requirements.txt and its line, and reads nothing outside', async () => {
    const dir = project({ Dockerfile: DOCKERFILE, 'requirements.txt': 'flask\n-r /etc/passwd\n' });
    await expect(load(dir)).rejects.toMatchObject({
      name: 'UserError',
      message:
        "requirements.txt:2: -r /etc/passwd names a file outside the project; shipshape reads only the project's own files, so copy it in or drop the option.",
    });
  });

  it('a -c that climbs out of the project is refused the same way', async () => {
    const dir = project({ Dockerfile: DOCKERFILE, 'requirements.txt': '-c ../../constraints.txt\nflask\n' });
    await expect(load(dir)).rejects.toThrow(
      /^requirements\.txt:1: -c \.\.\/\.\.\/constraints\.txt names a file outside/,
    );
  });

  it('a missing include names the file and line that asked for it', async () => {
    const dir = project({
      Dockerfile: DOCKERFILE,
      'requirements.txt': 'flask\n\n-r requirements/base.txt\n',
      'requirements/base.txt': '--requirement=common.txt\n',
    });
    await expect(load(dir)).rejects.toMatchObject({
      name: 'UserError',
      message: 'requirements/base.txt:1: requirements/common.txt: no such requirements file; check the path.',
    });
  });

  it('includes inside the project still load', async () => {
    const dir = project({
      Dockerfile: DOCKERFILE,
      'requirements.txt': 'flask\n-r requirements/base.txt\n',
      'requirements/base.txt': 'requests\n',
    });
    const loaded = await load(dir);
    expect(loaded.requirements.map((file) => file.path)).toEqual([
      'requirements.txt',
      'requirements/base.txt',
    ]);
  });
});

describe('errors of one project among several (lint a b)', () => {
  it('put the project folder in front of a file it names', async () => {
    const dir = project({ Dockerfile: DOCKERFILE, 'pyproject.toml': '[project\nname = "x"\n' });
    const error = await load(dir).catch((e: unknown) => e);
    const named = inProject(dir, error) as Error;
    expect(named.message.startsWith(`${dir}/pyproject.toml`)).toBe(true);
    expect(named.name).toBe('UserError');
  });

  it('say the folder when no file of it is named, and leave a message that names it alone', () => {
    expect((inProject('b', new UserError('something is off.')) as Error).message).toBe(
      'b: something is off.',
    );
    const already = new UserError('The folder b does not exist; pass the path of a project folder.');
    expect(inProject('b', already)).toBe(already);
    const here = new UserError('pyproject.toml: bad.');
    expect(inProject('.', here)).toBe(here);
    const internal = new Error('boom');
    expect(inProject('b', internal)).toBe(internal);
  });
});
