import { withWriteTransaction, type Db, type DbOrTx } from '../db/database.js';
import { RELABEL_CAUSES, relabelAfterEdit, relabelDependents } from '../stance/relabel.service.js';
import { NotFound } from '../errors.js';
import { normalizeCommentText, renderCommentHtml } from '../shared/comment-format.js';
import { insertAuditEntries, type AuditEntry } from '../audit/audit.repository.js';
import { MODERATION_SETTINGS_KEY, type ModerationSettings } from '../settings/moderation-settings.js';
import {
  deleteComments,
  listCommentsByIds,
  listIdsWithReplies,
  setCommentsStatus,
  updateCommentText,
  type CommentStatus,
} from '../comment/comment.repository.js';
import { loadModerationSettings, loadStanceSettings, saveSettingJson } from '../settings/settings.repository.js';
import { STANCE_SETTINGS_KEY, type StanceSettings } from '../settings/stance-settings.js';
import { insertCommentRevision } from '../comment/comment-revision.repository.js';
import { bumpAllThreadVersions } from '../post/post.repository.js';
import type { MailContext } from '../mail/mail-queue.service.js';
import { notifyApprovedComments } from '../subscription/subscription.service.js';
import { loadEmbedSettings } from '../settings/settings.repository.js';
import { EMBED_SETTINGS_KEY, type EmbedSettings } from '../settings/embed-settings.js';
import { forgetEmbedSettings } from '../settings/embed-settings-cache.js';

/** What a moderator can do to a comment, and the status it leads to. */
export const MODERATION_ACTIONS = { approve: 'approved', spam: 'spam', trash: 'trash', restore: 'pending', unapprove: 'pending' } as const;
export type ModerationAction = keyof typeof MODERATION_ACTIONS;
/** The statuses an action applies to, where it is not every status: restore brings back what was thrown out, unapprove takes back a published one. */
const ACTION_FROM: Partial<Record<ModerationAction, readonly CommentStatus[]>> = { restore: ['spam', 'trash'], unapprove: ['approved'] };
/** A comment an action moved, and the status it had: what Undo puts back. */
export interface StatusChange {
  id: number;
  from: CommentStatus;
}
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

/** Saves the stance settings (the unsure threshold) and logs the change; every thread page is rendered afresh. */
export async function saveStanceSettings(db: Db, actorId: number, settings: StanceSettings, now: Date): Promise<void> {
  const at = now.toISOString();
  await withWriteTransaction(db, async (tx) => {
    const before = await loadStanceSettings(tx);
    await saveSettingJson(tx, STANCE_SETTINGS_KEY, JSON.stringify(settings), at);
    await bumpAllThreadVersions(tx);
    await insertAuditEntries(tx, [
      { userId: actorId, action: 'settings.update', targetType: 'settings', targetId: null, before, after: settings, createdAt: at },
    ]);
  });
}

/**
 * Moves comments to the status an action leads to, logging each change with its before and after.
 * Comments already there, or that the action does not apply to, are left alone and not logged.
 * Returns what changed, with each comment's previous status.
 */
export async function moderateComments(
  db: Db,
  actorId: number,
  ids: readonly number[],
  action: ModerationAction,
  now: Date,
  mail: MailContext,
): Promise<StatusChange[]> {
  const status: CommentStatus = MODERATION_ACTIONS[action];
  const from = ACTION_FROM[action];
  const at = now.toISOString();
  return withWriteTransaction(db, async (tx) => {
    const targets = (await listCommentsByIds(tx, ids)).filter((c) => c.status !== status && (from === undefined || from.includes(c.status)));
    await setCommentsStatus(
      tx,
      targets.map((c) => c.id),
      status,
    );
    await relabelAfterStatusChange(tx, targets, () => status, at);
    await insertAuditEntries(
      tx,
      targets.map((c) => statusEntry(actorId, `comment.${action}`, c.id, c.status, status, at)),
    );
    // The approval and the notifications it causes commit together.
    if (status === 'approved')
      await notifyApprovedComments(
        tx,
        mail,
        targets.map((c) => c.id),
        now,
      );
    return targets.map((c) => ({ id: c.id, from: c.status }));
  });
}

/** Puts comments back in the statuses they had before an action (the notice's Undo); logged as comment.undo. */
export async function undoModeration(db: Db, actorId: number, changes: readonly StatusChange[], now: Date): Promise<StatusChange[]> {
  const at = now.toISOString();
  const wanted = new Map(changes.map((c) => [c.id, c.from]));
  return withWriteTransaction(db, async (tx) => {
    const targets = (await listCommentsByIds(tx, [...wanted.keys()])).filter((c) => wanted.get(c.id) !== c.status);
    for (const status of new Set(targets.map((c) => wanted.get(c.id)!))) {
      const ids = targets.filter((c) => wanted.get(c.id) === status).map((c) => c.id);
      await setCommentsStatus(tx, ids, status);
    }
    await relabelAfterStatusChange(tx, targets, (c) => wanted.get(c.id)!, at);
    await insertAuditEntries(
      tx,
      targets.map((c) => statusEntry(actorId, 'comment.undo', c.id, c.status, wanted.get(c.id)!, at)),
    );
    return targets.map((c) => ({ id: c.id, from: c.status }));
  });
}

