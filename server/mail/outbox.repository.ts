// The outbox: every query on mail_outbox. Rows are written in the transaction that causes them and sent later.
import { sql } from 'kysely';
import { compileOnce } from '../db/compile-once.js';
import { isPostgres, type DbOrTx } from '../db/database.js';
import type { NewOutboxMessage, OutboxMessage } from '../db/schema.js';

export type OutboxStatus = OutboxMessage['status'];

/** Queues messages (inside the caller's transaction). */
export async function insertOutboxMessages(db: DbOrTx, rows: readonly NewOutboxMessage[]): Promise<void> {
  if (rows.length > 0)
    await db
      .insertInto('mail_outbox')
      .values([...rows])
      .execute();
}

/** The newest message of a batch (a followed post's news for one reader, say), locked on PostgreSQL until the commit. */
export async function findLatestBatchMessage(db: DbOrTx, batchKey: string): Promise<OutboxMessage | undefined> {
  return db
    .selectFrom('mail_outbox')
    .selectAll()
    .where('batch_key', '=', batchKey)
    .orderBy('id', 'desc')
    .limit(1)
    .$if(isPostgres(db), (q) => q.forUpdate())
    .executeTakeFirst();
}

/**
 * Rewrites a batched message that no sender has touched yet (never claimed, never tried); returns whether it
 * still was untouched. A sender that claimed it first wins, and the caller starts the next message instead.
 */
