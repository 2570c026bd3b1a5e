// Bundles the CLI for a fast start: dist/cli.js (the ES module CLI the bin hands most lines
// to, replacing the file tsc wrote there) plus the chunks its lazy `import()`s load, in
// dist/cli-chunks/; the rest of tsc's output stays as the library. A dozen files instead of resolving, reading and linking
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

const external = [
  'better-sqlite3',
  'web-tree-sitter',
  'vscode-languageserver',
  'vscode-languageserver-textdocument',
];

// What every bundle below shares. Minified for whitespace and syntax only: V8 compiles every
// byte it loads (this halves what lint loads), and names stay readable in stack traces
// (SHIPSHAPE_DEBUG=1).
const shared = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'eof',
  logLevel: 'warning',
};
// The CommonJS ones: import.meta.url is the file's own URL.
const commonJs = {
  ...shared,
  format: 'cjs',
  define: { 'import.meta.url': '__shipshapeModuleUrl' },
  banner: { js: "const __shipshapeModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
};

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
  ...shared,
  format: 'esm',
  external,
  // CommonJS dependencies (commander, dockerfile-ast) call require() for Node's built-ins; an
  // ES module has no require of its own.
  banner: {
    js: "import { createRequire as __shipshapeRequire } from 'node:module';\nconst require = __shipshapeRequire(import.meta.url);",
  },
});

// The package's bin (src/bin.ts): CommonJS, which Node starts without its ES module loader.
// It holds only what answers `--version` and reads a plain `lint` line, and loads the lint
// bundle below; other lines import the ES module CLI (dist/cli.js), kept external, as is the
// unbundled lint code lint-bundle-load.ts falls back to (never used beside a built lint.cjs).
await build({
  entryPoints: [join(repo, 'src/bin.ts')],
  outfile: join(repo, 'dist/bin.cjs'),
  ...commonJs,
  external: [...external, './cli.js'],
  plugins: [
    {
      name: 'unbundled-lint-fallback',
      setup(plugin) {
        plugin.onResolve({ filter: /^\.\/lint-bundle\.js$/ }, () => ({
          path: './cli/lint-bundle.js',
          external: true,
        }));
      },
    },
  ],
});

// What `shipshape lint` runs (the CLI's quick path and its worker threads), once more as one
// CommonJS file: cli/lint-bundle-load.ts compiles it with V8's code cache, which Node 20 offers
// for scripts but not for ES modules, and one file is one read instead of twenty chunks. Its
// dynamic import()s become plain requires (a cached script has no module loader to ask), the
// externals are required (web-tree-sitter's CommonJS build), and import.meta.url is the file's.
await build({
  entryPoints: [join(repo, 'src/cli/lint-bundle.ts')],
  outfile: join(repo, 'dist/cli-chunks/lint.cjs'),
  ...commonJs,
  supported: { 'dynamic-import': false },
  // The YAML reader is only needed beside an action.yml: required from node_modules then, not
  // carried (180 KB) in the file every lint reads and deserialises.
  external: [...external, 'yaml'],
});
