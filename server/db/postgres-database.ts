import { Kysely, PostgresDialect, type Transaction } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';

/** How many times a write transaction is tried when it collides with a concurrent one. */
const WRITE_ATTEMPTS = 5;
/** Upper bound of the random pause between attempts, so colliding writers drift apart. */
const RETRY_PAUSE_MS = 25;
// 23505 unique_violation: two transactions both found "no such row" (no posts yet, no admin yet) and
// inserted it; the loser's retry sees the winner's committed row. A true duplicate fails the same way
// on every attempt and is then thrown. 40P01 deadlock_detected and 40001 serialization_failure: the
// whole transaction may simply run again.
const RETRYABLE_CODES = new Set(['23505', '40P01', '40001']);

/** True for postgres:// and postgresql:// URLs. */
export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

/** A connection the pool cannot open (or a free slot it cannot find) in this time fails its request with a 503. */
const CONNECT_TIMEOUT_MS = 5000;

/** Opens a pooled PostgreSQL connection; the URL may carry ?options=-c search_path=... */
export function openPostgres(url: string, poolSize: number): Kysely<Database> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  // A client whose server goes away (pg_terminate_backend, a restart, a failover) emits 'error', idle
  // or checked out; an 'error' event without a listener kills the process. The query it was running
  // fails on its own (its request gets a 503, see storage-failure.ts), the pool drops the client when
  // it is released, and the next query opens a new connection.
  pool.on('connect', (client) => {
    // A process warning: server/main.ts sends those to the log (the database layer holds no logger).
    client.on('error', (err) => process.emitWarning(`PostgreSQL connection lost: ${err.message}`, 'PostgresConnectionWarning'));
  });
  // The pool repeats an idle client's error here; the client's own listener has logged it already.
  pool.on('error', () => {});
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

function isRetryable(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && RETRYABLE_CODES.has(code);
}

/**
 * Runs fn in a transaction at PostgreSQL's default READ COMMITTED, again from the start when it
 * collides with a concurrent one (see RETRYABLE_CODES); fn must therefore only touch the database.
 * Not SERIALIZABLE: every comment bumps its post's thread_version, so concurrent comments on one post
 * would fail with serialization errors instead of queueing on the post's row lock.
 */
export async function withPostgresWriteTransaction<T>(db: Kysely<Database>, fn: (tx: Transaction<Database>) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction().execute(fn);
    } catch (err) {
      if (attempt >= WRITE_ATTEMPTS || !isRetryable(err)) throw err;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * RETRY_PAUSE_MS * attempt));
    }
  }
}
