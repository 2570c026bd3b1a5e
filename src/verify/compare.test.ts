import { describe, expect, it } from 'vitest';
import { compareImages } from './compare.js';
import { config, probe } from './test-facts.js';
import type { ImageFacts } from './types.js';

const behaviour = { healthy: true, strategy: 'HTTP GET /health', user: 'root', timeToHealthyMs: 900 };
const facts = (more: Partial<ImageFacts>): ImageFacts => ({
  tag: 't',
  config: config(),
  probe: probe(),
  behaviour,
  ...more,
});

describe('compareImages', () => {
  it('is ok when no section has a difference, and keeps both behaviours', () => {
    const report = compareImages(facts({}), facts({}), {
      devOnly: [],
      afterDockerignore: null,
      namedRemovals: [],
      buildFiles: [],
    });
    expect(report.ok).toBe(true);
    expect(report.sections.map((s) => s.name)).toEqual([
      'distributions',
      'imports',
      'libraries',
      'files',
      'contract',
      'behaviour',
    ]);
    expect(report.behaviour.after).toEqual(behaviour);
  });

  it('matches a WORKDIR under the home folder with the probe`s ~ paths', () => {
    const home = { uid: 1001, gid: 1001, home: '/home/appuser' };
    const before = facts({
      config: config({ user: 'appuser', workingDir: '/home/appuser/app' }),
      probe: probe({
        user: home,
        files: { roots: [], entries: { '~/app/Dockerfile': { size: 4, kind: 'f' } }, truncated: false },
      }),
    });
    const after = facts({
      config: config({ user: 'appuser', workingDir: '/home/appuser/app' }),
      probe: probe({ user: home }),
    });
    const report = compareImages(before, after, {
      devOnly: [],
      afterDockerignore: 'Dockerfile\n',
      namedRemovals: [],
      buildFiles: [],
    });
    expect(report.ok).toBe(true);
  });

  it('a probe that found nothing is a difference that says why', () => {
    const report = compareImages(facts({}), facts({ probe: null, probeError: 'no Python in the image' }), {
      devOnly: [],
      afterDockerignore: null,
      namedRemovals: [],
      buildFiles: [],
    });
    expect(report.ok).toBe(false);
    expect(report.sections[0]!.differences[0]!.detail).toBe(
      'the probe found nothing in after: no Python in the image',
    );
  });
});
