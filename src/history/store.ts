import { closeSync, existsSync, mkdirSync, openSync, readSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { UserError } from '../errors.js';
import type { HistoryRow, StoredRow } from './types.js';

/** "SHPS" in the SQLite header marks the file as ours; anything else is never written to. */
const APPLICATION_ID = 0x53485053;
const SCHEMA_VERSION = 1;
const BUSY_TIMEOUT_MS = 15_000;
const COLUMNS = [
  'id',
  'time',
  'commit_sha',
  'branch',
  'command',
  'subject',
  'image',
  'size_bytes',
  'layers',
  'timings_json',
];

const SCHEMA = `
CREATE TABLE IF NOT EXISTS measurements (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  time TEXT NOT NULL,
  commit_sha TEXT,
  branch TEXT,
  command TEXT NOT NULL,
  subject TEXT NOT NULL,
  image TEXT,
  size_bytes INTEGER,
  layers INTEGER,
  timings_json TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX IF NOT EXISTS measurements_subject_time ON measurements (subject, time);
`;

interface RawRow {
  id: number;
  time: string;
  commit_sha: string | null;
  branch: string | null;
  command: string;
  subject: string;
  image: string | null;
  size_bytes: number | null;
  layers: number | null;
  timings_json: string;
}

type Db = Database.Database;

function notOurs(file: string, reason: string): UserError {
  return new UserError(
    `${file} is not a shipshape history database (${reason}); it was left untouched: move it aside and shipshape will start a new one.`,
  );
}

function sqliteCode(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error ? String((error as { code: unknown }).code) : undefined;
}

/** Runs `work`, turning SQLite's "this is not a database" family into one clear sentence. */
function guarded<T>(file: string, work: () => T): T {
  try {
    return work();
  } catch (error) {
    const code = sqliteCode(error);
    if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
      throw notOurs(file, code === 'SQLITE_NOTADB' ? 'not an SQLite file' : 'the file is damaged');
    }
    if (code === 'SQLITE_READONLY' || code === 'SQLITE_CANTOPEN' || code === 'SQLITE_PERM') {
      throw new UserError(`Cannot open ${file} (${code}): check that its folder is writable.`);
    }
    throw error;
  }
}

/** What the header and schema say about an existing file: ours, still empty, or someone else's. */
function classify(db: Db, file: string): 'ours' | 'empty' {
  const applicationId = db.pragma('application_id', { simple: true }) as number;
  const objects = db
    .prepare("SELECT count(*) AS n FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%'")
    .get() as {
    n: number;
  };
  if (applicationId === 0 && objects.n === 0) return 'empty';
  if (applicationId !== APPLICATION_ID) throw notOurs(file, 'an SQLite database of another program');
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > SCHEMA_VERSION) {
    throw new UserError(
      `${file} was written by a newer shipshape (history schema ${version}); upgrade shipshape to read it.`,
    );
  }
  const columns = (db.pragma('table_info(measurements)') as Array<{ name: string }>).map((c) => c.name);
  const missing = COLUMNS.filter((name) => !columns.includes(name));
  if (missing.length > 0) throw notOurs(file, `table "measurements" lacks ${missing.join(', ')}`);
  return 'ours';
}

/** A folder, FIFO or device where the database should be: refused before SQLite opens it. */
function checkRegular(file: string): void {
  const stats = statSync(file, { throwIfNoEntry: false });
  if (!stats || stats.isFile()) return;
  const what = stats.isDirectory() ? 'a folder' : stats.isFIFO() ? 'a FIFO' : 'not a regular file';
  throw new UserError(
    `${file} is ${what}, not a shipshape history database; it was left untouched: move it aside and shipshape will start a new one.`,
  );
}

/**
 * What the 100-byte SQLite header alone tells: another program's application id, a newer
 * schema, or someone else's WAL database (ours sets its id before it turns WAL on). Deciding
 * these without SQLite matters: even a read-only open of a WAL database creates `-wal` and
 * `-shm` files beside it, and a refused file is to be left as it was.
 */
