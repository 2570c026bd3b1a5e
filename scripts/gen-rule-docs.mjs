#!/usr/bin/env node
// Writes docs/rules/*.md from the rules' own metadata (run `npm run docs`; it builds first).
// The folder is generated: pages of rules that no longer exist are removed.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ruleDocFiles } from '../dist/cli/rule-docs.js';

const folder = join(dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'rules');
mkdirSync(folder, { recursive: true });
const files = ruleDocFiles();
let written = 0;
for (const [name, content] of Object.entries(files)) {
  const path = join(folder, name);
  let current = null;
  try {
    current = readFileSync(path, 'utf8');
  } catch {}
  if (current !== content) {
    writeFileSync(path, content);
    written++;
  }
}
let removed = 0;
for (const name of readdirSync(folder)) {
  if (name.endsWith('.md') && !(name in files)) {
    rmSync(join(folder, name));
    removed++;
  }
}
console.log(`docs/rules: ${Object.keys(files).length} pages, ${written} written, ${removed} removed.`);
