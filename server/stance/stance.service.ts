import type { DbOrTx } from '../db/database.js';
import type { Post } from '../db/schema.js';
import { listCommentsByIds, listRecentCommentsBefore, type ContextComment } from '../comment/comment.repository.js';
import { subjectOf } from '../post/post-subject.js';
import { classifyStance, type StanceContext, type ThreadItem } from './stance-classifier.js';
import { currentLabelsByTarget } from './stance-current.js';
import { StanceModel } from './stance-model.js';
import { findStanceModel, findStanceModelVersion, insertStanceLabels, listLabelsForComments, saveStanceModel } from './stance.repository.js';
import type { Stance } from './stances.js';

/** How much of a long thread the classifier reads besides the reply chain: enough for named references. */
const CONTEXT_WINDOW = 200;
/** A reply chain deeper than this is cut; the nearest ancestors matter most. */
const MAX_ANCESTORS = 50;
const SITE_SCOPE = 'site';

export type StancePost = Pick<Post, 'id' | 'title' | 'body_raw' | 'subject_name' | 'subject_aliases' | 'author_stance'> & { author_name: string };

export interface NewItem {
  id: number;
  authorName: string;
  body: string;
}

// Each instance keeps the parsed model and re-reads it only when another instance saved a newer version.
const modelCache = new Map<string, { version: number; model: StanceModel }>();

/** The site's learned model, or undefined while it has learned nothing. */
export async function loadSiteModel(db: DbOrTx): Promise<StanceModel | undefined> {
  const version = await findStanceModelVersion(db, SITE_SCOPE);
  if (version === 0) return undefined;
  const cached = modelCache.get(SITE_SCOPE);
  if (cached?.version === version) return cached.model;
  const row = await findStanceModel(db, SITE_SCOPE);
  if (!row) return undefined;
  const model = StanceModel.fromJSON(JSON.parse(row.model_json));
  modelCache.set(SITE_SCOPE, { version: row.version, model });
  return model;
}

async function loadEarlierComments(db: DbOrTx, postId: number, beforeId: number, parentId: number | null): Promise<ContextComment[]> {
  const recent = await listRecentCommentsBefore(db, postId, beforeId, CONTEXT_WINDOW);
  const byId = new Map(recent.map((c) => [c.id, c]));
  // The reply chain can reach back past the window; fetch the missing ancestors one level at a time.
  for (let id = parentId, steps = 0; id !== null && steps < MAX_ANCESTORS; steps++) {
    let parent = byId.get(id);
    if (!parent) {
      [parent] = await listCommentsByIds(db, [id]);
      if (!parent) break;
      byId.set(parent.id, parent);
    }
    id = parent.parent_id;
  }
  return [...byId.values()].sort((a, b) => a.id - b.id);
}

function contextFor(post: StancePost, earlier: ThreadItem[]): StanceContext {
  return {
    subject: subjectOf(post),
    post: { author: post.author_name, title: post.title, body: post.body_raw, stance: post.author_stance ?? undefined },
    earlier,
  };
}

async function threadBefore(db: DbOrTx, post: StancePost, beforeId: number, parentId: number | null): Promise<ThreadItem[]> {
  const comments = await loadEarlierComments(db, post.id, beforeId, parentId);
  const labels = currentLabelsByTarget(await listLabelsForComments(db, comments.map((c) => c.id)));
  return comments.map((c) => {
    const current = labels.comments.get(c.id);
    // Source and confidence let the classifier pass a shaky automatic label on weakly and a moderator's fully.
    return {
      id: String(c.id),
      parentId: c.parent_id === null ? null : String(c.parent_id),
      author: c.author_name,
      body: c.body_raw,
      kind: 'comment' as const,
      stance: current?.label,
      source: current?.source,
      confidence: current?.confidence,
    };
  });
}

/**
 * Labels a comment just stored: the classifier's label always (so reviewers can compare), and the
 * commenter's own when they gave one. Runs inside the caller's transaction.
 */
export async function labelNewComment(
  db: DbOrTx,
  post: StancePost,
  comment: NewItem & { parentId: number | null; selfStance: Stance | null },
  now: string,
): Promise<void> {
  const earlier = await threadBefore(db, post, comment.id, comment.parentId);
  const target: ThreadItem = {
    id: String(comment.id),
    parentId: comment.parentId === null ? null : String(comment.parentId),
    author: comment.authorName,
    body: comment.body,
    kind: 'comment',
  };
  const result = classifyStance(target, contextFor(post, earlier), await loadSiteModel(db));
  const base = { comment_id: comment.id, remark_id: null, created_by: null, created_at: now };
  await insertStanceLabels(db, [
    { ...base, label: result.label, source: 'auto', confidence: result.confidence, cues: JSON.stringify(result.cues) },
    ...(comment.selfStance ? [{ ...base, label: comment.selfStance, source: 'self' as const, confidence: 1, cues: '[]' }] : []),
  ]);
}

/** Labels remarks just stored under their carrying comment, each seeing the thread and the remarks before it. */
export async function labelNewRemarks(db: DbOrTx, post: StancePost, carrier: NewItem & { parentId: number | null }, remarks: NewItem[], now: string): Promise<void> {
  const earlier = await threadBefore(db, post, carrier.id + 1, carrier.parentId);
  const model = await loadSiteModel(db);
  const labels = [];
  for (const remark of remarks) {
    const target: ThreadItem = { id: `r${remark.id}`, parentId: String(carrier.id), author: remark.authorName, body: remark.body, kind: 'remark' };
    const result = classifyStance(target, contextFor(post, earlier), model);
    earlier.push({ ...target, stance: result.label, source: 'auto', confidence: result.confidence });
    labels.push({ comment_id: null, remark_id: remark.id, label: result.label, source: 'auto' as const, confidence: result.confidence, cues: JSON.stringify(result.cues), created_by: null, created_at: now });
  }
  await insertStanceLabels(db, labels);
}

/** Records a moderator's label (history, never an overwrite) and teaches the site model the same lesson. */
export async function recordModeratorLabel(
  db: DbOrTx,
  target: { commentId: number; remarkId?: undefined } | { remarkId: number; commentId?: undefined },
  text: string,
  subject: { name: string; aliases: string[] },
  label: Stance,
  userId: number | null,
  now: string,
): Promise<void> {
  await insertStanceLabels(db, [
    { comment_id: target.commentId ?? null, remark_id: target.remarkId ?? null, label, source: 'moderator', confidence: 1, cues: '[]', created_by: userId, created_at: now },
  ]);
  // A copy: the cached model must not learn a lesson whose transaction may still roll back.
  const saved = await loadSiteModel(db);
  const model = saved ? StanceModel.fromJSON(saved.toJSON()) : new StanceModel();
  model.learn(text, label, subject);
  await saveStanceModel(db, SITE_SCOPE, JSON.stringify(model.toJSON()), now);
}
