// The outbox's sender: claims due messages, hands them to SMTP, and records each outcome with back-off.
import { withWriteTransaction, type Db } from '../db/database.js';
import { claimDueMessages, hasDueMessages, markMessageFailedAttempt, markMessagesSent } from './outbox.repository.js';
import { isPermanentFailure, type MailTransport } from './smtp-transport.js';

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

/** One pass: claims due messages, sends them, records the outcomes. Returns how many were attempted. */
export async function sendDueMessages(db: Db, transport: MailTransport, options: SendOptions): Promise<number> {
  const start = options.now();
  if (!(await hasDueMessages(db, start.toISOString()))) return 0;
  const leaseUntil = new Date(start.getTime() + options.leaseSeconds * 1000).toISOString();
  const claimed = await withWriteTransaction(db, (tx) => claimDueMessages(tx, start.toISOString(), leaseUntil, CLAIM_BATCH));
  const outcomes = await Promise.all(
    claimed.map(async (message) => {
      try {
        await transport.send(message);
        return { message, error: null };
      } catch (err) {
        return { message, error: err };
      }
    }),
  );
  // One commit records the whole batch: a sync per message would cost more than sending it.
  const at = options.now();
  await withWriteTransaction(db, async (tx) => {
    const sent = outcomes.filter((o) => o.error === null).map((o) => o.message.id);
    await markMessagesSent(tx, sent, at.toISOString());
    for (const { message, error } of outcomes) {
      if (error === null) continue;
      const reason = (error instanceof Error ? error.message : JSON.stringify(error)).slice(0, ERROR_MAX_CHARS);
      const giveUp = isPermanentFailure(error) || message.attempts >= MAX_ATTEMPTS;
      await markMessageFailedAttempt(tx, message.id, reason, giveUp ? null : nextAttemptAt(at, message.attempts).toISOString());
    }
  });
  return claimed.length;
}