/**
 * Deletes spam and trashed comments for good, with their remarks and labels, logging what each said.
 * A comment that has replies is kept (deleting it would take the replies with it); returns how many went and how many were kept.
 */
export async function deleteCommentsForever(db: Db, actorId: number, ids: readonly number[], now: Date): Promise<{ deleted: number; kept: number }> {
  const at = now.toISOString();
  return withWriteTransaction(db, async (tx) => {
    const thrownOut = (await listCommentsByIds(tx, ids)).filter((c) => c.status === 'spam' || c.status === 'trash');
    const withReplies = await listIdsWithReplies(
      tx,
      thrownOut.map((c) => c.id),
    );
    const targets = thrownOut.filter((c) => !withReplies.has(c.id));
    await deleteComments(
      tx,
      targets.map((c) => c.id),
    );
    await insertAuditEntries(
      tx,
      targets.map((c) => ({
        userId: actorId,
        action: 'comment.delete',
        targetType: 'comment',
        targetId: c.id,
        before: { status: c.status, author_name: c.author_name, post_id: c.post_id, body: c.body_raw },
        after: undefined,
        createdAt: at,
      })),
    );
    return { deleted: targets.length, kept: thrownOut.length - targets.length };
  });
}

const STATUS_CAUSES: Record<CommentStatus, string> = {
  approved: RELABEL_CAUSES.approved,
  spam: RELABEL_CAUSES.removed,
  trash: RELABEL_CAUSES.removed,
  pending: RELABEL_CAUSES.removed,
};

/**
 * Comments shown or hidden change the thread later comments were labelled in: each post's dependents are
 * worked out again. A comment that comes back from spam or trash to pending is still hidden, but is worked
 * out as restored, as before.
 */
async function relabelAfterStatusChange(
  tx: DbOrTx,
  comments: readonly { id: number; post_id: number; status: CommentStatus }[],
  to: (c: { id: number }) => CommentStatus,
  at: string,
) {
  const byCause = new Map<string, Map<number, number[]>>();
  for (const c of comments) {
    const next = to(c);
    const cause = next === 'pending' && c.status !== 'approved' ? RELABEL_CAUSES.restored : STATUS_CAUSES[next];
    const byPost = byCause.get(cause) ?? new Map<number, number[]>();
    byPost.set(c.post_id, [...(byPost.get(c.post_id) ?? []), c.id]);
    byCause.set(cause, byPost);
  }
  for (const [cause, byPost] of byCause) for (const [postId, ids] of byPost) await relabelDependents(tx, postId, ids, cause, at);
}

function statusEntry(actorId: number, action: string, id: number, before: CommentStatus, after: CommentStatus, at: string): AuditEntry {
  return { userId: actorId, action, targetType: 'comment', targetId: id, before: { status: before }, after: { status: after }, createdAt: at };
}

/** A moderator's edit of a comment's text and name, logged with both versions; the comment and what leaned on it are labelled again. */
export async function editComment(db: Db, actorId: number, id: number, changes: { authorName: string; body: string }, now: Date): Promise<void> {
  const at = now.toISOString();
  await withWriteTransaction(db, async (tx) => {
    const [comment] = await listCommentsByIds(tx, [id]);
    if (!comment) throw new NotFound('There is no such comment.');
    const body = normalizeCommentText(changes.body);
    // Readers see "edited"; staff see what it said before, whoever changed it.
    await insertCommentRevision(tx, { commentId: id, bodyRaw: comment.body_raw, bodyHtml: comment.body_html, by: { kind: 'staff', userId: actorId }, at });
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

/** Saves the embed settings (allowed origins, page URLs, theme) and logs the change. */
export async function saveEmbedSettings(db: Db, actorId: number, settings: EmbedSettings, now: Date): Promise<void> {
  const at = now.toISOString();
  await withWriteTransaction(db, async (tx) => {
    const before = await loadEmbedSettings(tx);
    await saveSettingJson(tx, EMBED_SETTINGS_KEY, JSON.stringify(settings), at);
    await insertAuditEntries(tx, [
      { userId: actorId, action: 'settings.update', targetType: 'settings', targetId: null, before, after: settings, createdAt: at },
    ]);
  });
  forgetEmbedSettings(db);
}
