import { chmodSync, mkdirSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  changedPaths,
  expectContract,
  makeCaseRoot,
  type RunResult,
  removeCaseRoots,
  snapshotCase,
} from './harness.js';

afterAll(removeCaseRoots);

// The suite is only as strict as its checks: they must notice what they exist to notice.
describe('hostile harness', () => {
  it('notices content, mode, link target, added and removed entries', () => {
    const root = makeCaseRoot('harness');
    const file = path.join(root.work, 'Dockerfile');
    writeFileSync(file, 'FROM a\n');
    writeFileSync(path.join(root.outside, 'gone'), 'x');
    symlinkSync('Dockerfile', path.join(root.work, 'link'));
    const before = snapshotCase(root);
    writeFileSync(file, 'FROM b\n');
    chmodSync(path.join(root.outside, 'gone'), 0o600);
    unlinkSync(path.join(root.work, 'link'));
    symlinkSync('elsewhere', path.join(root.work, 'link'));
    writeFileSync(path.join(root.outside, 'new'), '');
    mkdirSync(path.join(root.root, 'tmp', 'scratch'));
    expect(changedPaths(before, snapshotCase(root))).toEqual([
      'outside/gone',
      'outside/new',
      'work/Dockerfile',
      'work/link',
    ]);
    rmSync(path.join(root.outside, 'gone'));
    expect(changedPaths(before, snapshotCase(root))).toContain('outside/gone');
  });

  const result = (overrides: Partial<RunResult>): RunResult => ({
    exitCode: 2,
    signal: null,
    stdout: '',
    stderr: 'shipshape: the file is a FIFO.\n',
    peakRssMiB: 70,
    cpuMs: 300,
    wallMs: 500,
    killed: null,
    ...overrides,
  });

  it('holds a run to one sentence, no stack trace, its exit code and bounds', () => {
    expect(() => expectContract(result({}), { exit: 2 })).not.toThrow();
    expect(() => expectContract(result({ stderr: 'shipshape: a\nb\n' }), { exit: 2 })).toThrow();
    expect(() =>
      expectContract(result({ exitCode: 1, stderr: 'Error: x\n    at parse (file.js:1:2)\n' }), { exit: 1 }),
    ).toThrow();
    expect(() =>
      expectContract(result({ stderr: 'shipshape: internal error: boom\n' }), { exit: 2 }),
    ).toThrow();
    expect(() => expectContract(result({ exitCode: 0 }), { exit: [1, 2] })).toThrow();
    expect(() => expectContract(result({ killed: 'time' }), { exit: 2 })).toThrow();
    expect(() => expectContract(result({ cpuMs: 20_000 }), { exit: 2, ms: 10_000 })).toThrow();
    expect(() => expectContract(result({ wallMs: 20_000 }), { exit: 2, ms: 10_000 })).not.toThrow();
    expect(() => expectContract(result({ peakRssMiB: 900 }), { exit: 2 })).toThrow();
  });
});
