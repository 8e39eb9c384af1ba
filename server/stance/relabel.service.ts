// Labels that follow the thread: when an item's text or label changes, the automatic labels that leaned on it are
// worked out again, in thread order, inside the caller's transaction, so a crash leaves either all of it or none.
// Each new label is appended with its reason; a label that comes out the same is not appended again.
import type { DbOrTx } from '../db/database.js';
import { findCommentById, listCommentsFrom } from '../comment/comment.repository.js';
import { findPostWithAuthorById } from '../post/post.repository.js';
import { autoRemarkLabel, classifyComment, classifyRemarkBlock, classifyWalk } from './stance.service.js';
import type { BlockStart, StancePost } from './thread-context.service.js';
import { pickCurrentRow } from './label-precedence.js';
import { labelDiffers, type WalkInput } from './relabel-plan.js';
import { leadingPart } from './rules/tokens.js';
import { findRemarkCarrierId, insertStanceLabels, listCarriersWithRemarks, listCommentLabelsFrom, type LabelRow } from './stance.repository.js';
import type { StanceResult } from './stance-types.js';

/** What happened to the items a relabelling starts from, as label history says it ("parent relabelled by a moderator"). */
export const RELABEL_CAUSES = {
  override: 'relabelled by a moderator',
  edit: 'edited by a moderator',
  removed: 'removed by a moderator',
  restored: 'restored by a moderator',
  approved: 'approved by a moderator',
  selfLabel: 'self label changed',
  writerEdit: 'edited by its writer',
  writerDelete: 'deleted by its writer',
} as const;

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
 * Works a carrier's remark block out again from `start` on (all of it by default), in order (a remark reads the
 * carrier and the remarks before it), and appends each remark whose label came out different, with `reason`.
 * Returns how many.
 */
async function relabelRemarkBlock(db: DbOrTx, post: StancePost, carrierId: number, reason: string, now: string, start?: BlockStart): Promise<number> {
  const results = await classifyRemarkBlock(db, post, carrierId, start);
  if (!results) return 0;
  const rows = results.flatMap(({ remark, result }) =>
    labelDiffers(latestAuto(remark.labels), result) ? [autoRemarkLabel(remark.id, result, now, reason)] : [],
  );
  await insertStanceLabels(db, rows);
  return rows.length;
}

/** Works the remark blocks of the given carriers out again (relabelRemarkBlock), each whole. Returns how many labels were appended. */
async function relabelRemarkBlocks(db: DbOrTx, post: StancePost, carrierIds: readonly number[], reason: string, now: string): Promise<number> {
  let appended = 0;
  // Only the carriers that hold remarks: reading each changed comment's thread to find none made relabelling a
  // 200-comment chain read the thread 200 times (relabel-chain-200 went from 27 to 322 ms).
  // Their ids only: relabelRemarkBlock reads each block, with its labels, as it works it out.
  for (const carrierId of await listCarriersWithRemarks(db, [...new Set(carrierIds)])) appended += await relabelRemarkBlock(db, post, carrierId, reason, now);
  return appended;
}

/**
 * After moderators relabelled remarks of one carrier's block (stored, in the caller's transaction), works out again
 * the remarks after the first of them: they read the earlier remarks' labels as their thread. The relabelled
 * remarks' own automatic labels stand (their text did not change). Returns how many labels were appended.
 */
export async function relabelAfterRemarkLabels(
  db: DbOrTx,
  postId: number,
  carrierId: number,
  remarkIds: readonly number[],
  cause: string,
  now: string,
): Promise<number> {
  const post = remarkIds.length === 0 ? undefined : await findPostWithAuthorById(db, postId);
  return post ? relabelRemarkBlock(db, post, carrierId, `earlier remark ${cause}`, now, { after: remarkIds }) : 0;
}

/** Stored rows are appended in slices, well inside either engine's limit on bound values per statement. */
const INSERT_SLICE = 500;

/**
 * After the labels or texts of `changedIds` (comments of one post) changed for `cause`, works out again, in thread
 * order, every automatic label that leaned on them: replies, later comments naming their authors, and the same for
 * each comment whose label this moves, in turn; and the remarks those comments carry. The walk runs as one job on
 * the classifier's thread over the thread read once; the caller's transaction holds it all. Returns how many labels
 * were appended.
 */
export async function relabelDependents(db: DbOrTx, postId: number, changedIds: readonly number[], cause: string, now: string): Promise<number> {
  if (changedIds.length === 0) return 0;
  const post = await findPostWithAuthorById(db, postId);
  if (!post) return 0;
  const first = Math.min(...changedIds);
  const comments = await listCommentsFrom(db, postId, 0);
  const histories = historiesOf(await listCommentLabelsFrom(db, postId, 0));
  // Only later comments and the comments they answer are read in full; the rest are names in the window.
  const read = new Set<number>();
  for (const c of comments) {
    if (c.id < first) continue;
    read.add(c.id);
    if (c.parent_id !== null) read.add(c.parent_id);
  }
  const walk: WalkInput = {
    comments: comments.map((c) => ({
      id: c.id,
      parentId: c.parent_id,
      author: c.author_name,
      body: read.has(c.id) ? leadingPart(c.body_raw) : '',
      status: c.status,
    })),
    current: new Map([...histories].map(([id, history]) => [id, pickCurrentRow(history)!])),
    latestAuto: new Map(
      [...histories].flatMap(([id, history]) => {
        const auto = latestAuto(history);
        return auto ? [[id, auto] as const] : [];
      }),
    ),
    triggers: [...changedIds],
    cause,
  };
  const relabelled = (await classifyWalk(db, post, walk)) ?? [];
  const rows = relabelled.map((r) => autoRow(r.commentId, r.result, r.reason, now));
  for (let i = 0; i < rows.length; i += INSERT_SLICE) await insertStanceLabels(db, rows.slice(i, i + INSERT_SLICE));
  const carriers = [...changedIds, ...relabelled.filter((r) => r.moved).map((r) => r.commentId)];
  return rows.length + (await relabelRemarkBlocks(db, post, carriers, `carrying comment ${cause}`, now));
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
