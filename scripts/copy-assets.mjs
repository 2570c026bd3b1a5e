// Ships only the tree-sitter-bash grammar (.wasm) next to the compiled code, not the package.
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const target = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'wasm');
mkdirSync(target, { recursive: true });
copyFileSync(
  require.resolve('tree-sitter-bash/tree-sitter-bash.wasm'),
  join(target, 'tree-sitter-bash.wasm'),
);
