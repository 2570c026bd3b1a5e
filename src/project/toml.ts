import { parse, TomlError } from 'smol-toml';
import { UserError } from '../errors.js';

export type TomlTable = Record<string, unknown>;

/** Parses TOML, turning a syntax error into one sentence with the file, line and column. */
export function parseToml(text: string, displayPath: string): TomlTable {
  try {
    return parse(text) as TomlTable;
  } catch (error) {
    if (error instanceof TomlError) {
      const reason =
        error.message.split('\n')[0]?.replace(/^Invalid TOML document:\s*/, '') ?? 'invalid TOML';
      throw new UserError(
        `${displayPath}:${error.line}:${error.column}: malformed TOML (${reason}); fix the file and try again.`,
      );
    }
    throw new UserError(`${displayPath}: malformed TOML; fix the file and try again.`);
  }
}

export function table(value: unknown): TomlTable | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date)
    ? (value as TomlTable)
    : null;
}

export function str(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

export function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

export function bool(value: unknown): boolean | null {
  return typeof value === 'boolean' ? value : null;
}

export function num(value: unknown): number | null {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  return null;
}

export function array(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
