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

// The probe `shipshape optimize --verify` and bench run inside each image (read at run time).
const verify = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'verify');
mkdirSync(verify, { recursive: true });
copyFileSync(
  join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'verify', 'probe.py'),
  join(verify, 'probe.py'),
);
