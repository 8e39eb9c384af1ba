import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, type SqliteDatabase, type Transaction } from 'kysely';
import type { Database } from './schema.js';
import { SqliteGroupCommit } from './sqlite-group-commit.js';
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

/** Opens a SQLite file tuned for durability: WAL, full sync, foreign keys on. */
export function openSqlite(url: string): Kysely<Database> {
  const file = sqlitePathFromUrl(url);
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  // FULL, not NORMAL: an acknowledged comment must survive a power cut, not only a process crash.
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  const wal = file === ':memory:' ? null : new WalSync(`${file}-wal`);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite, wal) }) });
  groupCommits.set(db, new SqliteGroupCommit(db, wal, () => sqlite.inTransaction));
  return db;
}

const groupCommits = new WeakMap<Kysely<Database>, SqliteGroupCommit>();

/**
 * Runs fn in a write transaction that takes the write lock when it begins. SQLite's default
 * deferred BEGIN upgrades its lock at the first write, and that upgrade fails at once (no busy
 * wait) when another process wrote in between; BEGIN IMMEDIATE waits its turn instead.
 * Concurrent callers share one transaction and one commit (see SqliteGroupCommit).
 */
export async function withSqliteWriteTransaction<T>(
  db: Kysely<Database>,
  fn: (tx: Kysely<Database> | Transaction<Database>) => Promise<T>,
): Promise<T> {
  const group = groupCommits.get(db);
  if (!group) throw new Error('A SQLite write transaction needs a database opened by openSqlite');
  return group.run(fn);
}
