import { withWriteTransaction, type Db, type DbOrTx } from '../db/database.js';
import { RELABEL_CAUSES, relabelAfterEdit, relabelDependents } from '../stance/relabel.service.js';
import { NotFound } from '../errors.js';
import { normalizeCommentText, renderCommentHtml } from '../shared/comment-format.js';
import { insertAuditEntries } from './audit.repository.js';
import { MODERATION_SETTINGS_KEY, type ModerationSettings } from '../settings/moderation-settings.js';
import { listCommentsByIds, setCommentsStatus, updateCommentText, type CommentStatus } from '../comment/comment.repository.js';
import { loadModerationSettings, saveSettingJson } from '../settings/settings.repository.js';

/** What a moderator can do to a comment, and the status it leads to. */
export const MODERATION_ACTIONS = { approve: 'approved', spam: 'spam', trash: 'trash', restore: 'pending' } as const;
export type ModerationAction = keyof typeof MODERATION_ACTIONS;
/** The most comments one bulk action touches. */
export const MAX_BULK = 200;

/** Saves the comment rules and logs the change. */
export async function saveModerationSettings(db: Db, actorId: number, settings: ModerationSettings, now: Date): Promise<void> {
  const at = now.toISOString();
  await withWriteTransaction(db, async (tx) => {
    const before = await loadModerationSettings(tx);
    await saveSettingJson(tx, MODERATION_SETTINGS_KEY, JSON.stringify(settings), at);
    await insertAuditEntries(tx, [
      { userId: actorId, action: 'settings.update', targetType: 'settings', targetId: null, before, after: settings, createdAt: at },
    ]);
  });
}

/**
 * Moves comments to the status an action leads to, logging each change with its before and after.
 * Comments already there are left alone and not logged. Returns how many changed.
 */
export async function moderateComments(db: Db, actorId: number, ids: readonly number[], action: ModerationAction, now: Date): Promise<number> {
  const status: CommentStatus = MODERATION_ACTIONS[action];
  const at = now.toISOString();
  return withWriteTransaction(db, async (tx) => {
    const comments = (await listCommentsByIds(tx, ids)).filter((c) => c.status !== status);
    // Restore only brings back what was thrown out; it never unpublishes.
    const targets = action === 'restore' ? comments.filter((c) => c.status === 'spam' || c.status === 'trash') : comments;
    await setCommentsStatus(
      tx,
      targets.map((c) => c.id),
      status,
    );
    await relabelAfterStatusChange(tx, targets, action, at);
    await insertAuditEntries(
      tx,
      targets.map((c) => ({
        userId: actorId,
        action: `comment.${action}`,
        targetType: 'comment',
        targetId: c.id,
        before: { status: c.status },
        after: { status },
        createdAt: at,
      })),
    );
    return targets.length;
  });
}

const STATUS_CAUSES: Record<ModerationAction, string> = {
  approve: RELABEL_CAUSES.approved,
  spam: RELABEL_CAUSES.removed,
  trash: RELABEL_CAUSES.removed,
  restore: RELABEL_CAUSES.restored,
};

/** Comments shown or hidden change the thread later comments were labelled in: each post's dependents are worked out again. */
async function relabelAfterStatusChange(tx: DbOrTx, comments: readonly { id: number; post_id: number }[], action: ModerationAction, at: string) {
  const byPost = new Map<number, number[]>();
  for (const c of comments) byPost.set(c.post_id, [...(byPost.get(c.post_id) ?? []), c.id]);
  for (const [postId, ids] of byPost) await relabelDependents(tx, postId, ids, STATUS_CAUSES[action], at);
}

/** A moderator's edit of a comment's text and name, logged with both versions; the comment and what leaned on it are labelled again. */
export async function editComment(db: Db, actorId: number, id: number, changes: { authorName: string; body: string }, now: Date): Promise<void> {
  const at = now.toISOString();
  await withWriteTransaction(db, async (tx) => {
    const [comment] = await listCommentsByIds(tx, [id]);
    if (!comment) throw new NotFound('There is no such comment.');
    const body = normalizeCommentText(changes.body);
    await updateCommentText(tx, id, { author_name: changes.authorName, body_raw: body, body_html: renderCommentHtml(body), edited_at: at });
    await relabelAfterEdit(tx, { commentId: id }, at);
    await insertAuditEntries(tx, [
      {
        userId: actorId,
        action: 'comment.edit',
        targetType: 'comment',
        targetId: id,
        before: { author_name: comment.author_name, body: comment.body_raw },
        after: { author_name: changes.authorName, body },
        createdAt: at,
      },
    ]);
  });
}
