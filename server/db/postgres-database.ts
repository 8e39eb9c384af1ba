import { Kysely, PostgresDialect, type Transaction } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';

/** How many times a write transaction is tried when PostgreSQL reports a serialization conflict. */
const WRITE_ATTEMPTS = 5;
/** Upper bound of the random pause between attempts, so colliding writers drift apart. */
const RETRY_PAUSE_MS = 25;
// 40001 serialization_failure, 40P01 deadlock_detected: the whole transaction may simply run again.
// 23505 unique_violation too: two transactions that both found "no such row" and inserted it collide
// on the key before serializable checking can report it (PostgreSQL's manual advises retrying these);
// a true duplicate fails the same way on every attempt and is then thrown.
const RETRYABLE_CODES = new Set(['40001', '40P01', '23505']);

/** True for postgres:// and postgresql:// URLs. */
export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

/** Opens a pooled PostgreSQL connection; the URL may carry ?options=-c search_path=... */
export function openPostgres(url: string, poolSize: number): Kysely<Database> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // An idle client that loses its server (restart, failover) emits 'error' on the pool; without a
  // listener that would kill the process. The pool drops the client and the next query reconnects.
  pool.on('error', (err) => console.error(`PostgreSQL pool: idle client error: ${err.message}`));
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

function isRetryable(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && RETRYABLE_CODES.has(code);
}

/**
 * Runs fn in a SERIALIZABLE transaction, again from the start when PostgreSQL reports a conflict.
 * Callers were written for SQLite's one-writer-at-a-time (check, then insert: "no posts yet, so seed");
 * serializable isolation keeps those checks true across instances without a global lock. fn must
 * therefore only touch the database: it can run more than once.
 */
export async function withPostgresWriteTransaction<T>(
  db: Kysely<Database>,
  fn: (tx: Transaction<Database>) => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction().setIsolationLevel('serializable').execute(fn);
    } catch (err) {
      if (attempt >= WRITE_ATTEMPTS || !isRetryable(err)) throw err;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * RETRY_PAUSE_MS * attempt));
    }
  }
}
