import type { Requirement } from './types.js';

/** PEP 503: lower case, runs of `-`, `_`, `.` become one `-`. */
export function normalizeName(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[-_.]+/g, '-');
}

const NAME = /^\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*/;

export interface RequirementPlace {
  file: string;
  line: number | null;
}

/**
 * Parses a PEP 508 requirement (`name[extra] >=1; marker`, `name @ url`). Tolerant: text we
 * cannot read keeps its raw form with an empty name, never throws.
 */
export function parseRequirement(raw: string, place: RequirementPlace): Requirement {
  const requirement: Requirement = {
    name: '',
    raw: raw.trim(),
    extras: [],
    specifier: '',
    marker: null,
    url: null,
    editable: false,
    file: place.file,
    line: place.line,
    hashes: [],
  };
  let rest = raw.trim();
  const nameMatch = NAME.exec(rest);
  if (!nameMatch) {
    requirement.url = rest || null;
    return requirement;
  }
  requirement.name = normalizeName(nameMatch[1] ?? '');
  rest = rest.slice(nameMatch[0].length);
  if (rest.startsWith('[')) {
    const close = rest.indexOf(']');
    const inner = close >= 0 ? rest.slice(1, close) : rest.slice(1);
    requirement.extras = inner
      .split(',')
      .map((extra) => normalizeName(extra))
      .filter(Boolean);
    rest = close >= 0 ? rest.slice(close + 1).trim() : '';
  }
  if (rest.startsWith('@')) {
    // A URL requirement's marker must be separated by whitespace before the `;`.
    const urlAndMarker = rest.slice(1).trim();
    const markerAt = urlAndMarker.search(/\s;/);
    requirement.url = (markerAt >= 0 ? urlAndMarker.slice(0, markerAt) : urlAndMarker).trim();
    if (markerAt >= 0) requirement.marker = urlAndMarker.slice(markerAt + 2).trim() || null;
    return requirement;
  }
  const semicolon = rest.indexOf(';');
  const spec = semicolon >= 0 ? rest.slice(0, semicolon) : rest;
  if (semicolon >= 0) requirement.marker = rest.slice(semicolon + 1).trim() || null;
  requirement.specifier = spec
    .trim()
    .replace(/^\((.*)\)$/, '$1')
    .replace(/\s+/g, '');
  return requirement;
}
