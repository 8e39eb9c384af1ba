// Every query on webhooks: the endpoints admins registered, their failure counts; and their deliveries in the outbox.
import { sql } from 'kysely';
import type { DbOrTx } from '../db/database.js';

/** What a webhook fires on. */
export const WEBHOOK_EVENTS = ['comment.created', 'comment.approved', 'stance.changed'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export async function insertWebhook(db: DbOrTx, row: { url: string; secret: string; events: readonly WebhookEvent[]; createdAt: string }): Promise<number> {
  const inserted = await db
    .insertInto('webhooks')
    .values({ url: row.url, secret: row.secret, events: JSON.stringify(row.events), created_at: row.createdAt })
    .returning('id')
    .executeTakeFirstOrThrow();
  return inserted.id;
}

/** Every endpoint, oldest first. */
export async function listWebhooks(db: DbOrTx) {
  return db.selectFrom('webhooks').selectAll().orderBy('id').execute();
}

export async function findWebhook(db: DbOrTx, id: number) {
  return db.selectFrom('webhooks').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The active endpoints that want an event. */
export async function listActiveWebhooksFor(db: DbOrTx, event: WebhookEvent) {
  const rows = await db.selectFrom('webhooks').select(['id', 'events']).where('active', '=', 1).execute();
  return rows.filter((r) => (JSON.parse(r.events) as string[]).includes(event)).map((r) => r.id);
}

/** Removes an endpoint and its waiting deliveries; the log of past ones stays. */
export async function deleteWebhook(db: DbOrTx, id: number): Promise<boolean> {
  await db.deleteFrom('mail_outbox').where('webhook_id', '=', id).where('status', '=', 'queued').execute();
  const result = await db.deleteFrom('webhooks').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** A delivery went through: the endpoint's run of failures ends. */
export async function recordWebhookSuccess(db: DbOrTx, id: number): Promise<void> {
  await db.updateTable('webhooks').set({ consecutive_failures: 0 }).where('id', '=', id).execute();
}

/** A delivery failed; after `limit` in a row the endpoint is disabled with the reason. Returns whether it was. */
export async function recordWebhookFailure(db: DbOrTx, id: number, reason: string, limit: number): Promise<boolean> {
  await db
    .updateTable('webhooks')
    .set({ consecutive_failures: sql<number>`consecutive_failures + 1` })
    .where('id', '=', id)
    .execute();
  const result = await db
    .updateTable('webhooks')
    .set({ active: 0, disabled_reason: reason })
    .where('id', '=', id)
    .where('active', '=', 1)
    .where('consecutive_failures', '>=', limit)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Turns an endpoint off, with the reason the page shows. Returns whether it was on. */
export async function disableWebhook(db: DbOrTx, id: number, reason: string): Promise<boolean> {
  const result = await db.updateTable('webhooks').set({ active: 0, disabled_reason: reason }).where('id', '=', id).where('active', '=', 1).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Replaces an endpoint's signing secret: deliveries from now on are signed with the new one. */
export async function updateWebhookSecret(db: DbOrTx, id: number, secret: string): Promise<void> {
  await db.updateTable('webhooks').set({ secret }).where('id', '=', id).execute();
}

/** Turns an endpoint on again (an admin's choice after fixing the receiver). */
export async function enableWebhook(db: DbOrTx, id: number): Promise<void> {
  await db.updateTable('webhooks').set({ active: 1, consecutive_failures: 0, disabled_reason: null }).where('id', '=', id).execute();
}

/** Gives up the waiting deliveries of a disabled endpoint, with the reason. */
export async function failWaitingDeliveries(db: DbOrTx, webhookId: number, reason: string): Promise<void> {
  await db
    .updateTable('mail_outbox')
    .set({ status: 'failed', last_error: reason, claimed_until: null })
    .where('webhook_id', '=', webhookId)
    .where('status', '=', 'queued')
    .execute();
}

/** Records the HTTP status of a delivery's last attempt. */
export async function setDeliveryStatus(db: DbOrTx, outboxId: number, status: number | null): Promise<void> {
  await db.updateTable('mail_outbox').set({ last_status: status }).where('id', '=', outboxId).execute();
}

/** The newest deliveries of every endpoint: the log admins read. */
export async function listRecentDeliveries(db: DbOrTx, limit: number) {
  return db
    .selectFrom('mail_outbox')
    .select(['id', 'webhook_id', 'subject', 'status', 'attempts', 'last_status', 'last_error', 'created_at', 'sent_at', 'next_attempt_at'])
    .where('webhook_id', 'is not', null)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}
