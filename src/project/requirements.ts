import path from 'node:path';
import { isUserError, UserError } from '../errors.js';
import { isDevName } from './dev-names.js';
import { parseRequirement } from './pep508.js';
import type { Requirement, RequirementsFile } from './types.js';

/** Options that take a value when written as a separate word (`-i URL`). */
const VALUE_OPTIONS = new Set([
  '-i',
  '--index-url',
  '--extra-index-url',
  '--trusted-host',
  '-f',
  '--find-links',
  '--no-binary',
  '--only-binary',
  '--use-feature',
  '--config-settings',
]);

export interface ParsedRequirementsText {
  requirements: Requirement[];
  /** Raw include targets as written, relative to the file. */
  includes: string[];
  constraints: string[];
  /** Each `-r`/`-c` as written, with its line (for errors that point at it). */
  references: Array<{ option: string; target: string; line: number }>;
  options: RequirementsFile['options'];
}

/** Joins `\` continuations and drops comments, keeping the line where each logical line starts. */
function logicalLines(text: string): Array<{ text: string; line: number }> {
  const result: Array<{ text: string; line: number }> = [];
  const physical = text.split(/\r?\n/);
  let buffer = '';
  let start = 1;
  physical.forEach((raw, index) => {
    if (buffer === '') start = index + 1;
    const withoutComment = raw.replace(/(^|\s)#.*$/, '');
    if (withoutComment.endsWith('\\')) {
      buffer += `${withoutComment.slice(0, -1)} `;
      return;
    }
    buffer += withoutComment;
    if (buffer.trim()) result.push({ text: buffer.trim(), line: start });
    buffer = '';
  });
  if (buffer.trim()) result.push({ text: buffer.trim(), line: start });
  return result;
}

function splitOption(word: string): [string, string | null] {
  const equals = word.indexOf('=');
  return equals > 0 ? [word.slice(0, equals), word.slice(equals + 1)] : [word, null];
}

/** Parses one requirements file's text (pip's format). */
export function parseRequirementsText(text: string, file: string): ParsedRequirementsText {
  const parsed: ParsedRequirementsText = {
    requirements: [],
    includes: [],
    constraints: [],
    references: [],
    options: [],
  };
  for (const { text: lineText, line } of logicalLines(text)) {
    const words = lineText.split(/\s+/);
    const first = words[0] ?? '';
    if (first.startsWith('-') && !/^(-e|--editable)(=|$)/.test(first)) {
      const [name, inlineValue] = first.startsWith('--')
        ? splitOption(first)
        : [first.slice(0, 2), first.slice(2) || null];
      const value =
        inlineValue ??
        (VALUE_OPTIONS.has(name) || ['-r', '--requirement', '-c', '--constraint'].includes(name)
          ? (words[1] ?? null)
          : null);
      const include = name === '-r' || name === '--requirement';
      if ((include || name === '-c' || name === '--constraint') && value) {
        (include ? parsed.includes : parsed.constraints).push(value);
        parsed.references.push({ option: name, target: value, line });
      } else parsed.options.push({ name, value, line });
      continue;
    }
    let editable = false;
    let rest = words;
    if (first === '-e' || first === '--editable') {
      editable = true;
      rest = words.slice(1);
    } else if (first.startsWith('--editable=') || first.startsWith('-e')) {
      editable = true;
      rest = [first.replace(/^(--editable=|-e)/, ''), ...words.slice(1)];
    }
    // Per-requirement options (`--hash=…`) follow the requirement itself.
    const optionAt = rest.findIndex((word, index) => index > 0 && word.startsWith('--'));
    const specWords = optionAt >= 0 ? rest.slice(0, optionAt) : rest;
    const hashes = (optionAt >= 0 ? rest.slice(optionAt) : [])
      .filter((word) => word.startsWith('--hash='))
      .map((word) => word.slice('--hash='.length));
    const spec = specWords.join(' ');
    const requirement = looksLikeLocation(spec)
      ? locationRequirement(spec, file, line)
      : parseRequirement(spec, { file, line });
    requirement.editable = editable;
    requirement.hashes = hashes;
    parsed.requirements.push(requirement);
  }
  return parsed;
}

function looksLikeLocation(spec: string): boolean {
  return (
    /^(\.|\/|~|[a-z+]+:\/\/|git\+|hg\+|svn\+|bzr\+|file:)/i.test(spec) || /\.(whl|tar\.gz|zip)$/.test(spec)
  );
}

function locationRequirement(spec: string, file: string, line: number): Requirement {
  const egg = /[#&]egg=([A-Za-z0-9._-]+)/.exec(spec);
  const requirement = parseRequirement(egg?.[1] ?? '', { file, line });
  return { ...requirement, raw: spec, url: spec.split(/\s+;/)[0] ?? spec };
}

export type TextReader = (relativePath: string) => string;

/**
 * Reads the given requirements files and everything they include with `-r`/`-c`, each path
 * resolved relative to the file that names it. Cycles are cut; every file is read once.
 */
export function loadRequirementsFiles(startFiles: string[], read: TextReader): RequirementsFile[] {
  const seen = new Map<string, RequirementsFile>();
  /** Where a file was named, for errors about it: `requirements.txt:3` and `-r base.txt`. */
  const namedAt = new Map<string, { where: string; reference: string }>();
  const readNamed = (file: string): string => {
    const at = namedAt.get(file);
    if (at === undefined) return read(file);
    if (path.posix.isAbsolute(file) || file === '..' || file.startsWith('../')) {
      throw new UserError(
        `${at.where}: ${at.reference} names a file outside the project; shipshape reads only the project's own files, so copy it in or drop the option.`,
      );
    }
    try {
      return read(file);
    } catch (error) {
      // The reader's sentence names the file; put the line that asked for it in front.
      if (!isUserError(error)) throw error;
      throw new UserError(`${at.where}: ${error.message}`);
    }
  };
  const visit = (file: string, inheritedDev: boolean): void => {
    const existing = seen.get(file);
    if (existing) {
      existing.dev ||= inheritedDev;
      return;
    }
    const parsed = parseRequirementsText(readNamed(file), file);
    // An absolute target stays absolute (path.join would make `/etc/passwd` a project file).
    const resolve = (target: string): string =>
      path.posix.normalize(
        path.posix.isAbsolute(target) ? target : path.posix.join(path.posix.dirname(file), target),
      );
    for (const { option, target, line } of parsed.references) {
      const resolved = resolve(target);
      if (!namedAt.has(resolved))
        namedAt.set(resolved, { where: `${file}:${line}`, reference: `${option} ${target}` });
    }
    const entry: RequirementsFile = {
      path: file,
      requirements: parsed.requirements,
      includes: parsed.includes.map(resolve),
      constraints: parsed.constraints.map(resolve),
      options: parsed.options,
      dev: inheritedDev || isDevName(path.posix.basename(file)) || isDevName(path.posix.dirname(file)),
    };
    seen.set(file, entry);
    for (const include of entry.includes) visit(include, false);
    for (const constraint of entry.constraints) visit(constraint, false);
  };
  for (const file of startFiles) visit(file, false);
  return [...seen.values()];
}
