import type { DbOrTx } from '../db/database.js';
import type { Post } from '../db/schema.js';
import { listCommentChain, listCommentsByIds, listRecentCommentsBefore } from '../comment/comment.repository.js';
import { subjectOf } from '../post/post-subject.js';
import { classifyOnThread, learnOnThread, relabelOnThread, type ClassifyJob, type JobPost, type SavedSiteModel } from './classifier-thread.js';
import { currentRowsByComment } from './label-precedence.js';
import { CONTEXT_WINDOW, MAX_ANCESTORS, type Relabelled, type WalkInput } from './relabel-plan.js';
import { leadingPart } from './rules/tokens.js';
import { findStanceModel, findStanceModelVersion, insertStanceLabels, listContextLabels, saveStanceModel } from './stance.repository.js';
import type { StanceResult, StanceSubject, ThreadItem } from './stance-types.js';
import type { Stance } from '../shared/stances.js';

const SITE_SCOPE = 'site';

export type StancePost = Pick<Post, 'id' | 'title' | 'body_raw' | 'subject_name' | 'subject_aliases' | 'author_stance'> &
  Partial<Pick<Post, 'subject_allies' | 'subject_rivals'>> & { author_name: string };

export interface NewItem {
  id: number;
  authorName: string;
  body: string;
}

// Each instance keeps the saved model and re-reads it only when another instance saved a newer version. The
// classifier's thread parses it; this thread never does. Each copy read gets a serial of its own.
const modelCache = new Map<string, { version: number; saved: SavedSiteModel }>();
let modelSerial = 0;

/** The site's learned model as saved, or null while it has learned nothing. */
export async function loadSiteModel(db: DbOrTx): Promise<SavedSiteModel | null> {
  const version = await findStanceModelVersion(db, SITE_SCOPE);
  if (version === 0) return null;
  const cached = modelCache.get(SITE_SCOPE);
  if (cached?.version === version) return cached.saved;
  const row = await findStanceModel(db, SITE_SCOPE);
  if (!row) return null;
  const saved = { serial: ++modelSerial, json: row.model_json };
  modelCache.set(SITE_SCOPE, { version: row.version, saved });
  return saved;
}

/** The thread before a comment as the classifier sees it: the recent window plus the whole reply chain, with the answered text. */
async function loadEarlierComments(db: DbOrTx, postId: number, beforeId: number, parentId: number | null) {
  const recent = await listRecentCommentsBefore(db, postId, beforeId, CONTEXT_WINDOW);
  const byId = new Map(recent.map((c) => [c.id, c]));
  let parentBody = '';
  if (parentId !== null) {
    const [parent] = await listCommentsByIds(db, [parentId]);
    if (parent) {
      parentBody = parent.body_raw;
      byId.set(parent.id, parent);
    }
  }
  // The reply chain can reach back past the window: follow it through what is here, then fetch the rest in one query.
  let id = parentId;
  let steps = 0;
  while (id !== null && steps < MAX_ANCESTORS) {
    const node = byId.get(id);
    if (!node) break;
    id = node.parent_id;
    steps++;
  }
  if (id !== null && steps < MAX_ANCESTORS) {
    for (const node of await listCommentChain(db, id, MAX_ANCESTORS - steps)) if (!byId.has(node.id)) byId.set(node.id, node);
  }
  return { comments: [...byId.values()].sort((a, b) => a.id - b.id), parentBody };
}

/** The post as the classifier's thread reads it. */
export function jobPost(post: StancePost): JobPost {
  return {
    id: post.id,
    text: { author: post.author_name, title: post.title, body: post.body_raw, stance: post.author_stance ?? undefined },
    subject: subjectOf(post),
  };
}

async function threadBefore(db: DbOrTx, post: StancePost, beforeId: number, parentId: number | null): Promise<ThreadItem[]> {
  const { comments, parentBody } = await loadEarlierComments(db, post.id, beforeId, parentId);
  const labels = currentRowsByComment(
    await listContextLabels(
      db,
      comments.map((c) => c.id),
    ),
  );
  return comments.map((c) => {
    const current = labels.get(c.id);
    // Source and confidence let the classifier pass a shaky automatic label on weakly and a moderator's fully.
    return {
      id: String(c.id),
      parentId: c.parent_id === null ? null : String(c.parent_id),
      author: c.author_name,
      // The classifier reads no further than leadingPart(); the rest need not cross to its thread.
      body: c.id === parentId ? leadingPart(parentBody) : '',
      kind: 'comment' as const,
      stance: current?.label,
      source: current?.source,
      confidence: current?.confidence,
    };
  });
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
 * The classifier's labels for a block of remarks under their carrying comment, in order, each seeing the thread up
 * to the carrier and the remarks before it; null when the classifier's thread cannot answer.
 */
export async function classifyRemarkBlock(
  db: DbOrTx,
  post: StancePost,
  carrier: { id: number; parentId: number | null },
  remarks: NewItem[],
): Promise<StanceResult[] | null> {
  const earlier = await threadBefore(db, post, carrier.id + 1, carrier.parentId);
  const items: ThreadItem[] = remarks.map((r) => ({
    id: `r${r.id}`,
    parentId: String(carrier.id),
    author: r.authorName,
    body: leadingPart(r.body),
    kind: 'remark',
  }));
  return classifyOnThread({ post: jobPost(post), earlier, items, siteModel: await loadSiteModel(db) });
}

/** Labels remarks just stored under their carrying comment, each seeing the thread and the remarks before it. */
export async function labelNewRemarks(
  db: DbOrTx,
  post: StancePost,
  carrier: NewItem & { parentId: number | null },
  remarks: NewItem[],
  now: string,
): Promise<void> {
  const results = await classifyRemarkBlock(db, post, carrier, remarks);
  if (!results) return;
  await insertStanceLabels(
    db,
    remarks.map((remark, i) => {
      const result = results[i]!;
      return {
        comment_id: null,
        remark_id: remark.id,
        label: result.label,
        source: 'auto' as const,
        confidence: result.confidence,
        cues: JSON.stringify(result.cues),
        created_by: null,
        created_at: now,
      };
    }),
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
