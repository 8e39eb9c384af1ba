import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, type SqliteDatabase, type Transaction } from 'kysely';
import type { Database } from './schema.js';
import { SqliteGroupCommit } from './sqlite-group-commit.js';
import { readOnlyFailure } from './storage-failure.js';
import { WalSync } from './wal-sync.js';

/** How long a writer waits for another process's lock before giving up. */
const BUSY_TIMEOUT_MS = 5000;
/** Distinct SQL texts whose prepared statements are kept; the app issues a few hundred at most. */
const STATEMENT_CACHE_SIZE = 1000;

/**
 * Kysely prepares every query afresh, and preparing cost more than running it on a page view.
 * This hands Kysely the same prepared statement for the same SQL text, unless that one is still
 * being iterated (a streamed query), in which case it gets a fresh one.
 */
function withStatementCache(sqlite: SQLite.Database, wal: WalSync | null): SqliteDatabase {
  const statements = new Map<string, SQLite.Statement>();
  return {
    close: () => {
      void wal?.close();
      sqlite.close();
    },
    prepare(text: string) {
      const cached = statements.get(text);
      if (cached && !cached.busy) return cached;
      const statement = sqlite.prepare(text);
      if (!cached) {
        if (statements.size >= STATEMENT_CACHE_SIZE) statements.delete(statements.keys().next().value as string);
        statements.set(text, statement);
      }
      return statement;
    },
  };
}

/** Turns DATABASE_URL into the SQLite file path it names ('sqlite:PATH', 'file:PATH' or a plain path). */
export function sqlitePathFromUrl(url: string): string {
  return url.replace(/^(sqlite|file):(\/\/)?/, '');
}

/** The open connection, and why it is read-only (null when it can write). */
interface OpenedFile {
  sqlite: SQLite.Database;
  readOnly: string | null;
}

/** SQLite's answers when the file, its directory or its file system will not take writes. */
const WRITE_REFUSED = /^SQLITE_(READONLY|CANTOPEN)/;

function errorCode(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
}

/**
 * Opens an existing file for reading only. SQLite reads a WAL database through a -shm file next to it;
 * in a directory it cannot write, with no -shm left there, it cannot open it at all (SQLITE_CANTOPEN),
 * so the file is then read into memory and served from that copy.
 */
function openReadOnly(file: string, reason: string): OpenedFile {
  const sqlite = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    sqlite.prepare('select count(*) from sqlite_schema').get();
    return { sqlite, readOnly: reason };
  } catch (err) {
    sqlite.close();
    // SQLITE_CANTOPEN (a read-only file system) or SQLITE_READONLY_DIRECTORY (a directory of mode 0555).
    if (!WRITE_REFUSED.test(errorCode(err))) throw err;
  }
  const log = `${file}-wal`;
  if (fs.existsSync(log) && fs.statSync(log).size > 0) {
    throw new Error(
      `${file} is read-only, and its write-ahead log ${log} holds commits that SQLite cannot read without write access to ` +
        `${path.dirname(path.resolve(file))}. Start Rejoinder once with write access (closing folds the log into the file), then make it read-only again.`,
    );
  }
  const image = fs.readFileSync(file);
  // Header bytes 18 and 19 say WAL (2); a copy in memory has no log, so they must say rollback journal (1).
  image[18] = 1;
  image[19] = 1;
  const megabytes = (image.length / 1048576).toFixed(1);
  return { sqlite: new SQLite(image, { readonly: true }), readOnly: `${reason}; serving a copy read into memory (${megabytes} MB)` };
}

/**
 * Opens the file for writing, or, when it exists but cannot be written (access(2) says so, or SQLite
 * refuses to write it: a read-only file, directory or file system), for reading only.
 */
function openFile(file: string): OpenedFile {
  if (file === ':memory:') return { sqlite: new SQLite(file), readOnly: null };
  const exists = fs.existsSync(file);
  if (!exists) fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  if (exists) {
    try {
      fs.accessSync(file, fs.constants.W_OK);
    } catch (err) {
      return openReadOnly(file, `${file} is not writable (${errorCode(err)})`);
    }
  }
  const sqlite = new SQLite(file);
  try {
    // The first statement that touches the file: it fails here when the file or its directory refuses writes.
    sqlite.pragma('journal_mode = WAL');
    return { sqlite, readOnly: null };
  } catch (err) {
    sqlite.close();
    if (!exists || !WRITE_REFUSED.test(errorCode(err))) throw err;
    return openReadOnly(file, `${file} cannot be written (${errorCode(err)}: ${(err as Error).message})`);
  }
}

/**
 * Opens a SQLite file tuned for durability: WAL, full sync, foreign keys on. A file that exists but
 * cannot be written is opened read-only (see readOnlyReason): pages are served, writes refused.
 */
export function openSqlite(url: string): Kysely<Database> {
  const file = sqlitePathFromUrl(url);
  const { sqlite, readOnly } = openFile(file);
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  // FULL, not NORMAL: an acknowledged comment must survive a power cut, not only a process crash.
  if (!readOnly) sqlite.pragma('synchronous = FULL');
  const wal = file === ':memory:' || readOnly ? null : new WalSync(`${file}-wal`);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite, wal) }) });
  if (readOnly) readOnlyReasons.set(db, readOnly);
  else groupCommits.set(db, new SqliteGroupCommit(db, wal, () => sqlite.inTransaction));
  return db;
}

const readOnlyReasons = new WeakMap<Kysely<Database>, string>();

/** Why a database opened by openSqlite is read-only, or null when it can be written. */
export function sqliteReadOnlyReason(db: Kysely<Database>): string | null {
  return readOnlyReasons.get(db) ?? null;
}

const groupCommits = new WeakMap<Kysely<Database>, SqliteGroupCommit>();

/**
 * Runs fn in a write transaction that takes the write lock when it begins. SQLite's default
 * deferred BEGIN upgrades its lock at the first write, and that upgrade fails at once (no busy
 * wait) when another process wrote in between; BEGIN IMMEDIATE waits its turn instead.
 * Concurrent callers share one transaction and one commit (see SqliteGroupCommit).
 */
export async function withSqliteWriteTransaction<T>(db: Kysely<Database>, fn: (tx: Kysely<Database> | Transaction<Database>) => Promise<T>): Promise<T> {
  if (readOnlyReasons.has(db)) throw readOnlyFailure();
  const group = groupCommits.get(db);
  if (!group) throw new Error('A SQLite write transaction needs a database opened by openSqlite');
  return group.run(fn);
}

/** Waits for the writes already queued on the group commit (none are dropped at shutdown); nothing for other databases. */
export async function drainSqliteWrites(db: Kysely<Database>): Promise<void> {
  await groupCommits.get(db)?.drained();
}
