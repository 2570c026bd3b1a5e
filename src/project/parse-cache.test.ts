import {
  chmodSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { removeProjectCopies, writeProject } from '../test-support/project-copies.js';
import { cachedFileParse, cachedParse, cacheFolder } from './parse-cache.js';
import { parsePoetryLock } from './poetry-lock.js';
import { load, loadSnapshot } from './read.js';
import { parseUvLock } from './uv-lock.js';

afterAll(removeProjectCopies);
afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
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

/** A lock file whose times are set to a whole second long past (so an edit can put them back exactly). */
const lockFile = (text: string): string => {
  const file = path.join(writeProject({ 'uv.lock': text }, 'shipshape-lock-'), 'uv.lock');
  utimesSync(file, 1_000_000_000, 1_000_000_000);
  return file;
};
/** The clock a few seconds on: the lock's last change (its ctime is now) is then safely past. */
const settle = () => {
  const now = Date.now();
  vi.spyOn(Date, 'now').mockReturnValue(now + 10_000);
};
const ctimeOf = (file: string) => statSync(file, { bigint: true }).ctimeNs;
/** Waits until the clock file systems stamp with has moved on (a few ms at most). */
const nextTick = async (file: string) => {
  const before = ctimeOf(file);
  while (ctimeOf(file) === before) {
    await new Promise((resolve) => setTimeout(resolve, 5));
    utimesSync(file, 1_000_000_000, 1_000_000_000);
  }
};

describe('cachedFileParse', () => {
  const upper = (text: string) => text.toUpperCase();

  it('parses a lock once; later calls read neither the lock nor its text', () => {
    const folder = useCache();
    const file = lockFile('one');
    settle();
    const read = vi.fn(() => readFileSync(file, 'utf8'));
    const parse = vi.fn(upper);
    expect(cachedFileParse('uv.lock', file, read, parse)).toBe('ONE');
    expect(cachedFileParse('uv.lock', file, read, parse)).toBe('ONE');
    expect(read).toHaveBeenCalledTimes(1);
    expect(parse).toHaveBeenCalledTimes(1);
    expect(readdirSync(folder)).toHaveLength(1);
  });

  it('parses again after an edit that keeps the size and puts the modification time back', async () => {
    useCache();
    const file = lockFile('one');
    settle();
    const read = () => readFileSync(file, 'utf8');
    expect(cachedFileParse('uv.lock', file, read, upper)).toBe('ONE');
    const before = statSync(file, { bigint: true });
    await nextTick(file);
    writeFileSync(file, 'two');
    utimesSync(file, 1_000_000_000, 1_000_000_000);
    const after = statSync(file, { bigint: true });
    // Everything but the change time is as it was: that alone tells the edit.
    expect([after.ino, after.size, after.mtimeNs]).toEqual([before.ino, before.size, before.mtimeNs]);
    expect(cachedFileParse('uv.lock', file, read, upper)).toBe('TWO');
  });

  it('parses again when the lock is replaced by another file with the same size and times', () => {
    useCache();
    const file = lockFile('one');
    settle();
    const read = () => readFileSync(file, 'utf8');
    expect(cachedFileParse('uv.lock', file, read, upper)).toBe('ONE');
    const replacement = `${file}.new`;
    writeFileSync(replacement, 'two');
    utimesSync(replacement, 1_000_000_000, 1_000_000_000);
    renameSync(replacement, file); // as `uv lock` writes it: a new inode
    expect(cachedFileParse('uv.lock', file, read, upper)).toBe('TWO');
  });

  it('keeps nothing for a lock changed too recently to be told from a second write in the same tick', () => {
    const folder = useCache();
    const file = lockFile('one'); // its ctime is now
    const parse = vi.fn(upper);
    expect(cachedFileParse('uv.lock', file, () => readFileSync(file, 'utf8'), parse)).toBe('ONE');
    expect(cachedFileParse('uv.lock', file, () => readFileSync(file, 'utf8'), parse)).toBe('ONE');
    expect(parse).toHaveBeenCalledTimes(2);
    expect(readdirSync(folder)).toEqual([]);
  });

  it('leaves a missing or special file to the read, which says what is wrong', () => {
    const folder = useCache();
    const missing = path.join(writeProject({}, 'shipshape-lock-'), 'uv.lock');
    const refusal = new Error('uv.lock: no such lock file; check the path.');
    const read = vi.fn((): string => {
      throw refusal;
    });
    expect(() => cachedFileParse('uv.lock', missing, read, upper)).toThrow(refusal);
    expect(() => cachedFileParse('uv.lock', path.dirname(missing), read, upper)).toThrow(refusal);
    expect(read).toHaveBeenCalledTimes(2);
    expect(readdirSync(folder)).toEqual([]);
  });

  it('is off with the cache: every call reads and parses', () => {
    vi.stubEnv('SHIPSHAPE_NO_CACHE', '1');
    const file = lockFile('one');
    settle();
    const parse = vi.fn(upper);
    cachedFileParse('uv.lock', file, () => readFileSync(file, 'utf8'), parse);
    cachedFileParse('uv.lock', file, () => readFileSync(file, 'utf8'), parse);
    expect(parse).toHaveBeenCalledTimes(2);
  });
});

describe('a project folder’s lock', () => {
  it('is read again by load after an edit in place that keeps its size and modification time', async () => {
    useCache();
    const lock = (name: string) =>
      `version = 1\nrequires-python = ">=3.12"\n\n[[package]]\nname = "${name}"\nversion = "1.0.0"\nsource = { registry = "https://pypi.org/simple" }\n`;
    const project = writeProject({ Dockerfile: 'FROM python:3.12-slim\n', 'uv.lock': lock('flask') });
    const file = path.join(project, 'uv.lock');
    utimesSync(file, 1_000_000_000, 1_000_000_000);
    settle();
    const names = async () => (await load(project)).lock?.packages.map((entry) => entry.name);
    expect(await names()).toEqual(['flask']);
    expect(await names()).toEqual(['flask']);
    await nextTick(file);
    writeFileSync(file, lock('fiask'));
    utimesSync(file, 1_000_000_000, 1_000_000_000);
    expect(await names()).toEqual(['fiask']);
  });
});

describe('a project snapshot (the language server)', () => {
  it('keeps the lock’s text even when its model comes from the cache', async () => {
    useCache();
    const project = writeProject({
      Dockerfile: 'FROM python:3.12-slim\n',
      'uv.lock': readFileSync(path.join(repo, 'examples/guide-app/uv.lock'), 'utf8'),
    });
    utimesSync(path.join(project, 'uv.lock'), 1_000_000_000, 1_000_000_000);
    settle();
    const first = await loadSnapshot(project);
    const second = await loadSnapshot(project);
    expect(second.snapshot.files['uv.lock']).toBe(first.snapshot.files['uv.lock']);
    expect(second.snapshot.files['uv.lock']).toContain('[[package]]');
    expect(second.project.lock).toStrictEqual(first.project.lock);
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
