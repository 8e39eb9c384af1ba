// A writer's own changes to their comment (edit, delete) within the edit window: the rule checked inside the
// write transaction, the old text kept for staff, and the labels worked out again as after a moderator's edit.
import { withWriteTransaction, type Db, type DbOrTx } from '../db/database.js';
import { Forbidden, NotFound } from '../errors.js';
import { listCommentsByIds, listIdsWithReplies, setCommentsStatus, updateCommentText } from '../comment/comment.repository.js';
import { insertCommentRevision } from '../comment/comment-revision.repository.js';
import { whyWriterCannotChange } from '../comment/writer-edit-rule.js';
import { loadModerationSettings, loadWriterEditSettings } from '../settings/settings.repository.js';
import { evaluateRules } from '../comment/moderation-rules.js';
import { findPostWithAuthorById } from '../post/post.repository.js';
import { normalizeCommentText, renderCommentHtml } from '../shared/comment-format.js';
import { RELABEL_CAUSES, relabelAfterEdit, relabelDependents } from '../stance/relabel.service.js';
import type { Comment } from '../db/schema.js';

/** Which of a post's comments (among `ids`, the ones this browser wrote) their writer may still change now. */
export async function listChangeableIds(db: DbOrTx, postId: number, ids: readonly number[], now: Date): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const [comments, withReplies, settings] = await Promise.all([listCommentsByIds(db, ids), listIdsWithReplies(db, ids), loadWriterEditSettings(db)]);
  return new Set(
    comments.filter((c) => c.post_id === postId && whyWriterCannotChange(c, withReplies.has(c.id), now, settings.editMinutes) === null).map((c) => c.id),
  );
}

/** The comment if its writer may change it now; NotFound when it is not on the post, Forbidden with the reason otherwise. */
export async function requireChangeable(db: DbOrTx, postId: number, id: number, now: Date): Promise<Comment> {
  const [comment] = await listCommentsByIds(db, [id]);
  if (!comment || comment.post_id !== postId) throw new NotFound('There is no such comment on this post.');
  const [withReplies, settings] = await Promise.all([listIdsWithReplies(db, [id]), loadWriterEditSettings(db)]);
  const why = whyWriterCannotChange(comment, withReplies.has(id), now, settings.editMinutes);
  if (why !== null) throw new Forbidden(why);
  return comment;
}

/**
 * What an edit does to the comment's status: the site's rules judge the new text as they judge a new comment's, so
 * a comment approved clean cannot take in links or block words afterwards. A held comment stays held (an edit never
 * approves), unless the new text is spam. The first-comment rule is left out: the writer was judged on posting.
 */
async function statusAfterEdit(tx: DbOrTx, comment: Comment, body: string) {
  const [post, settings] = await Promise.all([findPostWithAuthorById(tx, comment.post_id), loadModerationSettings(tx)]);
  const verdict = evaluateRules(
    {
      body,
      authorName: comment.author_name,
      authorEmail: comment.author_email,
      authorUrl: comment.author_url,
      postMode: post?.moderation_mode ?? 'open',
      hasApprovedBefore: true,
    },
    settings,
  );
  if (verdict.status === 'approved' || (comment.status === 'pending' && verdict.status === 'pending')) return {};
  return { status: verdict.status, held_rule: verdict.rule, held_match: verdict.match };
}

/**
 * Saves the writer's new text, keeping the old one as a revision; the comment and what leaned on it are labelled
 * again. Returns the comment's status afterwards (held again when the site's rules hold the new text).
 */
export async function editOwnComment(db: Db, postId: number, id: number, text: string, now: Date): Promise<Comment['status']> {
  return withWriteTransaction(db, async (tx) => {
    const comment = await requireChangeable(tx, postId, id, now);
    const at = now.toISOString();
    const body = normalizeCommentText(text);
    const held = await statusAfterEdit(tx, comment, body);
    await insertCommentRevision(tx, { commentId: id, bodyRaw: comment.body_raw, bodyHtml: comment.body_html, by: { kind: 'writer' }, at });
    await updateCommentText(tx, id, { author_name: comment.author_name, body_raw: body, body_html: renderCommentHtml(body), edited_at: at, ...held });
    await relabelAfterEdit(tx, { commentId: id }, at, RELABEL_CAUSES.writerEdit);
    return held.status ?? comment.status;
  });
}

/**
 * Takes the comment back as a moderator's Trash does: it leaves the thread (and the counts), staff can still see and
 * restore it, and the labels that leaned on it are worked out again.
 */
export async function deleteOwnComment(db: Db, postId: number, id: number, now: Date): Promise<void> {
  await withWriteTransaction(db, async (tx) => {
    await requireChangeable(tx, postId, id, now);
    await setCommentsStatus(tx, [id], 'trash');
    await relabelDependents(tx, postId, [id], RELABEL_CAUSES.writerDelete, now.toISOString());
  });
}
