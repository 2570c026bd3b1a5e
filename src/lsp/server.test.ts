import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createMessageConnection,
  type MessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-jsonrpc/node';
import { removeProjectCopies, writeProject } from '../test-support/project-copies.js';

// Drives the built CLI (`npm run build` first, as `npm test` does) as an editor would.
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cli = path.join(repo, 'dist/cli.js');
afterAll(removeProjectCopies);

interface Diagnostic {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  severity: number;
  code?: string;
  codeDescription?: { href: string };
  source: string;
  message: string;
}
interface Published {
  uri: string;
  version?: number;
  diagnostics: Diagnostic[];
}
interface TextEdit {
  range: Diagnostic['range'];
  newText: string;
}
interface CodeAction {
  title: string;
  kind: string;
  isPreferred?: boolean;
  edit: {
    documentChanges: Array<{
      textDocument?: { uri: string };
      edits?: TextEdit[];
      kind?: string;
      uri?: string;
    }>;
  };
}

/** Applies LSP text edits to a text (edits do not overlap; applied from the end). */
function applyEdits(text: string, edits: TextEdit[]): string {
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }) =>
    lines.slice(0, p.line).reduce((sum, line) => sum + line.length + 1, 0) + p.character;
  return [...edits]
    .sort((a, b) => offset(b.range.start) - offset(a.range.start))
    .reduce(
      (result, edit) =>
        result.slice(0, offset(edit.range.start)) + edit.newText + result.slice(offset(edit.range.end)),
      text,
    );
}

class Client {
  readonly process: ChildProcess;
  readonly connection: MessageConnection;
  private readonly published: Published[] = [];
  readonly registrations: Array<{ id: string; method: string; registerOptions: unknown }> = [];
  private waiters: Array<() => void> = [];

