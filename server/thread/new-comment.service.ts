// The comment form's service: the rules a new comment passes (post open, parent, throttle, duplicates, site rules), then
// its stance label and its row in one transaction. It lives with the page that posts it, above comment/ and stance/.
import { insertAuditEntries } from '../audit/audit.repository.js';
import { withWriteTransaction, type Db, type DbOrTx } from '../db/database.js';
import { FormInvalid, NotFound } from '../errors.js';
import type { Stance } from '../shared/stances.js';
import { findPostWithAuthorById } from '../post/post.repository.js';
import { classifyComment, labelNewComment } from '../stance/stance.service.js';
import { screenNewComment, type CommentThrottle } from '../comment/comment-screening.js';
import { findCommentPlacement, insertComment } from '../comment/comment.repository.js';
import { insertCommentVisitor } from '../debate/vote.repository.js';
import { normalizeCommentText, renderCommentHtml } from '../shared/comment-format.js';
import type { MailContext } from '../mail/mail-queue.service.js';
import { notifyApprovedComments, subscribeFromComment } from '../subscription/subscription.service.js';
import { notifyHeldComments } from '../subscription/staff-mail.service.js';
import { queueCommentCreated } from '../subscription/webhook-events.service.js';

export interface NewCommentInput {
  postId: number;
  parentId: number | null;
  authorName: string;
  authorEmail: string;
  authorUrl: string | null;
  body: string;
  selfStance: Stance | null;
  /** hashIp() of the sender's address, for the per-IP throttle; null when unknown. */
  ipHash: string | null;
  /** A staff member replying from the post page as themselves: published at once, marked in the thread. */
  staff?: { userId: number; badge: 'author' | 'moderator' | null } | null;
  /** The form's boxes: email me replies to this comment; email me new comments on this post. */
  notify?: { replies: boolean; follow: boolean };
  /** hashVisitor() of the browser (or frame) that wrote it: no vote on one's own comment; null when unknown. */
  visitorHash?: string | null;
}

export interface CreatedComment {
  id: number;
  /** 'approved' is public at once; 'pending' and 'spam' are held (only their author sees them). */
  status: 'approved' | 'pending' | 'spam';
}

/**
 * Stores a reader's comment. The parent is checked inside the same write transaction, so it cannot
 * be removed between the check and the insert; the comment is committed (and synced) before this returns.
 * The moderation rules run in the same transaction: they may refuse it (DuplicateComment,
 * TooManyComments) or hold it, recording the rule and the text that held it. The classifier's thread
 * labels the comment before the transaction, once the same checks have let it through.
 */
export async function createComment(
  db: Db,
  input: NewCommentInput,
  options: { now: () => Date; throttle?: CommentThrottle | null; mail?: MailContext },
): Promise<CreatedComment> {
  const { now, throttle = null, mail } = options;
  const body = normalizeCommentText(input.body);
  // A comment the checks refuse is refused before the classifier spends anything on it; they run again in
  // the transaction, which decides. The label is worked out before it, so the shared commit does not wait.
  const { post } = await admitComment(db, input, body, now(), throttle);
  const auto = await classifyComment(db, post, { parentId: input.parentId, authorName: input.authorName, body });
  return withWriteTransaction(db, async (tx) => {
    const at = now();
    const createdAt = at.toISOString();
    const { post, depth, verdict: screened } = await admitComment(tx, input, body, at, throttle);
    // Staff answer in their own name and are not held: the rules that refuse (duplicates, throttle) still apply.
    const verdict = input.staff ? { status: 'approved' as const, rule: null, match: null } : screened;
    const id = await insertComment(tx, {
      post_id: input.postId,
      parent_id: input.parentId,
      depth,
      author_name: input.authorName,
      author_email: input.authorEmail,
      author_url: input.authorUrl,
      body_raw: body,
      body_html: renderCommentHtml(body),
      status: verdict.status,
      held_rule: verdict.rule,
      held_match: verdict.match,
      author_ip_hash: input.ipHash,
      user_id: input.staff?.userId ?? null,
      staff_badge: input.staff?.badge ?? null,
      self_stance: input.selfStance,
      created_at: createdAt,
      edited_at: null,
      deleted_at: null,
    });
    // In this transaction, not a commit of its own after it: that synced on the event loop for every POST, and a
    // crash between the two lost the row, leaving the writer free to vote on their own comment.
    if (input.visitorHash) await insertCommentVisitor(tx, id, input.visitorHash);
    await labelNewComment(tx, post, { id, parentId: input.parentId, authorName: input.authorName, body, selfStance: input.selfStance }, createdAt, auto);
    if (input.staff) {
      const after = { post_id: input.postId, parent_id: input.parentId, badge: input.staff.badge };
      await insertAuditEntries(tx, [
        { userId: input.staff.userId, action: 'comment.staff_reply', targetType: 'comment', targetId: id, before: undefined, after, createdAt },
      ]);
    }
    // Mail goes into the outbox in this transaction: committed with the comment, or not at all.
    if (mail && verdict.status !== 'spam' && input.notify) {
      await subscribeFromComment(tx, mail, { email: input.authorEmail, postId: post.id, postTitle: post.title, commentId: id, ...input.notify }, at);
    }
    if (mail && verdict.status !== 'spam') await queueCommentCreated(tx, mail, id, at);
    if (mail && verdict.status === 'approved') await notifyApprovedComments(tx, mail, [id], at);
    if (mail && verdict.status === 'pending') await notifyHeldComments(tx, mail, [id], at);
    return { id, status: verdict.status };
  });
}

/**
 * Where a comment would go: its depth, or the refusal a closed post or a reply target not shown on the post gets.
 * The preview asks the same, so a draft is refused with the message its POST would get.
 */
export async function placeComment(db: DbOrTx, post: { id: number; comments_open: number }, parentId: number | null): Promise<number> {
  if (!post.comments_open) throw new FormInvalid({ body: 'Comments are closed on this post' });
  if (parentId === null) return 0;
  const parent = await findCommentPlacement(db, parentId);
  if (!parent || parent.post_id !== post.id || parent.status !== 'approved') {
    throw new FormInvalid({ parent_id: 'The comment you are replying to is not on this post' });
  }
  return parent.depth + 1;
}

/** The post, depth and moderation verdict of a new comment, or the refusal (closed post, bad parent, throttle, duplicate). */
async function admitComment(tx: DbOrTx, input: NewCommentInput, body: string, at: Date, throttle: CommentThrottle | null) {
  const post = await findPostWithAuthorById(tx, input.postId);
  if (!post) throw new NotFound('No such post');
  const depth = await placeComment(tx, post, input.parentId);
  const verdict = await screenNewComment(
    tx,
    {
      postId: input.postId,
      postMode: post.moderation_mode,
      authorName: input.authorName,
      authorEmail: input.authorEmail,
      authorUrl: input.authorUrl,
      body,
      ipHash: input.ipHash,
    },
    { now: at, throttle },
  );
  return { post, depth, verdict };
}
