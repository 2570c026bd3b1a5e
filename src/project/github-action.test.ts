import { describe, expect, it } from 'vitest';
import { readGitHubAction } from './github-action.js';

describe('readGitHubAction', () => {
  it('reads the Dockerfile a Docker action builds, relative to the metadata file', async () => {
    const text =
      "name: 'Lint'\nruns:\n  using: 'docker'\n  image: 'docker/Dockerfile'\n  entrypoint: '/run.sh'\n";
    expect(await readGitHubAction(text, 'action.yml')).toEqual({
      file: 'action.yml',
      dockerfile: 'docker/Dockerfile',
    });
    expect(await readGitHubAction('runs:\n  using: docker\n  image: ./Dockerfile\n', 'action.yaml')).toEqual({
      file: 'action.yaml',
      dockerfile: 'Dockerfile',
    });
  });

  it('is null for a published image, another kind of action, an image outside the project or broken YAML', async () => {
    expect(
      await readGitHubAction('runs:\n  using: docker\n  image: docker://alpine:3.20\n', 'action.yml'),
    ).toBeNull();
    expect(await readGitHubAction("runs:\n  using: 'composite'\n  steps: []\n", 'action.yml')).toBeNull();
    expect(
      await readGitHubAction('runs:\n  using: docker\n  image: ../Dockerfile\n', 'action.yml'),
    ).toBeNull();
    expect(await readGitHubAction('runs: [unclosed\n', 'action.yml')).toBeNull();
    expect(await readGitHubAction('', 'action.yml')).toBeNull();
  });

  it('is null, not an error, for YAML the reader refuses to expand (an alias bomb)', async () => {
    const anchors = ['a0: &a0 [x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++) {
      const nine = Array(9)
        .fill(`*a${i - 1}`)
        .join(', ');
      anchors.push(`a${i}: &a${i} [${nine}]`);
    }
    const text = `${anchors.join('\n')}\nruns: {using: docker, image: Dockerfile, args: *a8}\n`;
    expect(await readGitHubAction(text, 'action.yml')).toBeNull();
  });
});
