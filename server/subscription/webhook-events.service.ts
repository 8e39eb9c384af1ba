// The events webhooks carry, built from the rows the transaction just wrote and queued in that same transaction.
// Readers' email addresses and IP hashes never leave in them.
import type { DbOrTx } from '../db/database.js';
import type { Comment } from '../db/schema.js';
import { listCommentsByIds } from '../comment/comment.repository.js';
import type { MailContext } from '../mail/mail-queue.service.js';
import { queueWebhookEvent } from '../mail/webhook-delivery.service.js';
import { listActiveWebhooksFor } from '../mail/webhook.repository.js';
import { findPostWithAuthorById } from '../post/post.repository.js';
import type { Stance } from '../shared/stances.js';

async function commentData(tx: DbOrTx, ctx: MailContext, comment: Comment) {
  const post = await findPostWithAuthorById(tx, comment.post_id);
  const postPath = `/posts/${encodeURIComponent(post?.slug ?? '')}`;
  return {
    comment: {
      id: comment.id,
      post_id: comment.post_id,
      parent_id: comment.parent_id,
      author_name: comment.author_name,
      body: comment.body_raw,
      status: comment.status,
      created_at: comment.created_at,
      url: `${ctx.site.publicUrl}${postPath}/comments/${comment.id}`,
    },
    post: post ? { id: post.id, slug: post.slug, title: post.title, url: `${ctx.site.publicUrl}${postPath}` } : null,
  };
}

/** Queues comment.created or comment.approved for these comments, when an endpoint wants it. */
export async function queueCommentEvents(
  tx: DbOrTx,
  ctx: MailContext,
  event: 'comment.created' | 'comment.approved',
  comments: readonly Comment[],
  now: Date,
): Promise<void> {
  if (comments.length === 0 || (await listActiveWebhooksFor(tx, event)).length === 0) return;
  for (const comment of comments) await queueWebhookEvent(tx, event, await commentData(tx, ctx, comment), now);
}

/** Queues comment.created for a comment just stored (whatever its status, spam aside). */
export async function queueCommentCreated(tx: DbOrTx, ctx: MailContext, commentId: number, now: Date): Promise<void> {
  await queueCommentEvents(tx, ctx, 'comment.created', await listCommentsByIds(tx, [commentId]), now);
}

/** Queues stance.changed: a moderator set a comment's side to another than it had. */
export async function queueStanceChanged(
  tx: DbOrTx,
  ctx: MailContext,
  commentId: number,
  change: { from: Stance | null; to: Stance },
  now: Date,
): Promise<void> {
  if ((await listActiveWebhooksFor(tx, 'stance.changed')).length === 0) return;
  const [comment] = await listCommentsByIds(tx, [commentId]);
  if (!comment) return;
  await queueWebhookEvent(
    tx,
    'stance.changed',
    { ...(await commentData(tx, ctx, comment)), stance: { from: change.from, to: change.to, source: 'moderator' } },
    now,
  );
}
