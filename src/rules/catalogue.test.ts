import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ruleDocFiles } from '../cli/rule-docs.js';
import type { Rule } from './define.js';
import { allRules, ruleCatalogue } from './registry.js';

// Fails when a rule lacks a registry entry, docs, test cases, or an up-to-date docs page.
const here = path.dirname(fileURLToPath(import.meta.url));
const docsFolder = path.resolve(here, '../../docs/rules');
const ruleFiles = readdirSync(here).filter(
  (name) => /^SS\d{3}-[a-z0-9-]+\.ts$/.test(name) && !name.endsWith('.test.ts'),
);

describe('rule catalogue', () => {
  it('has rule files', () => {
    expect(ruleFiles.length).toBeGreaterThan(0);
  });

  for (const name of ruleFiles) {
    const base = name.replace(/\.ts$/, '');
    it(`${base}: registered, named after its file, with inline test cases`, async () => {
      const module = (await import(pathToFileURL(path.join(here, name)).href)) as { rule?: Rule };
      expect(module.rule, `${name} must export \`rule\``).toBeDefined();
      const rule = module.rule!;
      expect(`${rule.code}-${rule.name}`).toBe(base);
      expect(allRules, `${rule.code} is missing from src/rules/registry/*.ts`).toContain(rule);
      const testFile = path.join(here, `${base}.test.ts`);
      const tests = readdirSync(here).includes(`${base}.test.ts`) ? readFileSync(testFile, 'utf8') : '';
      expect(tests, `${base}.test.ts with ruleTester cases is missing`).toMatch(/ruleTester\(/);
      expect(tests).toMatch(/valid:/);
      expect(tests).toMatch(/invalid:/);
    });
  }

  it('every registered rule has a file, a unique code and complete docs', () => {
    const codes = ruleCatalogue().map((r) => r.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const rule of allRules) {
      expect(ruleFiles, `${rule.code} has no file src/rules/${rule.code}-${rule.name}.ts`).toContain(
        `${rule.code}-${rule.name}.ts`,
      );
    }
    for (const rule of ruleCatalogue()) {
      const { docs } = rule;
      for (const [field, value] of Object.entries({
        summary: docs.summary,
        whatItDoes: docs.whatItDoes,
        why: docs.why,
        bad: docs.example.bad,
        good: docs.example.good,
        fixSafety: docs.fixSafety,
      })) {
        expect(value.trim().length, `${rule.code} docs.${field} is empty`).toBeGreaterThan(0);
      }
      expect(docs.example.bad).not.toBe(docs.example.good);
    }
  });

  it('docs/rules is up to date (run `npm run docs`)', () => {
    const expected = ruleDocFiles();
    const present = readdirSync(docsFolder).filter((name) => name.endsWith('.md'));
    expect(present.sort()).toEqual(Object.keys(expected).sort());
    for (const [name, content] of Object.entries(expected)) {
      expect(readFileSync(path.join(docsFolder, name), 'utf8'), `docs/rules/${name} is stale`).toBe(content);
    }
  });
});
