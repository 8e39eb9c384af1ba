import type { DbOrTx } from '../db/database.js';
import { classifyOnThread, learnOnThread, relabelOnThread, type ClassifyJob } from './classifier-thread.js';
import type { Relabelled, WalkInput } from './relabel-plan.js';
import { leadingPart } from './rules/tokens.js';
import { insertStanceLabels, saveStanceModel } from './stance.repository.js';
import type { StanceResult, StanceSubject, ThreadItem } from './stance-types.js';
import {
  jobPost,
  loadSiteModel,
  remarkBlockJob,
  SITE_SCOPE,
  threadBefore,
  type BlockRemark,
  type BlockStart,
  type StancePost,
} from './thread-context.service.js';
import type { Stance } from '../shared/stances.js';

export interface NewItem {
  id: number;
  authorName: string;
  body: string;
}

/** A comment as the classifier needs it: who wrote what, answering which comment. */
export interface CommentToClassify {
  parentId: number | null;
  authorName: string;
  body: string;
}

/** Larger than any comment id: classifying "before" it reads the whole thread as it stands (INT max, valid on PostgreSQL). */
const NOT_YET_STORED = 2_147_483_647;

/**
 * The classifier's label for a comment, from the thread before `beforeId` (by default all of it: a comment not
 * stored yet), worked out on the classifier's thread; null when that thread cannot answer.
 */
export async function classifyComment(db: DbOrTx, post: StancePost, comment: CommentToClassify, beforeId = NOT_YET_STORED): Promise<StanceResult | null> {
  const results = await classifyOnThread(await commentJob(db, post, comment, beforeId));
  return results?.[0] ?? null;
}

/** What the classifier's thread is handed for a comment: the comment, the thread before it, the post and the site model. */
export async function commentJob(db: DbOrTx, post: StancePost, comment: CommentToClassify, beforeId = NOT_YET_STORED): Promise<Omit<ClassifyJob, 'kind'>> {
  const earlier = await threadBefore(db, post, beforeId, comment.parentId);
  const target: ThreadItem = {
    id: String(beforeId),
    parentId: comment.parentId === null ? null : String(comment.parentId),
    author: comment.authorName,
    body: leadingPart(comment.body),
    kind: 'comment',
  };
  return { post: jobPost(post), earlier, items: [target], siteModel: await loadSiteModel(db) };
}

/**
 * Labels a comment just stored: the classifier's label (so reviewers can compare), and the commenter's own
 * when they gave one. `auto` is the classifier's label when it was worked out already (null: it could not be).
 */
export async function labelNewComment(
  db: DbOrTx,
  post: StancePost,
  comment: NewItem & { parentId: number | null; selfStance: Stance | null },
  now: string,
  auto?: StanceResult | null,
): Promise<void> {
  const result = auto === undefined ? await classifyComment(db, post, comment, comment.id) : auto;
  const base = { comment_id: comment.id, remark_id: null, created_by: null, created_at: now };
  await insertStanceLabels(db, [
    ...(result ? [{ ...base, label: result.label, source: 'auto' as const, confidence: result.confidence, cues: JSON.stringify(result.cues) }] : []),
    ...(comment.selfStance ? [{ ...base, label: comment.selfStance, source: 'self' as const, confidence: 1, cues: '[]' }] : []),
  ]);
}

/**
 * The classifier's labels for a carrier's remarks from `start` on (all of them by default),
 * in block order, each read in its thread: the post, the thread before the carrier, the carrier's text and the
 * block's remarks before it. Paste, import and relabelling all label remarks through here. Null when the
 * classifier's thread cannot answer or the carrier is gone.
 */
export async function classifyRemarkBlock(
  db: DbOrTx,
  post: StancePost,
  carrierId: number,
  start?: BlockStart,
): Promise<{ remark: BlockRemark; result: StanceResult }[] | null> {
  const read = await remarkBlockJob(db, post, carrierId, start);
  if (!read) return null;
  const results = await classifyOnThread(read.job);
  return results ? read.block.map((remark, i) => ({ remark, result: results[i]! })) : null;
}

/** The stored row of an automatic remark label. */
export function autoRemarkLabel(remarkId: number, result: StanceResult, now: string, reason?: string) {
  return {
    comment_id: null,
    remark_id: remarkId,
    label: result.label,
    source: 'auto' as const,
    confidence: result.confidence,
    cues: JSON.stringify(result.cues),
    created_by: null,
    created_at: now,
    ...(reason === undefined ? {} : { reason }),
  };
}

/** Labels remarks just stored under their carrying comment (after any it carried before), each read in its thread. */
export async function labelNewRemarks(db: DbOrTx, post: StancePost, carrier: { id: number }, remarks: readonly NewItem[], now: string): Promise<void> {
  if (remarks.length === 0) return;
  const ids = new Set(remarks.map((r) => r.id));
  const labelled = await classifyRemarkBlock(db, post, carrier.id, { from: remarks[0]!.id });
  if (!labelled) return;
  await insertStanceLabels(
    db,
    labelled.filter(({ remark }) => ids.has(remark.id)).map(({ remark, result }) => autoRemarkLabel(remark.id, result, now)),
  );
}

/** Runs a relabelling walk over a post's thread on the classifier's thread; null when it cannot answer. */
export async function classifyWalk(db: DbOrTx, post: StancePost, walk: WalkInput): Promise<Relabelled[] | null> {
  return relabelOnThread({ post: jobPost(post), walk, siteModel: await loadSiteModel(db) });
}

/** Records a moderator's label (history, never an overwrite) and teaches the site model the same lesson. */
export async function recordModeratorLabel(
  db: DbOrTx,
  target: { commentId: number; remarkId?: undefined } | { remarkId: number; commentId?: undefined },
  text: string,
  subject: StanceSubject,
  label: Stance,
  userId: number | null,
  now: string,
): Promise<void> {
  await insertStanceLabels(db, [
    {
      comment_id: target.commentId ?? null,
      remark_id: target.remarkId ?? null,
      label,
      source: 'moderator',
      confidence: 1,
      cues: '[]',
      created_by: userId,
      created_at: now,
    },
  ]);
  const json = await learnOnThread({ siteModel: await loadSiteModel(db), text, label, subject });
  if (json !== null) await saveStanceModel(db, SITE_SCOPE, json, now);
}
