import { sql } from 'kysely';
import { isPostgres, type DbOrTx } from './database.js';

/**
 * Inside a write transaction, waits until no other transaction holds the same key, and holds it until
 * this one ends: check-then-insert rules (limits, duplicates) then hold under concurrency. On PostgreSQL
 * a transaction-scoped advisory lock on a 64-bit hash of the key (a collision only serialises a little
 * more); on SQLite nothing, since BEGIN IMMEDIATE already lets one writer in at a time.
 * Outside a transaction it does nothing. Callers that take several keys take them in one fixed order, so two transactions never wait on each other.
 */
export async function lockForTransaction(tx: DbOrTx, key: string): Promise<void> {
  // Outside a transaction (a check run ahead of it) the lock would end with its own statement: take none.
  if (!tx.isTransaction || !isPostgres(tx)) return;
  await sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`.execute(tx);
}
