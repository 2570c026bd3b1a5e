import type { Directive } from './model.js';
import type { LineIndex } from './positions.js';

const DIRECTIVE = /^#[ \t]*([A-Za-z][A-Za-z0-9_-]*)[ \t]*=[ \t]*(\S*)[ \t]*\r?$/;

/**
 * Parser directives (`# syntax=`, `# escape=`, `# check=`) are only honoured in the
 * comment lines at the very top of the file; the first other line ends them.
 */
export function readDirectives(text: string, lines: LineIndex): Directive[] {
  const directives: Directive[] = [];
  const seen = new Set<string>();
  for (let line = 1; line <= lines.lineCount; line++) {
    const start = lines.lineStart(line);
    const end = lines.lineEnd(line);
    const content = text.slice(start, end);
    const match = DIRECTIVE.exec(content);
    if (!match) break;
    const name = match[1]!.toLowerCase();
    if (seen.has(name)) break;
    seen.add(name);
    directives.push({
      name,
      value: match[2]!,
      range: lines.range(start, start + content.replace(/\r$/, '').length),
    });
  }
  return directives;
}
