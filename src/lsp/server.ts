import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  type CodeAction,
  CodeActionKind,
  type CodeActionParams,
  type Connection,
  type Diagnostic,
  DiagnosticSeverity,
  DidChangeWatchedFilesNotification,
  type Hover,
  type HoverParams,
  type InitializeResult,
  TextDocumentSyncKind,
  TextDocuments,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { fixEntry } from '../lint/index.js';
import { isDockerfileName } from '../project/build.js';
import { type OtherFile, quickFix, replaceChanged, ruleHover, toDiagnostic } from './convert.js';
import { type LintedDocument, WATCHED_GLOBS, Workspace } from './workspace.js';

/** The kind of shipshape's "fix all" action; editors run it on save with `source.fixAll`. */
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.shipshape`;
const DEFAULT_DEBOUNCE_MS = 200;

interface InitializationOptions {
  /** Quiet time after a change before linting (default 200 ms). */
  debounceMs?: number;
}

function isRequested(kind: string, only: string[] | undefined): boolean {
  return !only || only.some((wanted) => kind === wanted || kind.startsWith(`${wanted}.`));
}

function contains(
  finding: { range: { start: { offset: number }; end: { offset: number } } },
  offset: number,
) {
  return finding.range.start.offset <= offset && offset <= finding.range.end.offset;
}

/**
 * The language server: diagnostics on open and change (debounced), quick fixes and "fix all"
 * from the rules' fixes, the rule's docs on hover, and a fresh lint when a project file
 * (pyproject.toml, a lock, .dockerignore…) changes. Adapter only: lint values in, LSP out.
 */
export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const workspace = new Workspace();
  const linted = new Map<string, LintedDocument>();
  const timers = new Map<string, NodeJS.Timeout>();
  let debounceMs = DEFAULT_DEBOUNCE_MS;
  let canWatch = false;

  const pathOf = (uri: string): string | null => (uri.startsWith('file:') ? fileURLToPath(uri) : null);

  async function lintNow(document: TextDocument): Promise<LintedDocument | null> {
    const file = pathOf(document.uri);
    if (!file) return null;
    const result = await workspace.lint(file, document.getText(), document.version);
    // A newer version is on its way; its own lint publishes.
    if (documents.get(document.uri)?.version !== result.version) return null;
    linted.set(document.uri, result);
    const diagnostics: Diagnostic[] = result.findings.map((finding) => toDiagnostic(document, finding));
    if (result.problem) {
      diagnostics.unshift({
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        severity: DiagnosticSeverity.Error,
        source: 'shipshape',
        message: result.problem,
      });
    }
    await connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics });
    return result;
  }

  function schedule(document: TextDocument, delay = debounceMs): void {
    clearTimeout(timers.get(document.uri));
    timers.set(
      document.uri,
      setTimeout(() => {
        timers.delete(document.uri);
        lintNow(document).catch((error: unknown) =>
          connection.console.error(`shipshape: ${error instanceof Error ? error.message : String(error)}`),
        );
      }, delay),
    );
  }

  /** The current lint of a document, linting it first when it changed since. */
  async function current(uri: string): Promise<{ document: TextDocument; lint: LintedDocument } | null> {
    const document = documents.get(uri);
    if (!document) return null;
    const known = linted.get(uri);
    const lint = known && known.version === document.version ? known : await lintNow(document);
    return lint ? { document, lint } : null;
  }

  const isDockerfile = (document: TextDocument): boolean => {
    const file = pathOf(document.uri);
    return file !== null && (document.languageId === 'dockerfile' || isDockerfileName(path.basename(file)));
  };

  function otherFile(lint: LintedDocument) {
    return (file: string): OtherFile => {
      const absolute = path.join(lint.project.root, file);
      const ignore =
        file === '.dockerignore'
          ? lint.project.dockerignore
          : lint.project.dockerignores.find((candidate) => candidate.path === file);
      return { uri: pathToFileURL(absolute).href, text: ignore?.text ?? null };
    };
  }

  async function fixAll(document: TextDocument, lint: LintedDocument): Promise<CodeAction | null> {
    if (!lint.findings.some((finding) => finding.fix?.applicability === 'safe')) return null;
    const { before, result } = await fixEntry(lint.project, lint.entry, lint.options, false);
    const other = otherFile(lint);
    const documentChanges: NonNullable<NonNullable<CodeAction['edit']>['documentChanges']> = [];
    for (const [file, after] of Object.entries(result.files)) {
      if (after === before[file]) continue;
      if (file === lint.file) {
        documentChanges.push({
          textDocument: { uri: document.uri, version: document.version },
          edits: replaceChanged(document, after),
        });
        continue;
      }
      const target = other(file);
      const old = TextDocument.create(target.uri, 'ignore', 0, target.text ?? '');
      if (target.text === null)
        documentChanges.push({ kind: 'create', uri: target.uri, options: { ignoreIfExists: true } });
      documentChanges.push({
        textDocument: { uri: target.uri, version: null },
        edits: replaceChanged(old, after),
      });
    }
    if (documentChanges.length === 0) return null;
    return {
      title: `Fix all safe shipshape problems (${result.applied.length})`,
      kind: FIX_ALL_KIND,
      edit: { documentChanges },
    };
  }

  connection.onInitialize((params): InitializeResult => {
    const options = (params.initializationOptions ?? {}) as InitializationOptions;
    if (typeof options.debounceMs === 'number' && options.debounceMs >= 0) debounceMs = options.debounceMs;
    canWatch = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
        hoverProvider: true,
      },
      serverInfo: { name: 'shipshape' },
    };
  });

  connection.onInitialized(() => {
    if (canWatch) {
      connection.client
        .register(DidChangeWatchedFilesNotification.type, {
          watchers: WATCHED_GLOBS.map((globPattern) => ({ globPattern })),
        })
        .catch(() => {
          // A client that refuses leaves re-linting to didSave and reopening; nothing breaks.
        });
    }
  });

  documents.onDidOpen(({ document }) => {
    if (isDockerfile(document)) schedule(document, 0);
  });
  documents.onDidChangeContent(({ document }) => {
    if (isDockerfile(document)) schedule(document);
  });
  documents.onDidClose(({ document }) => {
    clearTimeout(timers.get(document.uri));
    timers.delete(document.uri);
    linted.delete(document.uri);
    void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
  });

  connection.onDidChangeWatchedFiles(({ changes }) => {
    const folders = new Set<string>();
    for (const change of changes) {
      const file = pathOf(change.uri);
      if (file) for (const folder of workspace.changed(file)) folders.add(folder);
    }
    for (const document of documents.all()) {
      const file = pathOf(document.uri);
      if (file && isDockerfile(document) && folders.has(path.dirname(file))) schedule(document, 0);
    }
  });

  connection.onCodeAction(async (params: CodeActionParams): Promise<CodeAction[]> => {
    const found = await current(params.textDocument.uri);
    if (!found) return [];
    const { document, lint } = found;
    const only = params.context.only;
    const actions: CodeAction[] = [];
    if (isRequested(CodeActionKind.QuickFix, only)) {
      const start = document.offsetAt(params.range.start);
      const end = document.offsetAt(params.range.end);
      for (const finding of lint.findings) {
        if (finding.range.end.offset < start || finding.range.start.offset > end) continue;
        const action = quickFix(document, lint.file, finding, otherFile(lint));
        if (action) actions.push(action);
      }
    }
    if (isRequested(FIX_ALL_KIND, only)) {
      const action = await fixAll(document, lint);
      if (action) actions.push(action);
    }
    return actions;
  });

  connection.onHover(async (params: HoverParams): Promise<Hover | null> => {
    const found = await current(params.textDocument.uri);
    if (!found) return null;
    const { document, lint } = found;
    const offset = document.offsetAt(params.position);
    const codes = new Set<string>();
    // A code written in the file (`# shipshape: ignore=SS104`) explains itself too.
    const line = document.getText({
      start: { line: params.position.line, character: 0 },
      end: { line: params.position.line + 1, character: 0 },
    });
    for (const match of line.matchAll(/SS\d{3}/g)) {
      if (
        match.index <= params.position.character &&
        params.position.character <= match.index + match[0].length
      ) {
        codes.add(match[0]);
      }
    }
    for (const finding of lint.findings) if (contains(finding, offset)) codes.add(finding.rule);
    const pages = [...codes].map(ruleHover).filter((page): page is string => page !== null);
    if (pages.length === 0) return null;
    return { contents: { kind: 'markdown', value: pages.join('\n---\n\n') } };
  });

  documents.listen(connection);
  connection.listen();
}
