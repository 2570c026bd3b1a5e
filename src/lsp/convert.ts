import {
  type CodeAction,
  CodeActionKind,
  type Diagnostic,
  DiagnosticSeverity,
  type Range,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { ruleDocMarkdown } from '../report/rule-doc.js';
import { categoryOf } from '../rules/define.js';
import { ruleCatalogue } from '../rules/registry.js';
import type { Edit, Finding, Severity } from '../types.js';

/** LSP message values ↔ lint values. Pure: positions come from the linted document's own text. */

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

/** Offsets are UTF-16 code units, as LSP positions count them, so the range is exact. */
export function rangeOf(document: Pick<TextDocument, 'positionAt'>, start: number, end: number): Range {
  return { start: document.positionAt(start), end: document.positionAt(end) };
}

export function toDiagnostic(document: TextDocument, finding: Finding): Diagnostic {
  return {
    range: rangeOf(document, finding.range.start.offset, finding.range.end.offset),
    severity: SEVERITY[finding.severity],
    code: finding.rule,
    codeDescription: { href: finding.docsUrl },
    source: 'shipshape',
    message: `${finding.message} (${finding.name})`,
  };
}

/** A file a fix may edit besides the Dockerfile (its .dockerignore): its URI and text, null when it does not exist yet. */
export interface OtherFile {
  uri: string;
  text: string | null;
}

/**
 * The workspace edit of a set of file edits: the Dockerfile's against the open document,
 * another file's against its text on disk, or as a new file when it does not exist.
 */
export function workspaceEdit(
  document: TextDocument,
  dockerfile: string,
  edits: readonly Edit[],
  other: (file: string) => OtherFile,
): WorkspaceEdit {
  const byFile = new Map<string, Edit[]>();
  for (const edit of edits) {
    const file = edit.file ?? dockerfile;
    byFile.set(file, [...(byFile.get(file) ?? []), edit]);
  }
  const documentChanges: NonNullable<WorkspaceEdit['documentChanges']> = [];
  for (const [file, fileEdits] of byFile) {
    if (file === dockerfile) {
      documentChanges.push({
        textDocument: { uri: document.uri, version: document.version },
        edits: fileEdits.map((edit) => textEdit(document, edit)),
      });
      continue;
    }
    const target = other(file);
    if (target.text === null)
      documentChanges.push({ kind: 'create', uri: target.uri, options: { ignoreIfExists: true } });
    const lines = linePositions(target.text ?? '');
    documentChanges.push({
      textDocument: { uri: target.uri, version: null },
      edits: fileEdits.map((edit) => textEdit(lines, edit)),
    });
  }
  return { documentChanges };
}

function textEdit(document: Pick<TextDocument, 'positionAt'>, edit: Edit): TextEdit {
  return { range: rangeOf(document, edit.start, edit.end), newText: edit.content };
}

/** `positionAt` for a text that is not an open document. */
function linePositions(text: string): Pick<TextDocument, 'positionAt'> {
  const starts = [0];
  for (let index = 0; index < text.length; index++) if (text[index] === '\n') starts.push(index + 1);
  return {
    positionAt(offset: number) {
      const clamped = Math.max(0, Math.min(offset, text.length));
      let line = 0;
      while (line + 1 < starts.length && starts[line + 1]! <= clamped) line++;
      return { line, character: clamped - starts[line]! };
    },
  };
}

/** One quick fix per finding that carries a fix; unsafe ones say so and are never preferred. */
export function quickFix(
  document: TextDocument,
  dockerfile: string,
  finding: Finding,
  other: (file: string) => OtherFile,
): CodeAction | null {
  if (!finding.fix) return null;
  const unsafe = finding.fix.applicability === 'unsafe';
  return {
    title: `${unsafe ? 'Unsafe fix: ' : ''}${finding.fix.description} (${finding.rule})`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [toDiagnostic(document, finding)],
    isPreferred: !unsafe,
    edit: workspaceEdit(document, dockerfile, finding.fix.edits, other),
  };
}

/** The whole-document replacement a "fix all" makes, as a minimal edit around the changed middle. */
export function replaceChanged(document: TextDocument, after: string): TextEdit[] {
  const before = document.getText();
  if (before === after) return [];
  let head = 0;
  while (head < before.length && head < after.length && before[head] === after[head]) head++;
  let tail = 0;
  while (
    tail < before.length - head &&
    tail < after.length - head &&
    before[before.length - 1 - tail] === after[after.length - 1 - tail]
  )
    tail++;
  return [
    { range: rangeOf(document, head, before.length - tail), newText: after.slice(head, after.length - tail) },
  ];
}

/** Hover text for a rule code: the rule's documentation page. */
export function ruleHover(code: string): string | null {
  const rule = ruleCatalogue().find((candidate) => candidate.code === code);
  return rule ? ruleDocMarkdown(rule, categoryOf(rule.code)) : null;
}
