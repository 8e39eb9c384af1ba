import { Kysely, PostgresAdapter, sql, type Transaction } from 'kysely';
import { isPostgresUrl, openPostgres, withPostgresWriteTransaction } from './postgres-database.js';
import type { Database } from './schema.js';
import { drainSqliteWrites, openSqlite, sqliteReadOnlyReason, withSqliteWriteTransaction } from './sqlite-database.js';

export { isPostgresUrl } from './postgres-database.js';
export { sqlitePathFromUrl } from './sqlite-database.js';

export type Db = Kysely<Database>;
export type DbOrTx = Kysely<Database> | Transaction<Database>;

/** Connections a PostgreSQL pool opens at most when the caller does not say. */
export const DEFAULT_POOL_SIZE = 10;

export interface OpenOptions {
  /** PostgreSQL only: the pool's maximum number of connections. */
  poolSize?: number;
}

/**
 * Opens the database named by the URL: postgres:// or postgresql:// is PostgreSQL (a pg pool);
 * 'sqlite:PATH', 'file:PATH' or a plain path is a SQLite file.
 */
export function openDatabase(url: string, options: OpenOptions = {}): Db {
  return isPostgresUrl(url) ? openPostgres(url, options.poolSize ?? DEFAULT_POOL_SIZE) : openSqlite(url);
}

/** Closes the database once the writes already queued have committed (SQLite's group commit), then its file or pool. */
export async function closeDatabase(db: Db): Promise<void> {
  await drainSqliteWrites(db);
  await db.destroy();
}

/** True when the database is PostgreSQL. */
export function isPostgres(db: DbOrTx): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** The schema unqualified names resolve to on PostgreSQL (the search_path's first); undefined on SQLite. */
export async function currentSchema(db: DbOrTx): Promise<string | undefined> {
  if (!isPostgres(db)) return undefined;
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  return rows[0]?.schema;
}

/** Why the database was opened read-only (a SQLite file that cannot be written), or null when it takes writes. */
export function readOnlyReason(db: Db): string | null {
  return isPostgres(db) ? null : sqliteReadOnlyReason(db);
}

/** Answers a trivial query; throws when the database cannot be reached. */
export async function pingDatabase(db: Db): Promise<void> {
  await sql`select 1`.execute(db);
}

/**
 * Runs fn in a write transaction: BEGIN IMMEDIATE on SQLite (one writer at a time); on PostgreSQL a
 * READ COMMITTED transaction retried when it collides with another on a unique key or a deadlock.
 * fn may run more than once on PostgreSQL, so it must only touch the database.
 */
export async function withWriteTransaction<T>(db: Db, fn: (tx: DbOrTx) => Promise<T>): Promise<T> {
  return isPostgres(db) ? withPostgresWriteTransaction(db, fn) : withSqliteWriteTransaction(db, fn);
}
