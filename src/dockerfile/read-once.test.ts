import { describe, expect, it } from 'vitest';
import { readOnce, readOnceWith } from './read-once.js';

describe('readOnce', () => {
  it('reads each key once and shares the answer, null included', () => {
    const calls: string[] = [];
    const lengthOrNull = readOnce((key: { name: string }) => {
      calls.push(key.name);
      return key.name.length > 3 ? key.name.length : null;
    });
    const long = { name: 'python' };
    const short = { name: 'pip' };
    expect(lengthOrNull(long)).toBe(6);
    expect(lengthOrNull(long)).toBe(6);
    expect(lengthOrNull(short)).toBeNull();
    expect(lengthOrNull(short)).toBeNull();
    expect(calls).toEqual(['python', 'pip']);
  });

  it('answers a new object with the same content afresh (a re-parsed model)', () => {
    let reads = 0;
    const count = readOnce((_key: object) => ++reads);
    expect(count({ a: 1 })).toBe(1);
    expect(count({ a: 1 })).toBe(2);
  });

  it('keeps the answers of different questions about one key apart, undefined included', () => {
    let reads = 0;
    const nothing = readOnce((_key: object) => {
      reads++;
      return undefined;
    });
    const name = readOnce((key: { name: string }) => key.name.toUpperCase());
    const key = { name: 'uv' };
    expect(nothing(key)).toBeUndefined();
    expect(nothing(key)).toBeUndefined();
    expect(reads).toBe(1);
    expect(name(key)).toBe('UV');
  });

  it('leaves the key as it was to JSON, spreads and equality checks', () => {
    const size = readOnce((key: { files: string[] }) => key.files.length);
    const key = { files: ['a', 'b'] };
    expect(size(key)).toBe(2);
    expect(Object.keys(key)).toEqual(['files']);
    expect(JSON.stringify(key)).toBe('{"files":["a","b"]}');
    expect({ ...key }).toStrictEqual({ files: ['a', 'b'] });
    expect(key).toStrictEqual({ files: ['a', 'b'] });
  });

  it('answers a frozen key once too', () => {
    let reads = 0;
    const count = readOnce((_key: object) => ++reads);
    const frozen = Object.freeze({ a: 1 });
    expect(count(frozen)).toBe(1);
    expect(count(frozen)).toBe(1);
  });
});

describe('readOnceWith', () => {
  it('reads again when asked with another context, and keeps the latest answer', () => {
    const calls: string[] = [];
    const joined = readOnceWith((key: { name: string }, project: { root: string }) => {
      calls.push(`${key.name}@${project.root}`);
      return `${project.root}/${key.name}`;
    });
    const key = { name: 'Dockerfile' };
    const one = { root: '/one' };
    const two = { root: '/two' };
    expect(joined(key, one)).toBe('/one/Dockerfile');
    expect(joined(key, one)).toBe('/one/Dockerfile');
    expect(joined(key, two)).toBe('/two/Dockerfile');
    expect(joined(key, two)).toBe('/two/Dockerfile');
    expect(calls).toEqual(['Dockerfile@/one', 'Dockerfile@/two']);
  });
});
