import { sql } from 'kysely';
import type { DbOrTx } from '../db/database.js';
import type { NewStanceLabel, StanceLabel } from '../db/schema.js';

export type LabelRow = Pick<StanceLabel, 'id' | 'comment_id' | 'remark_id' | 'label' | 'source' | 'confidence' | 'cues' | 'created_at'>;

const LABEL_COLUMNS = [
  'stance_labels.id',
  'stance_labels.comment_id',
  'stance_labels.remark_id',
  'stance_labels.label',
  'stance_labels.source',
  'stance_labels.confidence',
  'stance_labels.cues',
  'stance_labels.created_at',
] as const;

/** Appends labels; labels are history and are never updated in place. */
export async function insertStanceLabels(db: DbOrTx, labels: NewStanceLabel[]): Promise<void> {
  if (labels.length > 0) await db.insertInto('stance_labels').values(labels).execute();
}

/**
 * Labels on approved comments and labels on the remarks those comments carry, as two queries for a
 * UNION ALL: two indexed joins, where an OR in one join condition would scan every label. Callers
 * add the columns and the posts they want to both.
 */
export function labelsOnApprovedItems(db: DbOrTx) {
  const onComments = db.selectFrom('stance_labels').innerJoin('comments', 'comments.id', 'stance_labels.comment_id').where('comments.status', '=', 'approved');
  const onRemarks = db
    .selectFrom('stance_labels')
    .innerJoin('group_remarks', 'group_remarks.id', 'stance_labels.remark_id')
    .innerJoin('comments', 'comments.id', 'group_remarks.comment_id')
    .where('comments.status', '=', 'approved');
  return { onComments, onRemarks };
}

/** Every label ever set on the approved comments of a post and on their remarks, oldest first, in one query. */
export async function listLabelsForPost(db: DbOrTx, postId: number): Promise<LabelRow[]> {
  const { onComments, onRemarks } = labelsOnApprovedItems(db);
  const rows = await onComments
    .select(LABEL_COLUMNS)
    .where('comments.post_id', '=', postId)
    .unionAll(onRemarks.select(LABEL_COLUMNS).where('comments.post_id', '=', postId))
    .execute();
  return rows.sort((a, b) => a.id - b.id);
}

export interface PostLabelRow extends LabelRow {
  post_id: number;
  participant: string;
  kind: 'comment' | 'remark';
  item_created_at: string;
}

/** Every stance label on the approved comments (and their remarks) of the given posts, in one query. */
export async function listLabelsForPosts(db: DbOrTx, postIds: readonly number[]): Promise<PostLabelRow[]> {
  if (postIds.length === 0) return [];
  const columns = [...LABEL_COLUMNS, 'comments.post_id'] as const;
  const { onComments, onRemarks } = labelsOnApprovedItems(db);
  const rows = await onComments
    .select(columns)
    .select(['comments.author_name as participant', 'comments.created_at as item_created_at', sql<'comment' | 'remark'>`'comment'`.as('kind')])
    .where('comments.post_id', 'in', postIds)
    .unionAll(
      onRemarks
        .select(columns)
        .select(['group_remarks.author_name as participant', 'group_remarks.created_at as item_created_at', sql<'comment' | 'remark'>`'remark'`.as('kind')])
        .where('comments.post_id', 'in', postIds),
    )
    .execute();
  return rows.sort((a, b) => a.id - b.id);
}

export type ContextLabel = Pick<StanceLabel, 'comment_id' | 'label' | 'source' | 'confidence'>;

/** The labels of the given comments without their cues, oldest first: what the classifier reads of its context. */
export async function listContextLabels(db: DbOrTx, commentIds: readonly number[]): Promise<ContextLabel[]> {
  if (commentIds.length === 0) return [];
  return db.selectFrom('stance_labels').select(['comment_id', 'label', 'source', 'confidence']).where('comment_id', 'in', commentIds).orderBy('id').execute();
}

/** The saved model of a scope with its version, or undefined before the first save. */
export async function findStanceModel(db: DbOrTx, scope: string) {
  return db.selectFrom('stance_models').select(['model_json', 'version']).where('scope', '=', scope).executeTakeFirst();
}

/** The version of a scope's saved model (0 when none), cheap enough to check before every use. */
export async function findStanceModelVersion(db: DbOrTx, scope: string): Promise<number> {
  const row = await db.selectFrom('stance_models').select('version').where('scope', '=', scope).executeTakeFirst();
  return row?.version ?? 0;
}

/** Saves a scope's model, bumping its version. */
export async function saveStanceModel(db: DbOrTx, scope: string, modelJson: string, now: string): Promise<void> {
  const updated = await db
    .updateTable('stance_models')
    .set((eb) => ({ model_json: modelJson, version: eb('version', '+', 1), updated_at: now }))
    .where('scope', '=', scope)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0) {
    await db.insertInto('stance_models').values({ scope, model_json: modelJson, version: 1, updated_at: now }).execute();
  }
}

