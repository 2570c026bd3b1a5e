import { describe, expect, it } from 'vitest';
import { NameTable } from './names.js';
import { PathTrie, ROOT } from './path-trie.js';

describe('NameTable', () => {
  it('gives one id per distinct name, ASCII or not, and spells it back', () => {
    const names = new NameTable();
    const words = ['__init__.py', 'é.py', '日本', '', 'x'.repeat(300), '__init__.py'];
    const ids = words.map((word) => names.intern(word));
    expect(ids[0]).toBe(ids[5]);
    expect(new Set(ids).size).toBe(5);
    expect(ids.map((id) => names.name(id))).toEqual(words);
    expect(names.lookup('missing')).toBe(-1);
    expect(names.lookup('日本')).toBe(ids[2]);
  });

  it('keeps every name findable across its table growing', () => {
    const names = new NameTable();
    const ids = Array.from({ length: 50_000 }, (_, i) => names.intern(`f${i}.txt`));
    expect(names.size).toBe(50_000);
    for (const i of [0, 4095, 4096, 49_999]) {
      expect(names.lookup(`f${i}.txt`)).toBe(ids[i]);
      expect(names.name(ids[i]!)).toBe(`f${i}.txt`);
    }
  });
});

describe('PathTrie', () => {
  it('makes one node per new component and finds paths by their text', () => {
    const trie = new PathTrie();
    const file = trie.intern(['usr', 'lib', 'x.py']);
    const sibling = trie.intern(['usr', 'lib', 'y.py']);
    expect(trie.size).toBe(5); // root, usr, lib, x.py, y.py
    expect(trie.lookup('usr/lib/x.py')).toBe(file);
    expect(trie.lookup('usr/lib/y.py')).toBe(sibling);
    expect(trie.lookup('')).toBe(ROOT);
    expect(trie.lookup('usr/lib/z.py')).toBe(-1);
    expect(trie.path(file)).toBe('usr/lib/x.py');
    expect(trie.parentOf(file)).toBe(trie.lookup('usr/lib'));
  });

  it('tells an empty component from none, as split("/") does', () => {
    const trie = new PathTrie();
    const trailing = trie.intern(['a', '']);
    expect(trailing).not.toBe(trie.intern(['a']));
    expect(trie.lookup('a/')).toBe(trailing);
    expect(trie.path(trailing)).toBe('a/');
  });

  it('costs a node per component for a deep path, and grows its per-node listeners', () => {
    const trie = new PathTrie();
    let capacity = trie.capacity;
    trie.onGrow((size) => {
      capacity = size;
    });
    const deep = trie.intern(Array.from({ length: 2048 }, () => 'a'));
    expect(trie.size).toBe(2049);
    expect(capacity).toBe(trie.capacity);
    expect(trie.path(deep)).toBe(Array.from({ length: 2048 }, () => 'a').join('/'));
  });
});
