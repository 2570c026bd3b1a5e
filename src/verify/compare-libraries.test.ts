import { describe, expect, it } from 'vitest';
import { compareLibraries } from './compare-libraries.js';

const ext = 'psycopg2/_psycopg.cpython-311-x86_64-linux-gnu.so';

describe('compareLibraries', () => {
  it('summarises extensions that resolve everything', () => {
    const all = { method: 'ldd' as const, extensions: 2, unresolved: [] };
    const section = compareLibraries(all, all);
    expect(section.differences).toEqual([]);
    expect(section.equal).toBe('2 of 2 compiled extensions resolve every library (after: ldd; before: ldd)');
  });

  it('names the library an extension lost (libpq5 dropped), found by any method', () => {
    const section = compareLibraries(
      { method: 'ldd', extensions: 1, unresolved: [] },
      { method: 'elf', extensions: 1, unresolved: [{ extension: ext, missing: ['libpq.so.5'] }] },
    );
    expect(section.differences).toEqual([
      { what: 'libpq.so.5', detail: `${ext} needs libpq.so.5, not found` },
    ]);
    expect(section.equal).toMatch(/ELF DT_NEEDED/);
  });

  it('reports a library missing in before too, not against after', () => {
    const broken = {
      method: 'ldd' as const,
      extensions: 1,
      unresolved: [{ extension: ext, missing: ['libfoo.so.1'] }],
    };
    const section = compareLibraries(broken, broken);
    expect(section.differences).toEqual([]);
    expect(section.notes).toEqual([`${ext} needs libfoo.so.1, not found in before either`]);
  });
});
