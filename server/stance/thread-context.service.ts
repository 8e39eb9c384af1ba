// What the classifier's thread is handed besides the item: the post, the site's model, and the thread before the
// item as the database holds it, read the same way for a comment, a remark block, a paste, an import and a relabel.
import type { DbOrTx } from '../db/database.js';
import type { Post } from '../db/schema.js';
import { findCommentById, listCommentChain, listCommentsByIds, listRecentCommentsBefore } from '../comment/comment.repository.js';
import { subjectOf } from '../post/post-subject.js';
import type { JobPost, SavedSiteModel } from './classifier-thread.js';
import { currentRowsByComment, pickCurrentRow } from './label-precedence.js';
import { CONTEXT_WINDOW, MAX_ANCESTORS } from './relabel-plan.js';
import { leadingPart } from './rules/tokens.js';
import { findStanceModel, findStanceModelVersion, listContextLabels, listRemarkBlocks, type LabelRow } from './stance.repository.js';
import type { ThreadItem } from './stance-types.js';

/** The scope the site's moderator-taught model is saved under. */
export const SITE_SCOPE = 'site';

export type StancePost = Pick<Post, 'id' | 'title' | 'body_raw' | 'subject_name' | 'subject_aliases' | 'author_stance'> &
  Partial<Pick<Post, 'subject_allies' | 'subject_rivals'>> & { author_name: string };

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

export async function threadBefore(db: DbOrTx, post: StancePost, beforeId: number, parentId: number | null): Promise<ThreadItem[]> {
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

/** A stored remark of a block with its label history (oldest first): the block as relabelling and labelling read it. */
export interface BlockRemark {
  id: number;
  author_name: string;
  body_raw: string;
  labels: LabelRow[];
}

function remarkItem(carrierId: number, remark: BlockRemark, current?: LabelRow): ThreadItem {
  return {
    id: `r${remark.id}`,
    parentId: String(carrierId),
    author: remark.author_name,
    body: leadingPart(remark.body_raw),
    kind: 'remark',
    stance: current?.label,
    source: current?.source,
    confidence: current?.confidence,
  };
}

/** Where a block is worked out from: a remark on (`from`), or the remark after the first of `after` in block order. */
export type BlockStart = { from: number; after?: undefined } | { after: readonly number[]; from?: undefined };

/** The index in a block its `start` names; the block's length when it names no remark of it (nothing to label). */
function startIndex(block: readonly BlockRemark[], start: BlockStart | undefined): number {
  if (start === undefined) return 0;
  if (start.after !== undefined) {
    const after = new Set(start.after);
    const at = block.findIndex((r) => after.has(r.id));
    return at < 0 ? block.length : at + 1;
  }
  const at = block.findIndex((r) => r.id === start.from);
  return at < 0 ? block.length : at;
}

/**
 * What the classifier's thread is handed for a carrier's remarks from `start` on (all by default): the
 * thread before the carrier, the carrier itself with its text and label, and the block's remarks before that one
 * with theirs, since a cross-posted remark answers the discussion the carrier introduces (the post's author, or
 * the remark before it). A remark to classify that a moderator or its writer labelled is handed with that label,
 * which the remarks after it lean on. Undefined when the carrier is gone.
 */
export async function remarkBlockJob(db: DbOrTx, post: StancePost, carrierId: number, start?: BlockStart) {
  const carrier = await findCommentById(db, carrierId);
  if (!carrier) return undefined;
  const block: BlockRemark[] = await listRemarkBlocks(db, [carrierId]);
  const from = startIndex(block, start);
  // Nothing to label: no thread to read.
  if (from >= block.length) return undefined;
  // Read as a reply to the carrier: the thread before it, with the carrier's own text.
  const earlier = await threadBefore(db, post, carrier.id + 1, carrier.id);
  const currents = block.map((r) => pickCurrentRow(r.labels));
  earlier.push(...block.slice(0, from).map((r, k) => remarkItem(carrierId, r, currents[k])));
  const items = block.slice(from).map((r, k) => {
    const current = currents[from + k];
    return remarkItem(carrierId, r, current?.source === 'auto' ? undefined : current);
  });
  return { block: block.slice(from), job: { post: jobPost(post), earlier, items, siteModel: await loadSiteModel(db) } };
}
