import { describe, expect, it } from 'vitest';
import { parseDockerfile } from '../dockerfile/index.js';
import type { Project } from '../project/types.js';
import { runRules } from './run.js';
import { rule as SS104 } from './SS104-pip-cache-kept.js';

// SS104 needs nothing from the project; an empty stand-in keeps these tests off the disk.
const project = { dockerfiles: [], dockerfile: null } as unknown as Project;

async function lint(text: string) {
  const model = await parseDockerfile(text);
  return runRules(project, model, 'Dockerfile', { rules: [SS104] }).map(
    (f) => `${f.rule}:${f.range.start.line} ${f.message}`,
  );
}

describe('suppressions', () => {
  it('a comment applies to the next instruction only', async () => {
    expect(
      await lint('FROM python:3.12-slim\n# shipshape: ignore=SS104\nRUN pip install a\nRUN pip install b\n'),
    ).toEqual([expect.stringMatching(/^SS104:4 /)]);
  });

  it('a global comment applies to the whole file, wherever it is', async () => {
    expect(
      await lint(
        'FROM python:3.12-slim\nRUN pip install a\nRUN pip install b\n# shipshape: global ignore=ss104\n',
      ),
    ).toEqual([]);
  });

  it('a comment inside a continued RUN applies to that RUN', async () => {
    expect(
      await lint(
        'FROM python:3.12-slim\nRUN apt-get update \\\n  # shipshape: ignore=SS104\n  && pip install a\n',
      ),
    ).toEqual([]);
  });

  it('reports unused and unknown codes as SS002', async () => {
    expect(
      await lint(
        'FROM python:3.12-slim\n# shipshape: ignore=SS104, SS999\nRUN pip install --no-cache-dir a\n',
      ),
    ).toEqual([
      'SS002:2 Suppression of SS104 is unused: no SS104 finding here. Remove it.',
      'SS002:2 Suppression names SS999, which is no shipshape rule: correct the code or remove it.',
    ]);
  });
});
