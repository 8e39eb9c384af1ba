// News of approved comments for the readers following a post: batched, so a reader gets at most one message
// per post per the site's interval, always queued in the transaction of the comment or approval that causes it.
import type { DbOrTx } from '../db/database.js';
import type { Comment } from '../db/schema.js';
import { queueBatchedMail, type MailContext, type QueuedMail } from '../mail/mail-queue.service.js';
import { siteMessageId } from '../mail/mail-templates.js';
import { listCommentsByIds } from '../comment/comment.repository.js';
import { findPostWithAuthorById, type PostWithAuthor } from '../post/post.repository.js';
import { loadMailSettings } from '../settings/settings.repository.js';
import { currentRowsByComment } from '../stance/label-precedence.js';
import { listContextLabels } from '../stance/stance.repository.js';
import { subscriptionLinks } from './subscription-links.js';
import { BATCH_SHOWN_MAX, followedPostMail, type PostNews } from './subscription-mail.js';
import { listPostFollowers } from './subscription.repository.js';

const MINUTE_MS = 60_000;

/** The post and its approved comments among `ids`, oldest first, as mail tells them; null when none is left. */
async function loadPostNews(tx: DbOrTx, ctx: MailContext, ids: readonly number[]): Promise<{ post: PostWithAuthor; news: PostNews } | null> {
  const { shown, unseen } = firstOfBatch(ids);
  const comments = (await listCommentsByIds(tx, shown)).filter((c) => c.status === 'approved').sort((a, b) => a.id - b.id);
  const first = comments[0];
  if (!first) return null;
  const post = await findPostWithAuthorById(tx, first.post_id);
  if (!post) return null;
  const labels = currentRowsByComment(
    await listContextLabels(
      tx,
      comments.map((c) => c.id),
    ),
  );
  const postPath = `/posts/${encodeURIComponent(post.slug)}`;
  return {
    post,
    news: {
      postTitle: post.title,
      subjectName: post.subject_name,
      postUrl: `${ctx.site.publicUrl}${postPath}`,
      total: comments.length + unseen,
      comments: comments
        .filter((c) => c.post_id === post.id)
        .map((c) => ({
          id: c.id,
          authorName: c.author_name,
          text: c.body_raw,
          createdAt: c.created_at,
          stance: labels.get(c.id)?.label ?? null,
          url: `${ctx.site.publicUrl}${postPath}/comments/${c.id}`,
        })),
    },
  };
}

/**
 * The ids a batched message loads (its first BATCH_SHOWN_MAX) and how many more it counts unread: those are
 * counted as they were added, so one removed since is still counted until the message goes.
 */
export function firstOfBatch(ids: readonly number[]): { shown: number[]; unseen: number } {
  const shown = [...ids].sort((a, b) => a - b).slice(0, BATCH_SHOWN_MAX);
  return { shown, unseen: ids.length - shown.length };
}

/** The threading every message about a post's comments shares: all of them hang under the post. */
function postThreading(ctx: MailContext, postId: number, local: string): QueuedMail['threading'] {
  const postRef = siteMessageId(ctx.site, `post-${postId}`);
  return { messageId: siteMessageId(ctx.site, local), inReplyTo: postRef, references: [postRef] };
}

/** Queues (or adds to) the followers' messages about comments just approved; none to a reader about their own. */
export async function notifyPostFollowers(tx: DbOrTx, ctx: MailContext, approved: readonly Comment[], now: Date): Promise<void> {
  if (approved.length === 0) return;
  const followers = await listPostFollowers(tx, [...new Set(approved.map((c) => c.post_id))]);
  if (followers.length === 0) return;
  const intervalMs = (await loadMailSettings(tx)).followBatchMinutes * MINUTE_MS;
  for (const follower of followers) {
    const items = approved.filter((c) => c.post_id === follower.post_id && c.author_email.toLowerCase() !== follower.email).map((c) => c.id);
    if (items.length === 0) continue;
    const links = subscriptionLinks(ctx, follower.id, follower.email);
    await queuePostNews(
      tx,
      ctx,
      {
        key: `follow.${follower.id}`,
        items,
        intervalMs,
        recipient: follower.email,
        content: (news) => followedPostMail(ctx.site, news, links),
        localId: (postId, ids) => `post-${postId}.comments-${ids[0]}.to-${follower.id}`,
      },
      now,
    );
  }
}

/** One reader's batched news of new comments on a post: a follower's and a writer's messages alike. */
export interface PostNewsBatch {
  key: string;
  items: number[];
  intervalMs: number;
  recipient: string;
  content(news: PostNews): QueuedMail['content'];
  /** The local part of the message's id, from the post and the batch's comment ids. */
  localId(postId: number, ids: readonly number[]): string;
}

/** Queues a batch of post news, or adds to the one still waiting; the message is composed again from the comments as they are. */
export async function queuePostNews(tx: DbOrTx, ctx: MailContext, batch: PostNewsBatch, now: Date): Promise<void> {
  await queueBatchedMail(
    tx,
    ctx,
    {
      key: batch.key,
      items: batch.items,
      intervalMs: batch.intervalMs,
      collectMs: 0,
      compose: async (ids) => {
        const loaded = await loadPostNews(tx, ctx, ids);
        if (!loaded) return null;
        return {
          recipient: batch.recipient,
          content: batch.content(loaded.news),
          threading: postThreading(ctx, loaded.post.id, batch.localId(loaded.post.id, ids)),
        };
      },
    },
    now,
  );
}
