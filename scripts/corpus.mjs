#!/usr/bin/env node
// `npm run corpus`: parses and lints every Dockerfile of ../shared/corpus/files (real Python
// server Dockerfiles), each in a throwaway project folder of its own. Fails on any crash or
// on a parse/print round trip that is not byte-identical; prints parse errors and findings per rule.
// Uses the built library (npm run build first).
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const corpus = resolve(repo, '..', 'shared', 'corpus', 'files');
if (!existsSync(corpus)) {
  console.log(`corpus: skipped (${corpus} does not exist)`);
  process.exit(0);
}

const { parseDockerfile, printDockerfile } = await import(join(repo, 'dist/dockerfile/index.js'));
const { load } = await import(join(repo, 'dist/project/index.js'));
const { runRules } = await import(join(repo, 'dist/rules/run.js'));
const { fixEntry } = await import(join(repo, 'dist/lint/index.js'));

const names = readdirSync(corpus).sort();
const perRule = new Map();
let parseErrors = 0;
let filesWithErrors = 0;
let crashes = 0;
let roundTripFailures = 0;
let findings = 0;
let fixesApplied = 0;
let unsettled = 0;
for (const name of names) {
  const text = readFileSync(join(corpus, name), 'utf8');
  const folder = mkdtempSync(join(tmpdir(), 'shipshape-corpus-'));
  try {
    const model = await parseDockerfile(text, 'Dockerfile');
    if (printDockerfile(model) !== text) {
      roundTripFailures++;
      console.log(`round trip differs: ${name}`);
    }
    parseErrors += model.syntaxErrors.length;
    if (model.syntaxErrors.length > 0) {
      filesWithErrors++;
      for (const error of model.syntaxErrors) {
        console.log(
          `parse error: ${name}:${error.range.start.line}:${error.range.start.column} ${error.message}`,
        );
      }
    }
    copyFileSync(join(corpus, name), join(folder, 'Dockerfile'));
    const project = await load(folder);
    const entry = project.dockerfile;
    for (const finding of runRules(project, entry.model, entry.path)) {
      findings++;
      const key = `${finding.rule} ${finding.name}`;
      perRule.set(key, (perRule.get(key) ?? 0) + 1);
    }
    // Every fix, unsafe ones included, must settle and leave a Dockerfile that still parses.
    const { result } = await fixEntry(project, entry, {}, true);
    fixesApplied += result.applied.length;
    if (!result.converged) {
      unsettled++;
      console.log(`fixes did not settle: ${name}`);
    }
    const fixed = await parseDockerfile(result.files[entry.path], 'Dockerfile');
    if (fixed.syntaxErrors.length > model.syntaxErrors.length) {
      crashes++;
      console.log(`fixed file no longer parses: ${name}`);
    }
  } catch (error) {
    crashes++;
    console.log(`CRASH ${name}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

console.log(`\ncorpus: ${names.length} files, ${crashes} crashes, ${roundTripFailures} round-trip failures`);
console.log(`parse errors: ${parseErrors} (in ${filesWithErrors} files)`);
console.log(`fixes: ${fixesApplied} applied (safe and unsafe), ${unsettled} files did not settle`);
console.log(`findings: ${findings}`);
for (const [rule, count] of [...perRule].sort((a, b) => a[0].localeCompare(b[0]))) {
  console.log(`  ${String(count).padStart(4)}  ${rule}`);
}
process.exit(crashes > 0 || roundTripFailures > 0 || unsettled > 0 ? 1 : 0);
