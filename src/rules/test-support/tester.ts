import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { applyEdits, parseDockerfile } from '../../dockerfile/index.js';
import { load } from '../../project/index.js';
import type { Edit, Finding } from '../../types.js';
import type { Rule } from '../define.js';
import { runRules } from '../run.js';

export interface CaseSpec {
  /** The Dockerfile text. */
  dockerfile: string;
  /** Other project files (path → content), e.g. `pyproject.toml`, `uv.lock`, `.dockerignore`. */
  files?: Record<string, string>;
  /** A label for the test name. */
  name?: string;
  /**
   * Whether the case also runs with its RUN lines wrapped in ONBUILD (the default when it has
   * RUN lines without heredocs). Set false, with a comment saying why, when ONBUILD changes
   * what the case means for this rule.
   */
  onbuild?: boolean;
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

export interface TesterOptions {
  /**
   * How ONBUILD-wrapped cases must come out: `same` (the findings of the plain case, on the same
   * lines), `valid-only` (wrapped valid cases stay clean; a rule about the build's own steps,
   * not those it defers to child images, need not report wrapped invalid ones), or `skip`.
   */
  onbuild?: 'same' | 'valid-only' | 'skip';
}

/** Passes of fix-and-relint before a case's fixes must have settled. */
const MAX_FIX_PASSES = 10;

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

/** The case with each RUN line registered as an ONBUILD trigger, or null when that makes no sense. */
export function wrappedInOnbuild(spec: CaseSpec): CaseSpec | null {
  if (spec.onbuild === false || spec.dockerfile.includes('<<')) return null;
  const runLine = /^([ \t]*)(RUN\b)/gim;
  if (!runLine.test(spec.dockerfile)) return null;
  return { ...spec, dockerfile: spec.dockerfile.replace(runLine, '$1ONBUILD $2') };
}

function fileEdits(findings: Finding[]): Edit[] {
  return findings.flatMap((f) => f.fix?.edits.filter((e) => !e.file) ?? []);
}

const where = (findings: Finding[]) => findings.map((f) => `${f.range.start.line}: ${f.message}`);

/**
 * Applies the rule's fixes, lints again and repeats until no fix is left (ruff's loop): each
 * pass must re-parse cleanly, the loop must settle within MAX_FIX_PASSES, and each finding a
 * fix was offered for must be gone at the end.
 */
async function fixUntilStable(rule: Rule, spec: CaseSpec, findings: Finding[]): Promise<void> {
  let text = spec.dockerfile;
  let current = findings;
  const fixed = findings.filter((f) => fileEdits([f]).length > 0);
  for (let pass = 0; pass < MAX_FIX_PASSES; pass++) {
    const edits = fileEdits(current);
    if (edits.length === 0) break;
    text = applyEdits(text, edits);
    const reparsed = await parseDockerfile(text);
    expect(reparsed.syntaxErrors, `fix pass ${pass + 1} broke the Dockerfile:\n${text}`).toEqual([]);
    current = (await lintCase(rule, { ...spec, dockerfile: text })).findings;
    expect(
      pass < MAX_FIX_PASSES - 1 || fileEdits(current).length === 0,
      `fixes did not settle after ${MAX_FIX_PASSES} passes`,
    ).toBe(true);
  }
  for (const finding of fixed) {
    const before = findings.filter((f) => f.message === finding.message).length;
    const removed = fixed.filter((f) => f.message === finding.message).length;
    const after = current.filter((f) => f.message === finding.message).length;
    expect(after, `the fix did not remove "${finding.message}" from:\n${text}`).toBeLessThanOrEqual(
      before - removed,
    );
  }
}

/**
 * ESLint's RuleTester, shaped for Dockerfiles read with their project and made as strict as
 * ruff's and hadolint's: valid cases must produce nothing; invalid cases must produce exactly
 * the listed findings, and an `output` whenever the rule fixes — which must re-parse without
 * syntax errors, and fixing again until nothing changes must settle and remove the finding.
 * Every case also runs with its RUN lines under ONBUILD; a rule declared not fixable must
 * offer no fix and one declared fixable must offer one, of the declared applicability.
 */
export function ruleTester(
  rule: Rule,
  cases: { valid: ValidCase[]; invalid: InvalidCase[] },
  options: TesterOptions = {},
): void {
  const seen = new Set<string>();
  const key = (spec: CaseSpec) => JSON.stringify([spec.dockerfile, spec.files ?? {}]);
  const onbuild = options.onbuild ?? 'valid-only';
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
    it(`offers fixes as declared (fixable: ${rule.fixable})`, async () => {
      const fixes = [];
      for (const c of cases.invalid) {
        for (const finding of (await lintCase(rule, c)).findings) if (finding.fix) fixes.push(finding.fix);
      }
      if (rule.fixable === false) expect(fixes, 'a rule declared not fixable offered a fix').toEqual([]);
      else {
        expect(fixes.length, 'a rule declared fixable offered no fix in any invalid case').toBeGreaterThan(0);
        for (const fix of fixes) expect(fix.applicability).toBe(rule.fixable);
      }
    });
    for (const [index, c] of cases.valid.entries()) {
      const spec = typeof c === 'string' ? { dockerfile: c } : c;
      it(`valid #${index + 1}${spec.name ? `: ${spec.name}` : ''}`, async () => {
        const { findings } = await lintCase(rule, spec);
        expect(findings.map((f) => `${f.range.start.line}:${f.range.start.column} ${f.message}`)).toEqual([]);
        const wrapped = onbuild === 'skip' ? null : wrappedInOnbuild(spec);
        if (wrapped) {
          const under = await lintCase(rule, wrapped);
          expect(where(under.findings), `under ONBUILD:\n${wrapped.dockerfile}`).toEqual([]);
        }
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
        const edits = fileEdits(findings);
        if (edits.length > 0) {
          expect(c.output, 'a fix was offered: the case must give `output`').toBeDefined();
          const fixed = applyEdits(text, edits);
          expect(fixed).toBe(c.output);
          const reparsed = await parseDockerfile(fixed);
          expect(reparsed.syntaxErrors).toEqual([]);
          await fixUntilStable(rule, c, findings);
        } else if (c.output !== undefined) {
          expect(c.output).toBe(text);
        }
        const wrapped = onbuild === 'same' ? wrappedInOnbuild(c) : null;
        if (wrapped) {
          const under = await lintCase(rule, wrapped);
          expect(where(under.findings), `under ONBUILD:\n${wrapped.dockerfile}`).toEqual(where(findings));
          await fixUntilStable(rule, wrapped, under.findings);
        }
      });
    }
  });
}
