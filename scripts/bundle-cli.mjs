// Bundles the CLI for a fast start: dist/cli.js (the package's bin, replacing the file tsc
// wrote there) plus the chunks its lazy `import()`s load, in dist/cli-chunks/; the rest of
// tsc's output stays as the library. A dozen files instead of resolving, reading and linking
// some 250 modules at every start, which was most of what a short `shipshape lint` spent (see
// README, "Tool figures"). Split rather than one file: V8 compiles every byte of a module it
// loads, and a single 1.8 MB file (yaml, execa, optimize, image… that lint never runs) cost
// about twice the compile time of the chunks lint needs.
//
// Kept outside the bundle: better-sqlite3 (a native addon), web-tree-sitter (it finds its
// own tree-sitter.wasm next to its module file) and the language server's packages (CommonJS
// whose named exports a bundled dynamic import() would lose; only `lsp` loads them). The bash grammar is found by shell-grammar.ts
// in dist/wasm from either location.

import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');

// Chunk names carry a content hash: stale ones from an earlier build must not pile up.
rmSync(join(repo, 'dist/cli-chunks'), { recursive: true, force: true });
await build({
  // The lint worker thread's script is an entry of its own (dist/cli/lint-worker.js), sharing
  // the chunks.
  entryPoints: [join(repo, 'src/cli.ts'), join(repo, 'src/cli/lint-worker.ts')],
  outbase: join(repo, 'src'),
  outdir: join(repo, 'dist'),
  entryNames: '[dir]/[name]',
  chunkNames: 'cli-chunks/[name]-[hash]',
  splitting: true,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: [
    'better-sqlite3',
    'web-tree-sitter',
    'vscode-languageserver',
    'vscode-languageserver-textdocument',
  ],
  // CommonJS dependencies (commander, dockerfile-ast) call require() for Node's built-ins; an
  // ES module has no require of its own.
  banner: {
    js: "import { createRequire as __shipshapeRequire } from 'node:module';\nconst require = __shipshapeRequire(import.meta.url);",
  },
  // Whitespace and syntax only: V8 compiles every byte it loads (this halves what lint loads),
  // and names stay readable in stack traces (SHIPSHAPE_DEBUG=1).
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'eof',
  logLevel: 'warning',
});
