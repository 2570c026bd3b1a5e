import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { applyEdits, parseDockerfile } from '../../dockerfile/index.js';
import { load } from '../../project/index.js';
import type { Finding } from '../../types.js';
import type { Rule } from '../define.js';
import { runRules } from '../run.js';

export interface CaseSpec {
  /** The Dockerfile text. */
  dockerfile: string;
  /** Other project files (path → content), e.g. `pyproject.toml`, `uv.lock`, `.dockerignore`. */
  files?: Record<string, string>;
  /** A label for the test name. */
  name?: string;
}

export interface ExpectedError {
  line: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
  message?: string | RegExp;
}

export interface InvalidCase extends CaseSpec {
  errors: ExpectedError[];
  /** The Dockerfile after applying every fix the rule offers (safe and unsafe). Required when a fix exists. */
  output?: string;
}

export type ValidCase = string | CaseSpec;

const tempRoots: string[] = [];

async function lintCase(rule: Rule, spec: CaseSpec): Promise<{ findings: Finding[]; text: string }> {
  const root = mkdtempSync(join(tmpdir(), 'shipshape-rule-'));
  tempRoots.push(root);
  writeFileSync(join(root, 'Dockerfile'), spec.dockerfile);
  for (const [path, content] of Object.entries(spec.files ?? {})) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  const project = await load(root);
  const entry = project.dockerfile!;
  const findings = runRules(project, entry.model, entry.path, { rules: [rule], select: [rule.code] });
  return { findings: findings.filter((f) => f.rule === rule.code), text: spec.dockerfile };
}

/**
 * ESLint's RuleTester, shaped for Dockerfiles read with their project: valid cases must
 * produce nothing; invalid cases must produce exactly the listed findings, and an `output`
 * whenever the rule fixes — which must re-parse without syntax errors.
 */
export function ruleTester(rule: Rule, cases: { valid: ValidCase[]; invalid: InvalidCase[] }): void {
  const seen = new Set<string>();
  const key = (spec: CaseSpec) => JSON.stringify([spec.dockerfile, spec.files ?? {}]);
  describe(`${rule.code} ${rule.name}`, () => {
    afterAll(() => {
      for (const root of tempRoots.splice(0)) rmSync(root, { recursive: true, force: true });
    });
    it('has at least one valid and one invalid case, none duplicated', () => {
      expect(cases.valid.length).toBeGreaterThan(0);
      expect(cases.invalid.length).toBeGreaterThan(0);
      for (const c of [...cases.valid, ...cases.invalid]) {
        const spec = typeof c === 'string' ? { dockerfile: c } : c;
        expect(seen.has(key(spec)), `duplicate case: ${spec.dockerfile}`).toBe(false);
        seen.add(key(spec));
      }
    });
    for (const [index, c] of cases.valid.entries()) {
      const spec = typeof c === 'string' ? { dockerfile: c } : c;
      it(`valid #${index + 1}${spec.name ? `: ${spec.name}` : ''}`, async () => {
        const { findings } = await lintCase(rule, spec);
        expect(findings.map((f) => `${f.range.start.line}:${f.range.start.column} ${f.message}`)).toEqual([]);
      });
    }
    for (const [index, c] of cases.invalid.entries()) {
      it(`invalid #${index + 1}${c.name ? `: ${c.name}` : ''}`, async () => {
        const { findings, text } = await lintCase(rule, c);
        expect(findings.length, findings.map((f) => `${f.range.start.line}:${f.message}`).join('\n')).toBe(
          c.errors.length,
        );
        for (const [i, expected] of c.errors.entries()) {
          const actual = findings[i]!;
          expect(actual.range.start.line).toBe(expected.line);
          if (expected.column !== undefined) expect(actual.range.start.column).toBe(expected.column);
          if (expected.endLine !== undefined) expect(actual.range.end.line).toBe(expected.endLine);
          if (expected.endColumn !== undefined) expect(actual.range.end.column).toBe(expected.endColumn);
          if (typeof expected.message === 'string') expect(actual.message).toBe(expected.message);
          else if (expected.message) expect(actual.message).toMatch(expected.message);
        }
        const edits = findings.flatMap((f) => f.fix?.edits.filter((e) => !e.file) ?? []);
        if (edits.length > 0) {
          expect(c.output, 'a fix was offered: the case must give `output`').toBeDefined();
          const fixed = applyEdits(text, edits);
          expect(fixed).toBe(c.output);
          const reparsed = await parseDockerfile(fixed);
          expect(reparsed.syntaxErrors).toEqual([]);
        } else if (c.output !== undefined) {
          expect(c.output).toBe(text);
        }
      });
    }
  });
}
