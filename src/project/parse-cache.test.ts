import { chmodSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { removeProjectCopies, writeProject } from '../test-support/project-copies.js';
import { cachedParse, cacheFolder } from './parse-cache.js';
import { parsePoetryLock } from './poetry-lock.js';
import { parseUvLock } from './uv-lock.js';

afterAll(removeProjectCopies);
afterEach(() => {
  vi.unstubAllEnvs();
});

const repo = path.resolve(import.meta.dirname, '../..');
const useCache = (): string => {
  const folder = writeProject({}, 'shipshape-cache-');
  vi.stubEnv('SHIPSHAPE_NO_CACHE', '');
  vi.stubEnv('SHIPSHAPE_CACHE_DIR', folder);
  return folder;
};

describe('cachedParse', () => {
  it('parses a text once and gives the same value back on the next call', () => {
    const folder = useCache();
    const parse = vi.fn((text: string) => ({ length: text.length, words: text.split(' ') }));
    const first = cachedParse('demo', 'a b c', parse);
    const second = cachedParse('demo', 'a b c', parse);
    expect(parse).toHaveBeenCalledTimes(1);
    expect(second).toStrictEqual(first);
    expect(readdirSync(folder)).toHaveLength(1);
  });

  it('parses again when the text changes', () => {
    useCache();
    const parse = vi.fn((text: string) => text.toUpperCase());
    expect(cachedParse('demo', 'one', parse)).toBe('ONE');
    expect(cachedParse('demo', 'two', parse)).toBe('TWO');
    expect(parse).toHaveBeenCalledTimes(2);
  });

  it('keeps real lock models exactly (uv, Poetry)', () => {
    useCache();
    const cases: Array<[string, (text: string) => unknown]> = [
      ['examples/guide-app/uv.lock', (text) => parseUvLock(text, 'uv.lock')],
      ['fixtures/projects/django-poetry/poetry.lock', (text) => parsePoetryLock(text, 'poetry.lock')],
    ];
    for (const [file, parse] of cases) {
      const text = readFileSync(path.join(repo, file), 'utf8');
      cachedParse(path.basename(file), text, parse);
      const fromCache = cachedParse(path.basename(file), text, () => {
        throw new Error('parsed again');
      });
      expect(fromCache).toStrictEqual(parse(text));
    }
  });

  it('parses when the cached entry is damaged, and never fails because of the cache', () => {
    const folder = useCache();
    const parse = vi.fn((text: string) => [text]);
    cachedParse('demo', 'x', parse);
    const [entry] = readdirSync(folder);
    writeFileSync(path.join(folder, entry!), '{"format":1,');
    expect(cachedParse('demo', 'x', parse)).toStrictEqual(['x']);
    expect(parse).toHaveBeenCalledTimes(2);

    // A cache folder that is a file: nothing can be read or written there.
    const blocked = writeProject({ file: 'not a folder' }, 'shipshape-cache-');
    vi.stubEnv('SHIPSHAPE_CACHE_DIR', path.join(blocked, 'file'));
    expect(cachedParse('demo', 'y', parse)).toStrictEqual(['y']);
    // A read-only cache folder (root may still write: then it is simply used).
    const readOnly = writeProject({}, 'shipshape-cache-');
    chmodSync(readOnly, 0o500);
    vi.stubEnv('SHIPSHAPE_CACHE_DIR', readOnly);
    expect(cachedParse('demo', 'z', parse)).toStrictEqual(['z']);
    chmodSync(readOnly, 0o700);
  });

  it('does not let parse errors in and keeps nothing for them', () => {
    const folder = useCache();
    expect(() => parseUvLock('[[package]\n', 'uv.lock')).toThrow(/uv\.lock:1/);
    expect(() => cachedParse('uv.lock', '[[package]\n', (text) => parseUvLock(text, 'uv.lock'))).toThrow(
      /uv\.lock:1/,
    );
    expect(readdirSync(folder)).toHaveLength(0);
  });
});

describe('cacheFolder', () => {
  it('follows SHIPSHAPE_CACHE_DIR, then XDG_CACHE_HOME, and is off with SHIPSHAPE_NO_CACHE', () => {
    expect(cacheFolder({ SHIPSHAPE_CACHE_DIR: '/tmp/x', XDG_CACHE_HOME: '/c' })).toBe('/tmp/x');
    expect(cacheFolder({ XDG_CACHE_HOME: '/c' })).toBe('/c/shipshape');
    expect(cacheFolder({ SHIPSHAPE_NO_CACHE: '1', SHIPSHAPE_CACHE_DIR: '/tmp/x' })).toBeNull();
    expect(cacheFolder({})).toMatch(/\/\.cache\/shipshape$/);
  });
});
