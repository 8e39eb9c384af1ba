// The outbox's sender: claims due messages, hands them to SMTP, and records each outcome with back-off.
import { withWriteTransaction, type Db } from '../db/database.js';
import type { OutboxMessage } from '../db/schema.js';
import { claimDueMessages, hasDueMessages, markMessageFailedAttempt, markMessagesSent } from './outbox.repository.js';
import { isPermanentFailure, type MailTransport } from './smtp-transport.js';
import { deliverWebhook, recordWebhookOutcome } from './webhook-delivery.service.js';

/** Messages claimed per pass; they are sent in parallel over the transport's pool. */
const CLAIM_BATCH = 100;
/** After this many attempts a message is given up ('failed') and shown to admins. */
export const MAX_ATTEMPTS = 8;
const FIRST_RETRY_MS = 30_000;
const MAX_RETRY_MS = 6 * 3600_000;
const ERROR_MAX_CHARS = 1000;

/** When a message that failed its attempt-th try is tried again: doubling from 30 s, at most 6 h. */
export function nextAttemptAt(now: Date, attempt: number): Date {
  return new Date(now.getTime() + Math.min(FIRST_RETRY_MS * 2 ** (attempt - 1), MAX_RETRY_MS));
}

export interface SendOptions {
  now: () => Date;
  leaseSeconds: number;
}

/** Whether a failure will not go away on retry: a 5xx from SMTP, or an address refused. */
function isPermanent(err: unknown): boolean {
  return isPermanentFailure(err) || (err as { permanent?: unknown } | null)?.permanent === true;
}

/**
 * One pass: claims due messages, sends them (mail over the transport, webhooks over HTTP), records the outcomes.
 * Without a transport (no SMTP_URL) only webhook deliveries are claimed: mail waits for admins to read it.
 * Returns how many were attempted.
 */
export async function sendDueMessages(db: Db, transport: MailTransport | null, options: SendOptions): Promise<number> {
  const start = options.now();
  const webhooksOnly = transport === null;
  if (!(await hasDueMessages(db, start.toISOString(), webhooksOnly))) return 0;
  const leaseUntil = new Date(start.getTime() + options.leaseSeconds * 1000).toISOString();
  const claimed = await withWriteTransaction(db, (tx) => claimDueMessages(tx, start.toISOString(), leaseUntil, CLAIM_BATCH, webhooksOnly));
  const sendOne = async (message: OutboxMessage) => {
    try {
      const status = message.webhook_id !== null ? await deliverWebhook(db, message, start) : (await transport!.send(message), null);
      return { message, error: null, status };
    } catch (err) {
      return { message, error: err, status: null };
    }
  };
  // Mail goes out in parallel; one endpoint's deliveries go one after another in queue order, so a receiver sees a
  // comment created before it is approved (PostgreSQL's UPDATE ... RETURNING gives the rows in no particular order).
  const queues = new Map<string, OutboxMessage[]>();
  for (const message of [...claimed].sort((x, y) => x.id - y.id)) {
    const key = message.webhook_id === null ? `mail ${message.id}` : `hook ${message.webhook_id}`;
    const queue = queues.get(key);
    if (queue) queue.push(message);
    else queues.set(key, [message]);
  }
  const outcomes = (
    await Promise.all(
      [...queues.values()].map(async (queue) => {
        const done = [];
        for (const message of queue) done.push(await sendOne(message));
        return done;
      }),
    )
  ).flat();
  // One commit records the whole batch: a sync per message would cost more than sending it.
  const at = options.now();
  await withWriteTransaction(db, async (tx) => {
    const sent = outcomes.filter((o) => o.error === null).map((o) => o.message.id);
    await markMessagesSent(tx, sent, at.toISOString());
    for (const outcome of outcomes) {
      const { message, error } = outcome;
      const reason = error === null ? '' : (error instanceof Error ? error.message : JSON.stringify(error)).slice(0, ERROR_MAX_CHARS);
      if (error !== null) {
        const giveUp = isPermanent(error) || message.attempts >= MAX_ATTEMPTS;
        await markMessageFailedAttempt(tx, message.id, reason, giveUp ? null : nextAttemptAt(at, message.attempts).toISOString());
      }
      await recordWebhookOutcome(tx, message, outcome, reason, at);
    }
  });
  return claimed.length;
}