export async function rewriteWaitingMessage(
  db: DbOrTx,
  id: number,
  parts: { subject: string; headers_json: string; body_text: string; body_html: string; batch_json: string },
): Promise<boolean> {
  const result = await db
    .updateTable('mail_outbox')
    .set(parts)
    .where('id', '=', id)
    .where('status', '=', 'queued')
    .where('attempts', '=', 0)
    .where('claimed_until', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** A message to a reader: what queueing one under the daily limit writes. */
export type NewReaderMessage = Pick<
  NewOutboxMessage,
  'recipient' | 'subject' | 'headers_json' | 'body_text' | 'body_html' | 'next_attempt_at' | 'created_at' | 'batch_key' | 'batch_json'
>;

const READER_COLUMNS = ['recipient', 'subject', 'headers_json', 'body_text', 'body_html', 'next_attempt_at', 'created_at', 'batch_key', 'batch_json'] as const;

// The count of the day's messages and the insert in one statement, compiled once: every ticked box on a comment
// POST queues a message, and the two statements and the building of the INSERT were most of what that cost.
const insertUnderLimitStatement = compileOnce(
  (db, ...values: [...string[], string, string, number]) => {
    const [recipient, since, limit] = values.slice(-3) as [string, string, number];
    return db
      .insertInto('mail_outbox')
      .columns([...READER_COLUMNS])
      .expression(
        db
          .selectNoFrom((eb) => READER_COLUMNS.map((column, i) => eb.val(values[i] as string).as(column)))
          .where(
            (eb) =>
              eb
                .selectFrom('mail_outbox')
                .select((eb) => eb.fn.countAll<number>().as('n'))
                .where('recipient', '=', recipient)
                .where('created_at', '>=', since),
            '<',
            limit,
          ),
      )
      .returning('id');
  },
  [...READER_COLUMNS.map((c) => `\u0000${c}`), '\u0000recipient-count', '\u0000since', -7],
);

/** Queues one message unless its address had `limit` messages since `sinceIso`; returns whether it was queued. */
export async function insertReaderMessageUnderLimit(db: DbOrTx, row: NewReaderMessage, limit: number, sinceIso: string): Promise<boolean> {
  const values = READER_COLUMNS.map((column) => row[column] ?? null);
  return (await insertUnderLimitStatement(db, ...(values as string[]), row.recipient, sinceIso, limit)).length > 0;
}

// "IN (endpoints)" rather than "IS NOT NULL": an equality the deliveries' index (webhook_id, status, next_attempt_at)
// serves whole, so SQLite picks it over the index every waiting message is in (migration 20261203152000).
const endpointIds = (db: DbOrTx) => db.selectFrom('webhooks').select('id');

/** Whether any message is due and unclaimed: the idle sender's cheap read before it takes a write lock. */
export async function hasDueMessages(db: DbOrTx, nowIso: string, webhooksOnly = false): Promise<boolean> {
  const row = await db
    .selectFrom('mail_outbox')
    .select('id')
    .where('status', '=', 'queued')
    .$if(webhooksOnly, (q) => q.where('webhook_id', 'in', endpointIds(db)))
    .where('next_attempt_at', '<=', nowIso)
    .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<=', nowIso)]))
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Claims up to `limit` due messages until `leaseUntilIso`, counting the attempt, in one statement. On PostgreSQL
 * the rows are picked FOR UPDATE SKIP LOCKED, so instances claiming at once take different rows and none twice;
 * SQLite has one writer at a time. A claim whose sender died lapses at its lease and the row is claimed again.
 */
export async function claimDueMessages(db: DbOrTx, nowIso: string, leaseUntilIso: string, limit: number, webhooksOnly = false): Promise<OutboxMessage[]> {
  const due = db
    .selectFrom('mail_outbox')
    .select('id')
    .where('status', '=', 'queued')
    .$if(webhooksOnly, (q) => q.where('webhook_id', 'in', endpointIds(db)))
    .where('next_attempt_at', '<=', nowIso)
    .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<=', nowIso)]))
    .orderBy('id')
    .limit(limit)
    .$if(isPostgres(db), (q) => q.forUpdate().skipLocked());
  return db
    .updateTable('mail_outbox')
    .set({ claimed_until: leaseUntilIso, attempts: sql<number>`attempts + 1` })
    .where('id', 'in', due)
    .returningAll()
    .execute();
}

/** Marks messages delivered to the SMTP server. */
export async function markMessagesSent(db: DbOrTx, ids: readonly number[], sentAtIso: string): Promise<void> {
  if (ids.length === 0) return;
  await db.updateTable('mail_outbox').set({ status: 'sent', sent_at: sentAtIso, claimed_until: null, last_error: null }).where('id', 'in', ids).execute();
}

/** Records a failed attempt: tried again at nextAttemptIso, or given up ('failed') when that is null. */
export async function markMessageFailedAttempt(db: DbOrTx, id: number, error: string, nextAttemptIso: string | null): Promise<void> {
  await db
    .updateTable('mail_outbox')
    .set(
      nextAttemptIso === null
        ? { status: 'failed', claimed_until: null, last_error: error }
        : { next_attempt_at: nextAttemptIso, claimed_until: null, last_error: error },
    )
    .where('id', '=', id)
    .execute();
}

/** Puts a given-up message back in the queue (an admin's "send again"). */
export async function requeueMessage(db: DbOrTx, id: number, nowIso: string): Promise<boolean> {
  const result = await db
    .updateTable('mail_outbox')
    .set({ status: 'queued', next_attempt_at: nowIso, attempts: 0 })
    .where('id', '=', id)
    .where('status', '=', 'failed')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** One page of the outbox (mail only: webhook deliveries have their log), newest first, optionally one status only. */
export async function listOutboxMessages(db: DbOrTx, options: { status: OutboxStatus | null; limit: number; offset: number }): Promise<OutboxMessage[]> {
  return db
    .selectFrom('mail_outbox')
    .selectAll()
    .where('webhook_id', 'is', null)
    .$if(options.status !== null, (q) => q.where('status', '=', options.status as OutboxStatus))
    .orderBy('id', 'desc')
    .limit(options.limit)
    .offset(options.offset)
    .execute();
}

/** How many messages are in each status. */
export async function countOutboxByStatus(db: DbOrTx): Promise<Record<OutboxStatus, number>> {
  const rows = await db
    .selectFrom('mail_outbox')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('webhook_id', 'is', null)
    .groupBy('status')
    .execute();
  const counts: Record<OutboxStatus, number> = { queued: 0, sent: 0, failed: 0 };
  for (const r of rows) counts[r.status] = Number(r.n);
  return counts;
}

/** One message, for the admin's reading view. */
export async function findOutboxMessage(db: DbOrTx, id: number): Promise<OutboxMessage | undefined> {
  return db.selectFrom('mail_outbox').selectAll().where('id', '=', id).executeTakeFirst();
}
