// A reader's own comments by email: the request queues a message with a signed, expiring link (in the request's
// transaction, under the address's daily limit, as every other message), and the link reads the comments back.
// The request answers the same whether or not the address wrote anything, so the form tells nobody who comments here.
import { randomUUID } from 'node:crypto';
import { withWriteTransaction, type Db } from '../db/database.js';
import { queueMail, type MailContext } from '../mail/mail-queue.service.js';
import { siteMessageId } from '../mail/mail-templates.js';
import { signMailToken } from '../mail/mail-tokens.js';
import { currentRowsByComment } from '../stance/label-precedence.js';
import { listContextLabels, type ContextLabel } from '../stance/stance.repository.js';
import { buildMyCommentsFile, MY_COMMENTS_LINK_HOURS, myCommentsMail } from './my-comments-mail.js';
import { hasVisibleComments, listVisibleCommentsByEmail } from './my-comments.repository.js';

/** Comment ids per label query: far below both engines' limits on bound parameters. */
const IDS_PER_QUERY = 500;

/** The path of an address's download page, its token signed to expire MY_COMMENTS_LINK_HOURS after `now`. */
export function myCommentsPath(secret: string, email: string, now: Date): string {
  const token = signMailToken(secret, { purpose: 'my-comments', email: email.toLowerCase(), expiresAt: now.getTime() + MY_COMMENTS_LINK_HOURS * 3600_000 });
  return `/my-comments/download?t=${encodeURIComponent(token)}`;
}

/** Queues the link to an address that has comments to download; returns whether a message was queued (never shown to the asker). */
export async function requestMyComments(db: Db, ctx: MailContext, email: string, now: Date): Promise<boolean> {
  const address = email.toLowerCase();
  return withWriteTransaction(db, async (tx) => {
    if (!(await hasVisibleComments(tx, address))) return false;
    const url = `${ctx.site.publicUrl}${myCommentsPath(ctx.secret, address, now)}`;
    return queueMail(
      tx,
      ctx,
      { recipient: address, content: myCommentsMail(ctx.site, url), threading: { messageId: siteMessageId(ctx.site, `my-comments.${randomUUID()}`) } },
      now,
    );
  });
}

/** The address's visible comments with their current labels, and the file built from them. */
export async function readMyComments(db: Db, publicUrl: string, email: string, now: Date) {
  const rows = await listVisibleCommentsByEmail(db, email);
  const history: ContextLabel[] = [];
  for (let i = 0; i < rows.length; i += IDS_PER_QUERY)
    history.push(
      ...(await listContextLabels(
        db,
        rows.slice(i, i + IDS_PER_QUERY).map((r) => r.id),
      )),
    );
  const labels = new Map([...currentRowsByComment(history)].map(([id, l]) => [id, { label: l.label, source: l.source }]));
  return { rows, labels, file: buildMyCommentsFile(publicUrl, email, rows, labels, now.toISOString()) };
}