  constructor() {
    this.process = spawn('node', [cli, 'lsp', '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    this.connection = createMessageConnection(
      new StreamMessageReader(this.process.stdout!),
      new StreamMessageWriter(this.process.stdin!),
    );
    this.connection.onNotification('textDocument/publishDiagnostics', (params: Published) => {
      this.published.push(params);
      for (const wake of this.waiters.splice(0)) wake();
    });
    this.connection.onRequest(
      'client/registerCapability',
      (params: { registrations: Array<{ id: string; method: string; registerOptions: unknown }> }) => {
        this.registrations.push(...params.registrations);
        return null;
      },
    );
    this.connection.listen();
  }

  async initialize(root: string, watch = false, debounceMs = 50) {
    const result = await this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(root).href,
      capabilities: { workspace: { didChangeWatchedFiles: { dynamicRegistration: watch } } },
      initializationOptions: { debounceMs },
    });
    await this.connection.sendNotification('initialized', {});
    return result as { capabilities: Record<string, unknown> };
  }

  /** The next diagnostics published for `uri` after `count` earlier ones. */
  async diagnostics(uri: string, count: number): Promise<Published> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const mine = this.published.filter((p) => p.uri === uri);
      if (mine.length > count) return mine[count]!;
      if (Date.now() > deadline) throw new Error(`no diagnostics #${count + 1} for ${uri}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 500);
      });
    }
  }

  count(uri: string): number {
    return this.published.filter((p) => p.uri === uri).length;
  }

  async close() {
    await this.connection.sendRequest('shutdown');
    await this.connection.sendNotification('exit');
    const exited = new Promise((resolve) => this.process.once('exit', resolve));
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
    this.process.kill();
    this.connection.dispose();
  }
}

const DOCKERFILE =
  'FROM python:3.12-slim\nCOPY . .\nRUN pip install -r requirements.txt\nCMD python app.py\n';

/** The LSP range of `words` on a line of DOCKERFILE (0-based line and UTF-16 character). */
function spanOf(line: number, words: string) {
  const character = DOCKERFILE.split('\n')[line]!.indexOf(words);
  return { start: { line, character }, end: { line, character: character + words.length } };
}

describe('shipshape lsp over JSON-RPC', () => {
  let client: Client;
  let dir: string;
  let uri: string;

  beforeEach(async () => {
    dir = writeProject(
      {
        Dockerfile: DOCKERFILE,
        'requirements.txt': 'flask==3.0.0\n',
        'pyproject.toml': '[project]\nname = "svc"\nversion = "1"\n',
      },
      'shipshape-lsp-',
    );
    uri = pathToFileURL(path.join(dir, 'Dockerfile')).href;
    client = new Client();
  });
  afterEach(async () => client.close());

  async function open(text = DOCKERFILE) {
    await client.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'dockerfile', version: 1, text },
    });
    return client.diagnostics(uri, 0);
  }

  it('announces its capabilities and publishes diagnostics with exact ranges on open', async () => {
    const { capabilities } = await client.initialize(dir);
    expect(capabilities).toMatchObject({
      hoverProvider: true,
      codeActionProvider: { codeActionKinds: ['quickfix', 'source.fixAll.shipshape'] },
    });
    const published = await open();
    const cache = published.diagnostics.find((d) => d.code === 'SS104');
    expect(cache).toMatchObject({
      severity: 2,
      source: 'shipshape',
      range: spanOf(2, 'pip install -r requirements.txt'),
      codeDescription: { href: expect.stringContaining('SS104-pip-cache-kept.md') },
    });
    const shellForm = published.diagnostics.find((d) => d.code === 'SS401');
    expect(shellForm?.range).toEqual(spanOf(3, 'python app.py'));
  });

  it('counts characters in UTF-16 as LSP does, so a range after an emoji is still exact', async () => {
    await client.initialize(dir);
    const line = 'RUN echo "🐳 ready" && pip install flask';
    const published = await open(`FROM python:3.12-slim\n${line}\n`);
    const cache = published.diagnostics.find((d) => d.code === 'SS104');
    const character = line.indexOf('pip install');
    expect(cache?.range.start).toEqual({ line: 1, character });
    expect(cache?.range.end).toEqual({ line: 1, character: line.length });
  });

  it('lints unsaved changes after a pause, with the disk file untouched', async () => {
    // A pause long enough that two changes sent together always fall inside it, even on a busy machine.
    await client.initialize(dir, false, 1000);
    await open();
    const change = (version: number, text: string) =>
      client.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri, version },
        contentChanges: [{ text }],
      });
    await Promise.all([
      change(2, DOCKERFILE.replace('pip install', 'pip install --no-cache-dir')),
      change(3, DOCKERFILE.replace('pip install', 'pip install --no-cache-dir ')),
    ]);
    const after = await client.diagnostics(uri, 1);
    // Debounced: the two quick changes are linted once, as the latest version.
    expect(after.version).toBe(3);
    expect(after.diagnostics.map((d) => d.code)).not.toContain('SS104');
    expect(readFileSync(path.join(dir, 'Dockerfile'), 'utf8')).toBe(DOCKERFILE);
  });

  it('offers quick fixes (unsafe ones marked) and a fix-all that clears every safe finding', async () => {
    await client.initialize(dir);
    const published = await open();
    const range = { start: { line: 2, character: 0 }, end: { line: 3, character: 17 } };
    const actions = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range,
      context: { diagnostics: published.diagnostics },
    })) as CodeAction[];
    const cache = actions.find((a) => a.title.includes('(SS104)'))!;
    expect(cache).toMatchObject({ kind: 'quickfix', isPreferred: true });
    const fixed = applyEdits(DOCKERFILE, cache.edit.documentChanges[0]!.edits!);
    expect(fixed).toContain('pip install --no-cache-dir -r requirements.txt');
    const unsafe = actions.find((a) => a.title.includes('(SS401)'))!;
    expect(unsafe.title).toMatch(/^Unsafe fix: /);
    expect(unsafe.isPreferred).toBe(false);

    const [fixAll] = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range,
      context: { diagnostics: [], only: ['source.fixAll'] },
    })) as CodeAction[];
    expect(fixAll!.kind).toBe('source.fixAll.shipshape');
    const dockerfileChange = fixAll!.edit.documentChanges.find((c) => c.textDocument?.uri === uri)!;
    const all = applyEdits(DOCKERFILE, dockerfileChange.edits!);
    expect(all).toContain('--no-cache-dir');
    expect(all).toContain('CMD python app.py'); // the unsafe fix is not part of "fix all"
    // The .dockerignore fix creates the file through the same edit.
    const ignoreUri = pathToFileURL(path.join(dir, '.dockerignore')).href;
    expect(fixAll!.edit.documentChanges).toContainEqual({
      kind: 'create',
      uri: ignoreUri,
      options: { ignoreIfExists: true },
    });

    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ text: all }],
    });
    const after = await client.diagnostics(uri, 1);
    const safeLeft = after.diagnostics.filter((d) => ['SS104', 'SS102', 'SS103'].includes(String(d.code)));
    expect(safeLeft).toEqual([]);
  });

  it('shows the rule docs on hover over a finding and over a code in a comment', async () => {
    await client.initialize(dir);
    await open(`# shipshape: ignore=SS405\n${DOCKERFILE}`);
    const hover = (await client.connection.sendRequest('textDocument/hover', {
      textDocument: { uri },
      position: { line: 3, character: 10 },
    })) as { contents: { kind: string; value: string } };
    expect(hover.contents.kind).toBe('markdown');
    expect(hover.contents.value).toContain('# SS104 pip-cache-kept');
    expect(hover.contents.value).toContain('## Why is this bad?');
    const onComment = (await client.connection.sendRequest('textDocument/hover', {
      textDocument: { uri },
      position: { line: 0, character: 22 },
    })) as { contents: { value: string } };
    expect(onComment.contents.value).toContain('# SS405 python-output-buffered');
  });

  it('reads a requirements file the unsaved text newly names, which the first read skipped', async () => {
    const nested = writeProject(
      {
        Dockerfile: 'FROM python:3.12-slim\nCOPY . .\n',
        'deps/prod.txt': 'flask==3.0.0\n',
        'deps/dev.txt': '-r prod.txt\npytest==8.0.0\n',
      },
      'shipshape-lsp-',
    );
    const nestedUri = pathToFileURL(path.join(nested, 'Dockerfile')).href;
    await client.initialize(nested);
    await client.connection.sendNotification('textDocument/didOpen', {
      textDocument: {
        uri: nestedUri,
        languageId: 'dockerfile',
        version: 1,
        text: 'FROM python:3.12-slim\nCOPY . .\n',
      },
    });
    await client.diagnostics(nestedUri, 0);
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: nestedUri, version: 2 },
      contentChanges: [
        { text: 'FROM python:3.12-slim\nCOPY . .\nRUN pip install --no-cache-dir -r deps/dev.txt\n' },
      ],
    });
    const after = await client.diagnostics(nestedUri, 1);
    // No "cannot read" problem, and the dev requirements are known to be installed (SS107).
    expect(after.diagnostics.filter((d) => d.code === undefined)).toEqual([]);
    expect(after.diagnostics.map((d) => d.code)).toContain('SS107');
  });

  it('lints again when .dockerignore or pyproject.toml changes on disk', async () => {
    await client.initialize(dir, true);
    const first = await open();
    expect(client.registrations).toContainEqual({
      id: expect.any(String),
      method: 'workspace/didChangeWatchedFiles',
      registerOptions: { watchers: expect.arrayContaining([{ globPattern: '**/pyproject.toml' }]) },
    });
    expect(first.diagnostics.map((d) => d.code)).toContain('SS109');
    expect(first.diagnostics.map((d) => d.code)).toContain('SS301');
    writeFileSync(path.join(dir, '.dockerignore'), '.git\n.venv\nvenv\n**/__pycache__\n*.pyc\n.env\n');
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: pathToFileURL(path.join(dir, '.dockerignore')).href, type: 1 }],
    });
    const second = await client.diagnostics(uri, 1);
    expect(second.diagnostics.map((d) => d.code)).not.toContain('SS109');
    writeFileSync(
      path.join(dir, 'pyproject.toml'),
      '[project]\nname = "svc"\nversion = "1"\n[tool.shipshape]\nignore = ["SS301"]\n',
    );
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: pathToFileURL(path.join(dir, 'pyproject.toml')).href, type: 2 }],
    });
    const third = await client.diagnostics(uri, 2);
    expect(third.diagnostics.map((d) => d.code)).not.toContain('SS301');
    // A setting the server cannot read is said in the editor; the Dockerfile is still linted.
    writeFileSync(
      path.join(dir, 'pyproject.toml'),
      '[project]\nname = "svc"\n[tool.shipshape]\nselct = ["SS1"]\n',
    );
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: pathToFileURL(path.join(dir, 'pyproject.toml')).href, type: 2 }],
    });
    const fourth = await client.diagnostics(uri, 3);
    expect(fourth.diagnostics[0]).toMatchObject({ severity: 1, message: expect.stringContaining('selct') });
    expect(fourth.diagnostics.map((d) => d.code)).toContain('SS104');
  });

  it('lints again when an action.yml makes the Dockerfile a GitHub Docker action', async () => {
    await client.initialize(dir, true);
    const first = await open();
    expect(client.registrations).toContainEqual({
      id: expect.any(String),
      method: 'workspace/didChangeWatchedFiles',
      registerOptions: { watchers: expect.arrayContaining([{ globPattern: '**/action.yml' }]) },
    });
    expect(first.diagnostics.map((d) => d.code)).toContain('SS301');
    writeFileSync(
      path.join(dir, 'action.yml'),
      "name: check\nruns:\n  using: 'docker'\n  image: 'Dockerfile'\n",
    );
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: pathToFileURL(path.join(dir, 'action.yml')).href, type: 1 }],
    });
    const second = await client.diagnostics(uri, 1);
    expect(second.diagnostics.map((d) => d.code)).not.toContain('SS301');
  });
});