/** Every label of a post's comments from a comment on, with cues, oldest first: what relabelling compares against. */
export async function listCommentLabelsFrom(db: DbOrTx, postId: number, fromId: number): Promise<LabelRow[]> {
  return db
    .selectFrom('stance_labels')
    .innerJoin('comments', 'comments.id', 'stance_labels.comment_id')
    .select(LABEL_COLUMNS)
    .where('comments.post_id', '=', postId)
    .where('comments.id', '>=', fromId)
    .orderBy('stance_labels.id')
    .execute();
}

/** The remarks the given comments carry, in block order, each with its whole label history (oldest first): a block is read as one. */
export async function listRemarkBlocks(db: DbOrTx, commentIds: readonly number[]) {
  if (commentIds.length === 0) return [];
  const remarks = await db
    .selectFrom('group_remarks')
    .select(['id', 'comment_id', 'author_name', 'body_raw'])
    .where('comment_id', 'in', commentIds)
    .orderBy('comment_id')
    .orderBy('position')
    .execute();
  if (remarks.length === 0) return [];
  const labels = await db
    .selectFrom('stance_labels')
    .select(LABEL_COLUMNS)
    .where(
      'remark_id',
      'in',
      remarks.map((r) => r.id),
    )
    .orderBy('id')
    .execute();
  const byRemark = new Map<number, LabelRow[]>();
  for (const l of labels) byRemark.set(l.remark_id!, [...(byRemark.get(l.remark_id!) ?? []), l]);
  return remarks.map((r) => ({ ...r, labels: byRemark.get(r.id) ?? [] }));
}

/** Which of the given comments carry remarks, in id order: ids only, for callers that read each block later. */
export async function listCarriersWithRemarks(db: DbOrTx, commentIds: readonly number[]): Promise<number[]> {
  if (commentIds.length === 0) return [];
  const rows = await db.selectFrom('group_remarks').select('comment_id').distinct().where('comment_id', 'in', commentIds).orderBy('comment_id').execute();
  return rows.map((r) => r.comment_id);
}

/** The comments of a post that carry a remark with no label yet, in id order: what labelling an import's remarks works through. */
export async function listCarriersOfUnlabelledRemarks(db: DbOrTx, postId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('group_remarks')
    .innerJoin('comments', 'comments.id', 'group_remarks.comment_id')
    .select('group_remarks.comment_id')
    .distinct()
    .where('comments.post_id', '=', postId)
    .where('comments.status', '=', 'approved')
    .where((eb) => eb.not(eb.exists(eb.selectFrom('stance_labels').select('stance_labels.id').whereRef('stance_labels.remark_id', '=', 'group_remarks.id'))))
    .orderBy('group_remarks.comment_id')
    .execute();
  return rows.map((r) => r.comment_id);
}

/** The posts with a subject whose approved comments carry a remark with no label yet, in id order. */
export async function listPostsWithUnlabelledRemarks(db: DbOrTx): Promise<number[]> {
  const rows = await db
    .selectFrom('group_remarks')
    .innerJoin('comments', 'comments.id', 'group_remarks.comment_id')
    .innerJoin('posts', 'posts.id', 'comments.post_id')
    .select('comments.post_id')
    .distinct()
    .where('posts.subject_name', '<>', '')
    .where('comments.status', '=', 'approved')
    .where((eb) => eb.not(eb.exists(eb.selectFrom('stance_labels').select('stance_labels.id').whereRef('stance_labels.remark_id', '=', 'group_remarks.id'))))
    .orderBy('comments.post_id')
    .execute();
  return rows.map((r) => r.post_id);
}

/** The comment that carries a remark, or undefined when there is no such remark. */
export async function findRemarkCarrierId(db: DbOrTx, remarkId: number): Promise<number | undefined> {
  const row = await db.selectFrom('group_remarks').select('comment_id').where('id', '=', remarkId).executeTakeFirst();
  return row?.comment_id;
}

/** Approved comments of a post with no label at all, in id order (thread order for imports), after the given id. */
export async function listUnlabelledComments(db: DbOrTx, postId: number, afterId: number, limit: number) {
  return db
    .selectFrom('comments')
    .select(['id', 'parent_id', 'author_name', 'body_raw'])
    .where('post_id', '=', postId)
    .where('status', '=', 'approved')
    .where('id', '>', afterId)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('stance_labels').select('stance_labels.id').whereRef('stance_labels.comment_id', '=', 'comments.id'))))
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** How many approved comments wait for a first label, per post with a subject: the labelling's to-do list. */
export async function countUnlabelledCommentsByPost(db: DbOrTx): Promise<{ postId: number; n: number }[]> {
  const rows = await db
    .selectFrom('comments')
    .innerJoin('posts', 'posts.id', 'comments.post_id')
    .select((eb) => ['comments.post_id', eb.fn.countAll<number | string>().as('n')])
    .where('posts.subject_name', '<>', '')
    .where('comments.status', '=', 'approved')
    .where((eb) => eb.not(eb.exists(eb.selectFrom('stance_labels').select('stance_labels.id').whereRef('stance_labels.comment_id', '=', 'comments.id'))))
    .groupBy('comments.post_id')
    .orderBy('comments.post_id')
    .execute();
  return rows.map((r) => ({ postId: r.post_id, n: Number(r.n) }));
}
