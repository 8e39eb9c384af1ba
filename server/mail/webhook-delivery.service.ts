// Webhook deliveries as outbox rows: queued in the transaction of the event, posted by the outbox's sender,
// and their outcomes counted against the endpoint, which is disabled after a run of failures.
import { insertAuditEntries } from '../audit/audit.repository.js';
import type { DbOrTx } from '../db/database.js';
import type { OutboxMessage } from '../db/schema.js';
import { loadWebhookSettings } from '../settings/settings.repository.js';
import { AddressRefused } from './public-address.js';
import { WebhookRefused, postWebhook } from './webhook-transport.js';
import {
  failWaitingDeliveries,
  findWebhook,
  listActiveWebhooksFor,
  recordWebhookFailure,
  recordWebhookSuccess,
  setDeliveryStatus,
  type WebhookEvent,
} from './webhook.repository.js';
import { insertOutboxMessages } from './outbox.repository.js';

/** Failed attempts in a row after which an endpoint is disabled. */
export const WEBHOOK_DISABLE_AFTER = 5;

/** Queues one delivery of an event to every active endpoint that wants it, in the caller's transaction. */
export async function queueWebhookEvent(tx: DbOrTx, event: WebhookEvent, data: Record<string, unknown>, now: Date): Promise<void> {
  const ids = await listActiveWebhooksFor(tx, event);
  if (ids.length === 0) return;
  const at = now.toISOString();
  const body = JSON.stringify({ event, occurred_at: at, data });
  await insertOutboxMessages(
    tx,
    ids.map((id) => ({
      recipient: `webhook:${id}`,
      subject: event,
      headers_json: '{}',
      body_text: body,
      body_html: '',
      next_attempt_at: at,
      created_at: at,
      webhook_id: id,
    })),
  );
}

/** Posts one claimed delivery to its endpoint, as it is now (a removed or disabled one is not tried). */
export async function deliverWebhook(db: DbOrTx, message: OutboxMessage, now: Date): Promise<number> {
  const webhook = await findWebhook(db, message.webhook_id ?? 0);
  if (!webhook || webhook.active !== 1) throw new AddressRefused('the endpoint was removed or disabled');
  const { allowPrivateAddresses } = await loadWebhookSettings(db);
  return postWebhook(webhook, { id: message.id, event: message.subject, body: message.body_text }, { now, allowPrivate: allowPrivateAddresses });
}

/** Records a delivery's outcome against its endpoint (inside the sender's recording transaction). */
export async function recordWebhookOutcome(
  tx: DbOrTx,
  message: OutboxMessage,
  outcome: { status: number | null; error: unknown },
  reason: string,
  now: Date,
): Promise<void> {
  const webhookId = message.webhook_id;
  if (webhookId === null) return;
  const status = outcome.error instanceof WebhookRefused ? outcome.error.status : outcome.status;
  await setDeliveryStatus(tx, message.id, status);
  if (outcome.error === null) return recordWebhookSuccess(tx, webhookId);
  if (await recordWebhookFailure(tx, webhookId, reason, WEBHOOK_DISABLE_AFTER)) {
    await failWaitingDeliveries(tx, webhookId, `not sent: the endpoint was disabled after ${WEBHOOK_DISABLE_AFTER} failures in a row`);
    // Logged as the admins' own changes are, by nobody: the log says why an endpoint went quiet.
    const after = { active: false, disabled_reason: reason };
    const entry = {
      userId: null,
      action: 'webhook.disable',
      targetType: 'webhook',
      targetId: webhookId,
      before: { active: true },
      after,
      createdAt: now.toISOString(),
    };
    await insertAuditEntries(tx, [entry]);
  }
}
