// Mail staff asked for, queued in the transaction of the comment or approval that causes it: a writer's news of
// new comments on their posts (batched as a follower's), and a moderator's hourly or daily digest of held comments.
import type { DbOrTx } from '../db/database.js';
import type { Comment, HeldDigest } from '../db/schema.js';
import { HELD_RULES, type HeldRule } from '../comment/moderation-rules.js';
import { listCommentsByIds } from '../comment/comment.repository.js';
import { listHeldDigestReaders, listUsersMailedNewComments } from '../auth/user.repository.js';
import { queueBatchedMail, type MailContext } from '../mail/mail-queue.service.js';
import { siteMessageId } from '../mail/mail-templates.js';
import { signMailToken } from '../mail/mail-tokens.js';
import { findPostWithAuthorById } from '../post/post.repository.js';
import { loadMailSettings } from '../settings/settings.repository.js';
import { firstOfBatch, queuePostNews } from './post-follow.service.js';
import { authorNewsMail, heldDigestMail, type StaffLinks } from './staff-mail.js';

const MINUTE_MS = 60_000;
const DIGEST_MS: Record<Exclude<HeldDigest, 'off'>, number> = { hourly: 3600_000, daily: 24 * 3600_000 };
/** Where staff set what they are mailed. */
export const MAIL_PREFERENCES_PATH = '/staff/mail-preferences';

function staffLinks(ctx: MailContext, userId: number, what: 'new-comments' | 'held-digest'): StaffLinks {
  const token = signMailToken(ctx.secret, { purpose: 'staff-mail', userId, what });
  return { unsubscribeUrl: `${ctx.site.publicUrl}/mail/unsubscribe?t=${token}`, manageUrl: `${ctx.site.publicUrl}${MAIL_PREFERENCES_PATH}` };
}

/** Queues (or adds to) each writer's news of comments just approved on their posts, when they asked for it. */
export async function notifyPostAuthors(tx: DbOrTx, ctx: MailContext, approved: readonly Comment[], now: Date): Promise<void> {
  if (approved.length === 0) return;
  const postIds = [...new Set(approved.map((c) => c.post_id))];
  const authors = new Map<number, number>();
  for (const postId of postIds) {
    const post = await findPostWithAuthorById(tx, postId);
    if (post) authors.set(postId, post.author_id);
  }
  const writers = await listUsersMailedNewComments(tx, [...new Set(authors.values())]);
  if (writers.length === 0) return;
  const intervalMs = (await loadMailSettings(tx)).followBatchMinutes * MINUTE_MS;
  for (const writer of writers) {
    for (const postId of postIds.filter((id) => authors.get(id) === writer.id)) {
      const items = approved.filter((c) => c.post_id === postId && c.user_id !== writer.id && c.author_email.toLowerCase() !== writer.email).map((c) => c.id);
      if (items.length === 0) continue;
      const links = staffLinks(ctx, writer.id, 'new-comments');
      await queuePostNews(
        tx,
        ctx,
        {
          key: `author.${writer.id}.post-${postId}`,
          items,
          intervalMs,
          recipient: writer.email,
          content: (news) => authorNewsMail(ctx.site, news, links),
          localId: (id, ids) => `post-${id}.comments-${ids[0]}.to-user-${writer.id}`,
        },
        now,
      );
    }
  }
}

/** Adds comments just held for review to the digest of each moderator who asked for one (due an hour or a day on). */
export async function notifyHeldComments(tx: DbOrTx, ctx: MailContext, commentIds: readonly number[], now: Date): Promise<void> {
  const readers = await listHeldDigestReaders(tx);
  for (const reader of readers) {
    if (reader.mail_held_digest === 'off') continue;
    const periodMs = DIGEST_MS[reader.mail_held_digest];
    const links = staffLinks(ctx, reader.id, 'held-digest');
    await queueBatchedMail(
      tx,
      ctx,
      {
        key: `held.${reader.id}`,
        items: commentIds,
        intervalMs: periodMs,
        collectMs: periodMs,
        compose: async (ids) => {
          const { shown, unseen } = firstOfBatch(ids);
          const held = (await listCommentsByIds(tx, shown)).filter((c) => c.status === 'pending').sort((a, b) => a.id - b.id);
          if (held.length === 0) return null;
          const titles = new Map<number, string>();
          for (const postId of new Set(held.map((c) => c.post_id))) titles.set(postId, (await findPostWithAuthorById(tx, postId))?.title ?? '');
          const digestRef = siteMessageId(ctx.site, `held-digest.${reader.id}`);
          return {
            recipient: reader.email,
            content: heldDigestMail(
              ctx.site,
              held.map((c) => ({
                authorName: c.author_name,
                text: c.body_raw,
                createdAt: c.created_at,
                postTitle: titles.get(c.post_id) ?? '',
                rule: c.held_rule ? (HELD_RULES[c.held_rule as HeldRule] ?? c.held_rule) : null,
              })),
              held.length + unseen,
              `${ctx.site.publicUrl}/staff/moderation`,
              links,
            ),
            // Each digest hangs under one root per moderator, so a mail client shows them as one conversation.
            threading: { messageId: siteMessageId(ctx.site, `held-digest.${reader.id}.${held[0]!.id}`), inReplyTo: digestRef, references: [digestRef] },
          };
        },
      },
      now,
    );
  }
}
