// Queuing a message: the daily limit per address, then a row in the outbox inside the caller's transaction.
import type { Config } from '../config.js';
import type { DbOrTx } from '../db/database.js';
import type { Site } from '../settings/site-settings.js';
import { mailHeaders, renderMail, type MailContent, type SiteIdentity } from './mail-templates.js';
import { findLatestBatchMessage, insertReaderMessageUnderLimit, rewriteWaitingMessage } from './outbox.repository.js';

const DAY_MS = 24 * 3600_000;

/** What building and queuing a message needs of the configuration. */
export interface MailContext {
  site: SiteIdentity;
  secret: string;
  dailyLimit: number;
}

/** The mail context of a configuration and the site's settings (its name, and the time format of the dates in messages). */
export function mailContextOf(config: Config, site: Site): MailContext {
  return { site: { name: site.settings.siteName, publicUrl: config.publicUrl, time: site.time }, secret: config.secret, dailyLimit: config.mailDailyLimit };
}

export interface QueuedMail {
  recipient: string;
  content: MailContent;
  threading: { messageId: string; inReplyTo?: string; references?: string[] };
}

/**
 * Queues a message in the caller's transaction, unless the address already had the day's limit of messages;
 * returns whether it was queued. The sender picks it up once the transaction has committed.
 */
export async function queueMail(tx: DbOrTx, ctx: MailContext, mail: QueuedMail, now: Date): Promise<boolean> {
  return insertUnderLimit(tx, ctx, mail, now, now, null);
}

async function insertUnderLimit(tx: DbOrTx, ctx: MailContext, mail: QueuedMail, now: Date, due: Date, batch: { key: string; items: number[] } | null) {
  const since = new Date(now.getTime() - DAY_MS).toISOString();
  return insertReaderMessageUnderLimit(
    tx,
    {
      recipient: mail.recipient,
      ...messageParts(ctx, mail),
      next_attempt_at: due.toISOString(),
      created_at: now.toISOString(),
      batch_key: batch?.key ?? null,
      batch_json: batch ? JSON.stringify(batch.items) : null,
    },
    ctx.dailyLimit,
    since,
  );
}

function messageParts(ctx: MailContext, mail: QueuedMail) {
  const rendered = renderMail(ctx.site, mail.content);
  const headers_json = JSON.stringify(mailHeaders({ ...mail.threading, unsubscribeUrl: mail.content.unsubscribeUrl }));
  return { subject: rendered.subject, headers_json, body_text: rendered.text, body_html: rendered.html };
}

export interface MailBatch {
  /** One key per reader and thing followed: `follow.<subscription id>`, say. */
  key: string;
  /** The comment ids this change adds. */
  items: readonly number[];
  /** At most one message of the batch per this many milliseconds. */
  intervalMs: number;
  /** How long a new message waits for more before it goes (0: at once, then at most one per interval). */
  collectMs: number;
  /** The message about these items (all of them, old and new), or null when none is worth a message any more. */
  compose(items: readonly number[]): Promise<QueuedMail | null>;
}

/**
 * Adds items to a batch in the caller's transaction: while the batch's last message waits untouched by any
 * sender, it is written again with them; otherwise a new message is queued, due no sooner than one interval
 * after the last one, so a busy debate sends a reader one message per interval, not one per comment.
 */
export async function queueBatchedMail(tx: DbOrTx, ctx: MailContext, batch: MailBatch, now: Date): Promise<boolean> {
  const last = await findLatestBatchMessage(tx, batch.key);
  if (last && last.status === 'queued' && last.attempts === 0 && last.claimed_until === null) {
    const earlier = JSON.parse(last.batch_json ?? '[]') as number[];
    const items = [...new Set([...earlier, ...batch.items])];
    const mail = await batch.compose(items);
    if (mail && (await rewriteWaitingMessage(tx, last.id, { ...messageParts(ctx, mail), batch_json: JSON.stringify(items) }))) return true;
  }
  const mail = await batch.compose(batch.items);
  if (!mail) return false;
  const earliest = now.getTime() + batch.collectMs;
  const afterLast = last ? new Date(last.next_attempt_at).getTime() + batch.intervalMs : 0;
  return insertUnderLimit(tx, ctx, mail, now, new Date(Math.max(earliest, afterLast)), { key: batch.key, items: [...batch.items] });
}
