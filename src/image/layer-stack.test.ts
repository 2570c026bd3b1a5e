import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { walkPaths } from './file-tree.js';
import { LayerStack } from './layer-stack.js';
import { ROOT } from './path-trie.js';
import { referenceStack } from './test-support/reference-stack.js';
import type { EntryKind, LayerEntry } from './types.js';

const component = fc.constantFrom('a', 'b', 'c', 'lib', 'é');
const path = fc.array(component, { minLength: 1, maxLength: 3 }).map((parts) => parts.join('/'));
const entry: fc.Arbitrary<LayerEntry> = fc
  .record({
    path: fc.oneof({ weight: 9, arbitrary: path }, { weight: 1, arbitrary: fc.constant('') }),
    kind: fc.constantFrom<EntryKind>('file', 'file', 'dir', 'symlink', 'hardlink', 'whiteout', 'opaque'),
    size: fc.nat(100),
    mode: fc.constantFrom(0o644, 0o755, 0o4755),
  })
  // A member of a layer never is the root itself; only whiteouts and opaque markers can name it.
  .filter((e) => e.path !== '' || e.kind === 'whiteout' || e.kind === 'opaque')
  .map((e) => ({ ...e, size: e.kind === 'file' ? e.size : 0, uid: 0, gid: 0 }));
const layers = fc.array(fc.array(entry, { maxLength: 12 }), { minLength: 1, maxLength: 5 });

function compact(list: LayerEntry[][]) {
  const stack = new LayerStack();
  const figures = list.map((entries) => stack.applyEntries(entries));
  const result = stack.result();
  const files: Array<[string, number, string]> = [];
  walkPaths(result.tree, ROOT, '', (p, node) => {
    files.push([p, result.tree.size(node), result.tree.kind(node)!]);
  });
  return { result, figures, files };
}

describe('LayerStack over interned paths', () => {
  it('agrees with the Map-and-string stack on every figure, wasted path and final file', () => {
    fc.assert(
      fc.property(layers, (list) => {
        const reference = referenceStack(list);
        const { result, figures, files } = compact(list);
        expect(figures).toEqual(reference.layers);
        expect(result.finalBytes).toBe(reference.finalBytes);
        expect(result.addedBytes).toBe(reference.addedBytes);
        expect(result.overwrittenBytes).toBe(reference.overwrittenBytes);
        expect(result.removedBytes).toBe(reference.removedBytes);
        expect(result.dive).toEqual(reference.dive);
        const waste = [...reference.waste.values()].sort(
          (a, b) => b.bytes - a.bytes || a.path.localeCompare(b.path),
        );
        expect(result.waste.top(Number.MAX_SAFE_INTEGER)).toEqual(waste);
        expect(result.waste.top(3)).toEqual(waste.slice(0, 3));
        // Same files in the same walk order: analyzers see them as before.
        expect(files).toEqual(reference.files);
      }),
      { numRuns: 400 },
    );
  });

  it('re-adds a removed folder empty, in last place, as a Map did', () => {
    const file = (p: string, size = 1): LayerEntry => ({
      path: p,
      kind: 'file',
      size,
      mode: 0o644,
      uid: 0,
      gid: 0,
    });
    const list: LayerEntry[][] = [
      [file('x/old'), file('y/keep'), file('z')],
      [{ path: 'x', kind: 'whiteout', size: 0, mode: 0, uid: 0, gid: 0 }, file('x/new', 5)],
    ];
    const { files } = compact(list);
    expect(files).toEqual(referenceStack(list).files);
    expect(files.map(([p]) => p)).toEqual(['y', 'z', 'x', 'x/new', 'y/keep']);
  });
});
