import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Parser } from 'web-tree-sitter';

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

/**
 * Loads the grammar once per process; later calls reuse the same parser. web-tree-sitter
 * itself is imported here, on first use: most Dockerfiles never need it (see withShellParserWhenNeeded).
 */
export function loadShellParser(): Promise<Parser> {
  parserPromise ??= (async () => {
    const { Language, Parser } = await import('web-tree-sitter');
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

/** Thrown by the parser source of a first attempt when a script needs tree-sitter after all. */
class ShellParserNeeded extends Error {}

/**
 * Runs a synchronous parse that takes a parser source (`parseDockerfileWith`,
 * `parseShellScript`), loading the grammar only if the fast reader declines one of its
 * scripts: the first attempt stops at that script, the grammar loads, and the parse runs again
 * (once per process at most, since the parser then stays loaded).
 */
export async function withShellParserWhenNeeded<T>(parse: (shellParser: () => Parser) => T): Promise<T> {
  const ready = readyParser;
  if (ready) return parse(() => ready);
  try {
    return parse(() => {
      throw new ShellParserNeeded('the bash grammar is not loaded');
    });
  } catch (error) {
    if (!(error instanceof ShellParserNeeded)) throw error;
  }
  const parser = await loadShellParser();
  return parse(() => parser);
}
