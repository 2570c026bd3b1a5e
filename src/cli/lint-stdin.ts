import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { readConfig, withFlags } from '../config/config.js';
import { UserError } from '../errors.js';
import { MAX_FILE_BYTES } from '../fs/index.js';
import { fixEntry, lintEntry, lintTexts, runOptionsOf } from '../lint/index.js';
import { loadWithText, projectFromFiles } from '../project/read.js';
import type { Project } from '../project/types.js';
import type { Finding } from '../types.js';
import type { LintFlags } from './lint-options.js';
import { DEFAULT_FAIL_ON, emptyOutcome, finishLint, RANK, unifiedDiff } from './lint-run.js';

/** Standard input, whole, refusing more than a Dockerfile can be and binary bytes. */
async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of process.stdin) {
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    total += bytes.length;
    if (total > MAX_FILE_BYTES) {
      throw new UserError(
        'Standard input is larger than a Dockerfile shipshape reads (1 MiB); pass a file instead.',
      );
    }
    chunks.push(bytes);
  }
  const buffer = Buffer.concat(chunks, total);
  if (buffer.includes(0))
    throw new UserError('Standard input is binary (it contains NUL bytes), not a Dockerfile.');
  const text = buffer.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * The project stdin belongs to, found from `--stdin-filename` as ruff does: the file's folder
 * is the project (its lock, .dockerignore and [tool.shipshape] count) and stdin stands in for
 * the file, which need not exist. Without a name the text is linted on its own.
 */
async function stdinProject(
  text: string,
  named: string | undefined,
): Promise<{ project: Project; file: string }> {
  if (named === undefined)
    return { project: await projectFromFiles({ Dockerfile: text }), file: 'Dockerfile' };
  const dir = path.dirname(named);
  const file = path.basename(named);
  const isFolder = existsSync(dir) && statSync(dir).isDirectory();
  if (!isFolder) {
    throw new UserError(
      `--stdin-filename ${named}: the folder ${dir} does not exist; name a file of a project folder.`,
    );
  }
  return { project: await loadWithText(dir, file, text), file };
}

/**
 * `shipshape lint -`: lints standard input. With `--fix` the fixed text goes to stdout and the
 * report to stderr (stdin has no file to write); `--diff` prints the change as a diff.
 */
export async function lintStdin(flags: LintFlags): Promise<number> {
  const text = await readStdin();
  const shown = flags.stdinFilename ?? '-';
  const { project, file } = await stdinProject(text, flags.stdinFilename);
  const entry = project.dockerfile;
  if (!entry) throw new UserError('Standard input could not be read as a Dockerfile.');
  const config = withFlags(readConfig(project.config), {
    select: flags.select,
    ignore: flags.ignore,
    failOn: flags.failOn,
  });
  const options = runOptionsOf(config);
  const outcome = emptyOutcome();
  let findings: Finding[];
  let after = text;
  const fixing = Boolean(flags.fix || flags.unsafeFixes || flags.diff);
  if (fixing) {
    const { before, result } = await fixEntry(project, entry, options, Boolean(flags.unsafeFixes));
    after = result.files[file] ?? text;
    const otherChanged = Object.keys(result.files).filter(
      (name) => name !== file && result.files[name] !== before[name],
    );
    if (otherChanged.length > 0) {
      process.stderr.write(
        `shipshape: fixes to ${otherChanged.join(', ')} were not applied; standard input changes only its own text.\n`,
      );
    }
    if (flags.diff) {
      if (after !== text) outcome.diffs.push(await unifiedDiff(shown, text, after));
      return finishLint(outcome, 1, flags);
    }
    outcome.fixed = result.applied.filter((fix) => fix.files.includes(file)).length;
    findings = await lintTexts(project, entry, { [file]: after }, options);
    process.stdout.write(after);
  } else {
    findings = await lintEntry(project, entry, options);
  }
  const threshold = RANK[config.failOn ?? DEFAULT_FAIL_ON];
  outcome.failing = findings.filter((f) => RANK[f.severity] >= threshold).length;
  outcome.findings = findings.map((finding) => ({
    ...finding,
    file: finding.file === file ? shown : finding.file,
  }));
  outcome.sources[shown] = after;
  return finishLint(outcome, 1, flags, fixing ? process.stderr : process.stdout);
}
