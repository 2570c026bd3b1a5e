import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Language, Parser } from 'web-tree-sitter';

let parserPromise: Promise<Parser> | null = null;
let readyParser: Parser | null = null;

/**
 * The bash grammar ships as a .wasm file copied next to the compiled code (dist/wasm): one
 * folder up from dist/dockerfile/shell-grammar.js, beside the bundled dist/cli.js.
 */
function bashWasmPath(): string {
  for (const relative of ['../wasm/tree-sitter-bash.wasm', './wasm/tree-sitter-bash.wasm']) {
    const shipped = fileURLToPath(new URL(relative, import.meta.url));
    if (existsSync(shipped)) return shipped;
  }
  // Running from source (tests): the grammar package is a development dependency.
  return createRequire(import.meta.url).resolve('tree-sitter-bash/tree-sitter-bash.wasm');
}

/** Loads the grammar once per process; later calls reuse the same parser. */
export function loadShellParser(): Promise<Parser> {
  parserPromise ??= (async () => {
    await Parser.init();
    const bash = await Language.load(bashWasmPath());
    const parser = new Parser();
    parser.setLanguage(bash);
    readyParser = parser;
    return parser;
  })();
  return parserPromise;
}

/** The parser when `loadShellParser` has finished, for synchronous callers. */
export function shellParserIfReady(): Parser | null {
  return readyParser;
}
