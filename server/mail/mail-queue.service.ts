// Queuing a message: the daily limit per address, then a row in the outbox inside the caller's transaction.
import type { Config } from '../config.js';
import type { DbOrTx } from '../db/database.js';
import { SITE_NAME } from '../plugins/views.js';
import { mailHeaders, renderMail, type MailContent, type SiteIdentity } from './mail-templates.js';
import { countMessagesToRecipientSince, insertOutboxMessages } from './outbox.repository.js';

const DAY_MS = 24 * 3600_000;

/** What building and queuing a message needs of the configuration. */
export interface MailContext {
  site: SiteIdentity;
  secret: string;
  dailyLimit: number;
}

/** The mail context of a configuration. */
export function mailContextOf(config: Config): MailContext {
  return { site: { name: SITE_NAME, publicUrl: config.publicUrl, timeZone: config.siteTimeZone }, secret: config.secret, dailyLimit: config.mailDailyLimit };
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
  const since = new Date(now.getTime() - DAY_MS).toISOString();
  if ((await countMessagesToRecipientSince(tx, mail.recipient, since)) >= ctx.dailyLimit) return false;
  const rendered = renderMail(ctx.site, mail.content);
  const at = now.toISOString();
  await insertOutboxMessages(tx, [
    {
      recipient: mail.recipient,
      subject: rendered.subject,
      headers_json: JSON.stringify(mailHeaders({ ...mail.threading, unsubscribeUrl: mail.content.unsubscribeUrl })),
      body_text: rendered.text,
      body_html: rendered.html,
      next_attempt_at: at,
      created_at: at,
    },
  ]);
  return true;
}
