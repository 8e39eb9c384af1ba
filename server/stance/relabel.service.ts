// Labels that follow the thread: when an item's text or label changes, the automatic labels that leaned on it are
// worked out again, in thread order, inside the caller's transaction, so a crash leaves either all of it or none.
// Each new label is appended with its reason; a label that comes out the same is not appended again.
import type { DbOrTx } from '../db/database.js';
import { findCommentById, listCommentsFrom } from '../comment/comment.repository.js';
import { findPostWithAuthorById } from '../post/post.repository.js';
import { classifyComment, classifyRemarkBlock, type StancePost } from './stance.service.js';
import { pickCurrentRow } from './label-precedence.js';
import { ChangedSet, labelDiffers, relabelReason } from './relabel-plan.js';
import { leadingPart } from './rules/tokens.js';
import { findRemarkCarrierId, insertStanceLabels, listCommentLabelsFrom, listRemarkBlocks, type LabelRow } from './stance.repository.js';
import type { StanceResult } from './stance-types.js';

/** What happened to the items a relabelling starts from, as label history says it ("parent relabelled by a moderator"). */
export const RELABEL_CAUSES = {
  override: 'relabelled by a moderator',
  edit: 'edited by a moderator',
  removed: 'removed by a moderator',
  restored: 'restored by a moderator',
  approved: 'approved by a moderator',
  selfLabel: 'self label changed',
} as const;

/** Only these statuses carry labels anyone reads or will read once approved. */
const LABELLED_STATUSES = new Set(['approved', 'pending']);

function autoRow(commentId: number, result: StanceResult, reason: string, now: string) {
  const base = { comment_id: commentId, remark_id: null, source: 'auto' as const, created_by: null, created_at: now, reason };
  return { ...base, label: result.label, confidence: result.confidence, cues: JSON.stringify(result.cues) };
}

/** Histories by comment id, oldest first. */
function historiesOf(rows: readonly LabelRow[]): Map<number, LabelRow[]> {
  const byId = new Map<number, LabelRow[]>();
  for (const row of rows) {
    if (row.comment_id === null) continue;
    const list = byId.get(row.comment_id);
    if (list) list.push(row);
    else byId.set(row.comment_id, [row]);
  }
  return byId;
}

function latestAuto(history: readonly LabelRow[]): LabelRow | undefined {
  let latest: LabelRow | undefined;
  for (const row of history) if (row.source === 'auto') latest = row;
  return latest;
}

/**
 * Works the remark blocks of the given carriers out again, each block in order (a remark reads the carrier and the
 * remarks before it), and appends each remark whose label came out different, with `reason`. Returns how many.
 */
async function relabelRemarkBlocks(db: DbOrTx, post: StancePost, carrierIds: readonly number[], reason: string, now: string): Promise<number> {
  const remarks = await listRemarkBlocks(db, carrierIds);
  let appended = 0;
  for (const carrierId of carrierIds) {
    const block = remarks.filter((r) => r.comment_id === carrierId);
    if (block.length === 0) continue;
    const carrier = await findCommentById(db, carrierId);
    if (!carrier) continue;
    const results = await classifyRemarkBlock(
      db,
      post,
      { id: carrier.id, parentId: carrier.parent_id },
      block.map((r) => ({ id: r.id, authorName: r.author_name, body: r.body_raw })),
    );
    if (!results) continue;
    const rows = block.flatMap((remark, i) => {
      const result = results[i]!;
      if (!labelDiffers(remark.auto, result)) return [];
      return [{ ...autoRow(0, result, reason, now), comment_id: null, remark_id: remark.id }];
    });
    await insertStanceLabels(db, rows);
    appended += rows.length;
  }
  return appended;
}

/**
 * After the labels or texts of `changedIds` (comments of one post) changed for `cause`, works out again, in thread
 * order, every automatic label that leaned on them: replies, later comments naming their authors, and the same for
 * each comment whose label this moves, in turn; and the remarks those comments carry. Runs in the caller's
 * transaction. Returns how many labels were appended.
 */
export async function relabelDependents(db: DbOrTx, postId: number, changedIds: readonly number[], cause: string, now: string): Promise<number> {
  if (changedIds.length === 0) return 0;
  const post = await findPostWithAuthorById(db, postId);
  if (!post) return 0;
  const from = Math.min(...changedIds);
  const comments = await listCommentsFrom(db, postId, from);
  const histories = historiesOf(await listCommentLabelsFrom(db, postId, from));
  const changed = new ChangedSet();
  const triggers = new Set(changedIds);
  for (const c of comments) if (triggers.has(c.id)) changed.add(c.id, c.author_name, true);
  const carriers = [...triggers];
  let appended = 0;
  for (const c of comments) {
    if (triggers.has(c.id) || !LABELLED_STATUSES.has(c.status)) continue;
    const leaning = changed.leaningOf({ parent_id: c.parent_id, body: leadingPart(c.body_raw) });
    if (!leaning) continue;
    const result = await classifyComment(db, post, { parentId: c.parent_id, authorName: c.author_name, body: c.body_raw }, c.id);
    const history = histories.get(c.id) ?? [];
    if (!result || !labelDiffers(latestAuto(history), result)) continue;
    const row = autoRow(c.id, result, relabelReason(leaning, cause), now);
    await insertStanceLabels(db, [row]);
    appended += 1;
    // A moderator's or the commenter's own label still stands over the new automatic one: nothing further moves.
    const before = pickCurrentRow(history);
    if (before && before.source !== 'auto') continue;
    changed.add(c.id, c.author_name, false);
    carriers.push(c.id);
  }
  return appended + (await relabelRemarkBlocks(db, post, carriers, `carrying comment ${cause}`, now));
}

/** What was edited: a comment, or a remark (by id). */
export type EditedItem = { commentId: number; remarkId?: undefined } | { remarkId: number; commentId?: undefined };

/**
 * After an item's text was edited (already stored, in the caller's transaction), classifies it again, appending the
 * new automatic label with `cause` when it differs, and relabels what leaned on it. Returns how many labels were
 * appended. Shared by every edit: moderators' edits of comments and remarks, and commenters' own edits.
 */
export async function relabelAfterEdit(db: DbOrTx, item: EditedItem, now: string, cause: string = RELABEL_CAUSES.edit): Promise<number> {
  if (item.remarkId !== undefined) {
    const carrierId = await findRemarkCarrierId(db, item.remarkId);
    const carrier = carrierId === undefined ? undefined : await findCommentById(db, carrierId);
    const post = carrier && (await findPostWithAuthorById(db, carrier.post_id));
    // The whole block is read again: the remarks after the edited one had it as their thread.
    return carrier && post ? relabelRemarkBlocks(db, post, [carrier.id], cause, now) : 0;
  }
  const comment = await findCommentById(db, item.commentId);
  const post = comment && (await findPostWithAuthorById(db, comment.post_id));
  if (!comment || !post) return 0;
  const history = historiesOf(await listCommentLabelsFrom(db, post.id, comment.id)).get(comment.id) ?? [];
  const result = await classifyComment(db, post, { parentId: comment.parent_id, authorName: comment.author_name, body: comment.body_raw }, comment.id);
  let appended = 0;
  if (result && labelDiffers(latestAuto(history), result)) {
    await insertStanceLabels(db, [autoRow(comment.id, result, cause, now)]);
    appended += 1;
  }
  // Its replies read its text, whatever label it carries, so they are worked out again even when its label stood.
  return appended + (await relabelDependents(db, post.id, [comment.id], cause, now));
}
