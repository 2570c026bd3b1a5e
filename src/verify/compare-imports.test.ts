import { describe, expect, it } from 'vitest';
import { compareImports } from './compare-imports.js';
import { dist } from './test-facts.js';

describe('compareImports', () => {
  const dists = [
    dist('psycopg2', '2.9.10', { topLevel: ['psycopg2'] }),
    dist('flask', '3.1.0', { topLevel: ['flask'] }),
  ];

  it('counts modules that import in both', () => {
    const ok = [
      { module: 'psycopg2', ok: true },
      { module: 'flask', ok: true },
    ];
    const section = compareImports(dists, ok, ok, new Set());
    expect(section.differences).toEqual([]);
    expect(section.equal).toBe('2 top-level modules import in both');
  });

  it('names a module that fails only in after, with its error', () => {
    const section = compareImports(
      dists,
      [
        { module: 'psycopg2', ok: true },
        { module: 'flask', ok: true },
      ],
      [
        { module: 'psycopg2', ok: false, error: 'ImportError: libpq.so.5: cannot open shared object file' },
        { module: 'flask', ok: true },
      ],
      new Set(),
    );
    expect(section.differences.map((d) => d.detail)).toEqual([
      'import psycopg2 (psycopg2) fails: ImportError: libpq.so.5: cannot open shared object file',
    ]);
  });

  it('reports a module failing in before too without holding it against after', () => {
    const failing = [{ module: 'flask', ok: false, error: 'ImportError: x' }];
    const section = compareImports(dists, failing, failing, new Set());
    expect(section.differences).toEqual([]);
    expect(section.notes).toEqual(['import flask (flask) fails in before too: ImportError: x']);
  });

  it('leaves modules of distributions after may lack, and of missing ones, to the distributions section', () => {
    const section = compareImports(dists, [{ module: 'psycopg2', ok: true }], [], new Set(['flask']));
    expect(section.differences).toEqual([]);
  });

  it('a module imports when any environment that has it imports it', () => {
    const section = compareImports(
      dists,
      [{ module: 'flask', ok: true }],
      [
        { module: 'flask', ok: false, error: 'ModuleNotFoundError' },
        { module: 'flask', ok: true },
      ],
      new Set(),
    );
    expect(section.differences).toEqual([]);
  });
});