function checkHeader(file: string): void {
  const header = Buffer.alloc(100);
  const fd = openSync(file, 'r');
  let length: number;
  try {
    length = readSync(fd, header, 0, header.length, 0);
  } finally {
    closeSync(fd);
  }
  if (length < header.length || !header.subarray(0, 16).equals(Buffer.from('SQLite format 3\0', 'latin1')))
    return; // SQLite itself says what is wrong (not a database, damaged).
  const wal = header[18] === 2;
  const applicationId = header.readUInt32BE(68);
  const version = header.readUInt32BE(60);
  if ((applicationId !== 0 && applicationId !== APPLICATION_ID) || (applicationId === 0 && wal))
    throw notOurs(file, 'an SQLite database of another program');
  if (applicationId === APPLICATION_ID && version > SCHEMA_VERSION) {
    throw new UserError(
      `${file} was written by a newer shipshape (history schema ${version}); upgrade shipshape to read it.`,
    );
  }
}

/** Validates a file that already has bytes through a read-only handle, so nothing foreign is touched. */
function checkExisting(file: string): void {
  checkRegular(file);
  if (!existsSync(file) || statSync(file).size === 0) return;
  checkHeader(file);
  guarded(file, () => {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
      classify(db, file);
    } finally {
      db.close();
    }
  });
}

function toRow(raw: RawRow): StoredRow {
  return {
    id: raw.id,
    time: raw.time,
    commit: raw.commit_sha,
    branch: raw.branch,
    command: raw.command,
    subject: raw.subject,
    image: raw.image,
    sizeBytes: raw.size_bytes,
    layers: raw.layers,
    timings: JSON.parse(raw.timings_json) as Record<string, number>,
  };
}

/** The size-history file of one project: `.shipshape/history.sqlite`, SQLite in WAL mode. */
export class HistoryStore {
  private constructor(
    private readonly db: Db,
    readonly file: string,
  ) {}

  /** Opens (creating when absent) for appending. Concurrent writers wait for each other. */
  static openForWriting(file: string): HistoryStore {
    checkExisting(file);
    try {
      mkdirSync(dirname(file), { recursive: true });
    } catch (error) {
      throw new UserError(
        `Cannot create ${dirname(file)} (${sqliteCode(error) ?? 'error'}): check permissions.`,
      );
    }
    return guarded(file, () => {
      const db = new Database(file);
      try {
        db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
        // Decide and create under one write lock, so two first writers cannot both initialise.
        db.transaction(() => {
          if (classify(db, file) === 'empty') {
            db.exec(SCHEMA);
            db.pragma(`application_id = ${APPLICATION_ID}`);
            db.pragma(`user_version = ${SCHEMA_VERSION}`);
          }
        }).immediate();
        db.pragma('journal_mode = WAL');
        return new HistoryStore(db, file);
      } catch (error) {
        db.close();
        throw error;
      }
    });
  }

  /** Opens read-only; undefined when nothing was recorded yet. */
  static openForReading(file: string): HistoryStore | undefined {
    if (!existsSync(file)) return undefined;
    checkExisting(file);
    if (statSync(file).size === 0) return undefined;
    return guarded(file, () => {
      const db = new Database(file, { readonly: true, fileMustExist: true });
      db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
      return new HistoryStore(db, file);
    });
  }

  append(row: HistoryRow): StoredRow {
    const result = guarded(this.file, () =>
      this.db
        .prepare(
          `INSERT INTO measurements (time, commit_sha, branch, command, subject, image, size_bytes, layers, timings_json)
           VALUES (@time, @commit, @branch, @command, @subject, @image, @sizeBytes, @layers, @timings)`,
        )
        .run({ ...row, timings: JSON.stringify(row.timings) }),
    );
    return { ...row, id: Number(result.lastInsertRowid) };
  }

  /** Every row, oldest first. */
  rows(): StoredRow[] {
    return guarded(this.file, () =>
      (this.db.prepare('SELECT * FROM measurements ORDER BY time, id').all() as RawRow[]).map(toRow),
    );
  }

  close(): void {
    this.db.close();
  }
}
