import { describe, expect, it } from 'vitest';
import { readOnce } from './read-once.js';

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
});
