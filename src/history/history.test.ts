import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { isUserError } from '../errors.js';
import { historyFile, readHistory, recordHistory } from './index.js';
import { buildTrend, parseThreshold } from './trend.js';
import type { HistoryMeasurement } from './types.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cli = path.join(repo, 'dist/cli.js');
const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

function folder(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'shipshape-history-'));
  made.push(dir);
  return dir;
}

const measurement = (sizeBytes: number, subject = 'app:latest'): HistoryMeasurement => ({
  command: 'inspect',
  subject,
  image: subject,
  sizeBytes,
  layers: 7,
  timings: { code: 400 },
});

function expectUserError(work: () => unknown, message: RegExp): void {
  let caught: unknown;
  try {
    work();
  } catch (error) {
    caught = error;
  }
  expect(isUserError(caught)).toBe(true);
  expect((caught as Error).message).toMatch(message);
}

async function expectUserErrorAsync(work: () => Promise<unknown>, message: RegExp): Promise<void> {
  const error = await work().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isUserError(error)).toBe(true);
  expect((error as Error).message).toMatch(message);
}

describe('recording and reading', () => {
  it('works outside a git repository: no commit, no branch, WAL mode', async () => {
    const dir = folder();
    expect(readHistory(dir)).toEqual([]);
    await recordHistory(dir, measurement(100));
    await recordHistory(dir, measurement(125));
    const rows = readHistory(dir);
    expect(rows.map((row) => [row.sizeBytes, row.commit, row.branch, row.timings])).toEqual([
      [100, null, null, { code: 400 }],
      [125, null, null, { code: 400 }],
    ]);
    expect(Date.parse(rows[0]!.time)).toBeGreaterThan(Date.parse('2025-01-01'));
    const db = new Database(historyFile(dir), { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('records the commit and branch inside a git repository', async () => {
    const dir = folder();
    const git = (...args: string[]) =>
      execFileSync('git', ['-C', dir, '-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
        stdio: 'pipe',
      })
        .toString()
        .trim();
    git('init', '--quiet', '--initial-branch=trunk');
    writeFileSync(path.join(dir, 'Dockerfile'), 'FROM scratch\n');
    git('add', 'Dockerfile');
    git('commit', '--quiet', '-m', 'first');
    const stored = await recordHistory(dir, measurement(100));
    expect(stored.commit).toBe(git('rev-parse', 'HEAD'));
    expect(stored.branch).toBe('trunk');
  });
});

describe('two processes recording at once', () => {
  it('lose nothing (50 rows each, into a file neither has created yet)', async () => {
    const dir = folder();
    const script = `
      const { recordHistory } = await import(${JSON.stringify(path.join(repo, 'dist/history/index.js'))});
      const [dir, who] = process.argv.slice(1);
      for (let i = 0; i < 50; i++) {
        await recordHistory(dir, { command: 'inspect', subject: who, image: null, sizeBytes: i, layers: 1, timings: {} });
      }`;
    const writer = (who: string) => execa('node', ['--input-type=module', '-e', script, dir, who]);
    await Promise.all([writer('a'), writer('b')]);
    const rows = readHistory(dir);
    expect(rows).toHaveLength(100);
    for (const who of ['a', 'b']) {
      const sizes = rows.filter((row) => row.subject === who).map((row) => row.sizeBytes);
      expect(sizes.sort((x, y) => x! - y!)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    }
  }, 60_000);
});

describe('files that are not ours', () => {
  function plant(dir: string, write: (file: string) => void): { file: string; bytes: Buffer } {
    const file = historyFile(dir);
    mkdirSync(path.dirname(file), { recursive: true });
    write(file);
    return { file, bytes: readFileSync(file) };
  }

  it('a corrupt file gives one clear sentence and stays byte for byte as it was', async () => {
    const dir = folder();
    const { file, bytes } = plant(dir, (f) =>
      writeFileSync(f, 'this is a text file, not a database\n'.repeat(200)),
    );
    expectUserError(
      () => readHistory(dir),
      /history\.sqlite is not a shipshape history database \(not an SQLite file\)/,
    );
    await expectUserErrorAsync(() => recordHistory(dir, measurement(1)), /move it aside/);
    expect(readFileSync(file).equals(bytes)).toBe(true);
    expect(existsSync(`${file}-wal`)).toBe(false);
  });

  it('another program’s SQLite database is refused and never written', async () => {
    const dir = folder();
    const { file, bytes } = plant(dir, (f) => {
      const db = new Database(f);
      db.exec('CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES (1);');
      db.close();
    });
    await expectUserErrorAsync(
      () => recordHistory(dir, measurement(1)),
      /an SQLite database of another program/,
    );
    expectUserError(() => readHistory(dir), /an SQLite database of another program/);
    expect(readFileSync(file).equals(bytes)).toBe(true);
  });

  it.each([
    [
      'a folder',
      (f: string) => mkdirSync(f),
      /history\.sqlite is a folder, not a shipshape history database/,
    ],
    [
      'a FIFO',
      (f: string) => execFileSync('mkfifo', [f]),
      /history\.sqlite is a FIFO, not a shipshape history database/,
    ],
  ])('%s where the database should be is one sentence, and stays', async (_what, make, message) => {
    const dir = folder();
    const file = historyFile(dir);
    mkdirSync(path.dirname(file), { recursive: true });
    make(file);
    expectUserError(() => readHistory(dir), message);
    await expectUserErrorAsync(() => recordHistory(dir, measurement(1)), message);
    expect(readdirSync(path.dirname(file))).toEqual(['history.sqlite']);
  });

  it('a refused WAL database gets no -wal or -shm beside it', async () => {
    const dir = folder();
    const { file, bytes } = plant(dir, (f) => {
      const db = new Database(f);
      db.pragma('journal_mode = WAL');
      db.exec('CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES (1);');
      db.close();
    });
    await expectUserErrorAsync(
      () => recordHistory(dir, measurement(1)),
      /an SQLite database of another program/,
    );
    expectUserError(() => readHistory(dir), /an SQLite database of another program/);
    expect(readFileSync(file).equals(bytes)).toBe(true);
    expect(readdirSync(path.dirname(file))).toEqual(['history.sqlite']);
  });

  it('a history from a newer shipshape is refused without opening it', async () => {
    const dir = folder();
    await recordHistory(dir, measurement(1));
    const file = historyFile(dir);
    const db = new Database(file);
    db.pragma('journal_mode = DELETE');
    db.pragma('user_version = 9');
    db.pragma('journal_mode = WAL');
    db.close();
    const bytes = readFileSync(file);
    expectUserError(() => readHistory(dir), /written by a newer shipshape \(history schema 9\)/);
    expect(readFileSync(file).equals(bytes)).toBe(true);
    expect(readdirSync(path.dirname(file))).toEqual(['history.sqlite']);
  });

  it('the CLI exits 2 with the sentence and no stack trace', async () => {
    const dir = folder();
    plant(dir, (f) => writeFileSync(f, 'garbage'.repeat(1000)));
    const result = await execa('node', [cli, 'history', dir], { reject: false });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/^shipshape: .*history\.sqlite is not a shipshape history database/);
    expect(result.stderr).not.toMatch(/\bat \w+ \(/);
  });
});

describe('trend', () => {
  const row = (id: number, subject: string, sizeBytes: number | null) => ({
    ...measurement(0, subject),
    id,
    time: `2026-03-0${id}T00:00:00.000Z`,
    commit: null,
    branch: null,
    sizeBytes,
  });

  it('flags growth above the threshold per subject, not drops or equal-threshold growth', () => {
    const trend = buildTrend(
      'h',
      [
        row(1, 'a', 100),
        row(2, 'b', 50),
        row(3, 'a', 110),
        row(4, 'a', null),
        row(5, 'a', 150),
        row(6, 'b', 40),
      ],
      0.1,
    );
    const a = trend.series.find((s) => s.subject === 'a')!;
    expect(a.points.map((p) => [p.change === null ? null : Number(p.change.toFixed(3)), p.jump])).toEqual([
      [null, false],
      [0.1, false],
      [null, false],
      [0.364, true],
    ]);
    expect(a.latestIsJump).toBe(true);
    expect(trend.series.find((s) => s.subject === 'b')!.latestIsJump).toBe(false);
    expect(trend.jumps).toBe(1);
  });

  it('reads thresholds as percentages and refuses nonsense', () => {
    expect(parseThreshold('10%')).toBe(0.1);
    expect(parseThreshold('2.5')).toBe(0.025);
    expectUserError(() => parseThreshold('-5%'), /positive percentage/);
    expectUserError(() => parseThreshold('ten'), /positive percentage/);
  });
});

describe('shipshape history', () => {
  it('prints the trend, writes html and exits 1 when the newest size jumped', async () => {
    const dir = folder();
    await recordHistory(dir, measurement(100_000_000));
    await recordHistory(dir, measurement(130_000_000));
    const text = await execa('node', [cli, 'history', dir], { reject: false });
    expect(text.exitCode).toBe(1);
    expect(text.stdout).toMatch(/app:latest \(2 measurements\)/);
    expect(text.stdout).toMatch(/130\.0 MB\s+\+30\.0% JUMP/);
    expect(text.stderr).toMatch(/size jumped more than 10% at the latest measurement of app:latest/);

    const loose = await execa('node', [cli, 'history', dir, '--threshold', '50%', '--format', 'json'], {
      reject: false,
    });
    expect(loose.exitCode).toBe(0);
    expect(JSON.parse(loose.stdout).series[0].points).toHaveLength(2);

    const out = path.join(dir, 'report.html');
    const html = await execa('node', [cli, 'history', dir, '--format', 'html', '--output', out], {
      reject: false,
    });
    expect(html.exitCode).toBe(1);
    expect(readFileSync(out, 'utf8')).toContain('<circle class="mark flagged"');
  });

  it('says nothing was recorded in an empty folder, and refuses a bad threshold', async () => {
    const dir = folder();
    const empty = await execa('node', [cli, 'history', dir], { reject: false });
    expect(empty.exitCode).toBe(0);
    expect(empty.stdout).toContain('Nothing recorded yet');
    expect(existsSync(historyFile(dir))).toBe(false);
    const bad = await execa('node', [cli, 'history', dir, '--threshold', 'lots'], { reject: false });
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toBe('shipshape: --threshold must be a positive percentage such as 10%, not "lots".');
  });
});
