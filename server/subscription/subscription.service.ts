// Subscriptions: taken from the comment form, confirmed by a link (double opt-in), and the notifications they
// queue, always in the transaction of the comment or approval that causes them, and only about approved comments.
import { randomBytes } from 'node:crypto';
import { withWriteTransaction, type Db, type DbOrTx } from '../db/database.js';
import { queueMail, type MailContext } from '../mail/mail-queue.service.js';
import { siteMessageId } from '../mail/mail-templates.js';
import { signMailToken } from '../mail/mail-tokens.js';
import { listCommentsByIds } from '../comment/comment.repository.js';
import { findPostWithAuthorById, type PostWithAuthor } from '../post/post.repository.js';
import { currentRowsByComment } from '../stance/label-precedence.js';
import { listContextLabels } from '../stance/stance.repository.js';
import { notifyPostFollowers } from './post-follow.service.js';
import { notifyPostAuthors } from './staff-mail.service.js';
import { queueCommentEvents } from './webhook-events.service.js';
import { turnOffUserMail } from '../auth/user.repository.js';
import { subscriptionLinks } from './subscription-links.js';
import { CONFIRM_LINK_DAYS, confirmationMail, replyMail } from './subscription-mail.js';
import {
  confirmMailAddress,
  deleteSubscription,
  deleteSubscriptionsForEmail,
  findSubscription,
  insertSubscriptions,
  listReplySubscribers,
  recordMailAddress,
  type NewSubscription,
} from './subscription.repository.js';

const DAY_MS = 24 * 3600_000;

export interface CommentSubscriptionRequest {
  email: string;
  postId: number;
  postTitle: string;
  commentId: number;
  replies: boolean;
  follow: boolean;
}

function link(ctx: MailContext, path: string): string {
  return `${ctx.site.publicUrl}${path}`;
}

/**
 * Records the subscriptions a commenter ticked, in the comment's transaction; an address not yet confirmed
 * gets the confirmation link (and nothing else until it is followed).
 */
export async function subscribeFromComment(tx: DbOrTx, ctx: MailContext, request: CommentSubscriptionRequest, now: Date): Promise<void> {
  if (!request.replies && !request.follow) return;
  const email = request.email.toLowerCase();
  const at = now.toISOString();
  const confirmed = await recordMailAddress(tx, email, at);
  const rows: NewSubscription[] = [];
  if (request.replies) rows.push({ email, kind: 'replies', postId: request.postId, commentId: request.commentId, createdAt: at, confirmed });
  if (request.follow) rows.push({ email, kind: 'post', postId: request.postId, commentId: null, createdAt: at, confirmed });
  await insertSubscriptions(tx, rows);
  if (confirmed) return;
  const token = signMailToken(ctx.secret, { purpose: 'confirm', email, expiresAt: now.getTime() + CONFIRM_LINK_DAYS * DAY_MS });
  await queueMail(
    tx,
    ctx,
    {
      recipient: email,
      content: confirmationMail(ctx.site, request.postTitle, link(ctx, `/mail/confirm?t=${token}`)),
      threading: { messageId: siteMessageId(ctx.site, `confirm.${randomBytes(9).toString('base64url')}`) },
    },
    now,
  );
}

/** Confirms an address from its link; true when it was waiting for it. */
export async function confirmAddress(db: Db, email: string, now: Date): Promise<boolean> {
  return withWriteTransaction(db, (tx) => confirmMailAddress(tx, email, now.toISOString()));
}

/** Ends the subscription an unsubscribe link names; returns its address (null when it had ended already). */
export async function unsubscribeByLink(db: Db, subscriptionId: number): Promise<string | null> {
  return withWriteTransaction(db, async (tx) => {
    const subscription = await findSubscription(tx, subscriptionId);
    if (!subscription) return null;
    await deleteSubscription(tx, subscription.id, subscription.email);
    return subscription.email;
  });
}

/** Turns off the staff mail a link names (a writer's news of comments, a moderator's digest). */
export async function unsubscribeStaffByLink(db: Db, userId: number, what: 'new-comments' | 'held-digest'): Promise<void> {
  await withWriteTransaction(db, (tx) => turnOffUserMail(tx, userId, what));
}

/** Ends one subscription of an address (from its subscriptions page). */
export async function endSubscription(db: Db, subscriptionId: number, email: string): Promise<void> {
  await withWriteTransaction(db, (tx) => deleteSubscription(tx, subscriptionId, email));
}

/** Ends every subscription of an address. */
export async function endAllSubscriptions(db: Db, email: string): Promise<void> {
  await withWriteTransaction(db, (tx) => deleteSubscriptionsForEmail(tx, email));
}

/**
 * Queues the notifications that comments just approved (or posted approved) cause: each reply goes to the
 * confirmed addresses following its parent, never to the replier themselves, and the post's followers hear of
 * every new comment (batched). Runs in the approving transaction.
 */
export async function notifyApprovedComments(tx: DbOrTx, ctx: MailContext, commentIds: readonly number[], now: Date): Promise<void> {
  const approved = (await listCommentsByIds(tx, commentIds)).filter((c) => c.status === 'approved');
  await notifyPostFollowers(tx, ctx, approved, now);
  await notifyPostAuthors(tx, ctx, approved, now);
  await queueCommentEvents(tx, ctx, 'comment.approved', approved, now);
  const replies = approved.filter((c) => c.parent_id !== null);
  if (replies.length === 0) return;
  const subscribers = await listReplySubscribers(
    tx,
    replies.map((c) => c.parent_id ?? 0),
  );
  if (subscribers.length === 0) return;
  const labels = currentRowsByComment(
    await listContextLabels(
      tx,
      replies.map((c) => c.id),
    ),
  );
  const posts = new Map<number, PostWithAuthor | undefined>();
  for (const reply of replies) {
    const audience = subscribers.filter((s) => s.comment_id === reply.parent_id && s.email !== reply.author_email.toLowerCase());
    if (audience.length === 0) continue;
    if (!posts.has(reply.post_id)) posts.set(reply.post_id, await findPostWithAuthorById(tx, reply.post_id));
    const post = posts.get(reply.post_id);
    if (!post) continue;
    const facts = {
      replierName: reply.author_name,
      replyText: reply.body_raw,
      replyCreatedAt: reply.created_at,
      stance: labels.get(reply.id)?.label ?? null,
      subjectName: post.subject_name,
      postTitle: post.title,
      replyUrl: link(ctx, `/posts/${encodeURIComponent(post.slug)}/comments/${reply.id}`),
    };
    const parentRef = siteMessageId(ctx.site, `comment-${reply.parent_id}`);
    for (const subscriber of audience) {
      await queueMail(
        tx,
        ctx,
        {
          recipient: subscriber.email,
          content: replyMail(ctx.site, facts, subscriptionLinks(ctx, subscriber.id, subscriber.email)),
          threading: {
            messageId: siteMessageId(ctx.site, `comment-${reply.id}.to-${subscriber.id}`),
            inReplyTo: parentRef,
            references: [siteMessageId(ctx.site, `post-${post.id}`), parentRef],
          },
        },
        now,
      );
    }
  }
}
