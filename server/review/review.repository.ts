import { sql } from 'kysely';
import type { DbOrTx } from '../db/database.js';
import type { LabelRow } from '../stance/stance.repository.js';

/** A comment or remark as the stance review lists it. */
export interface ReviewTarget {
  kind: 'comment' | 'remark';
  id: number;
  post_id: number;
  post_title: string;
  post_slug: string;
  /** The comment this answers (a comment's parent) or carries it (a remark's comment); null for a top-level comment. */
  parent_id: number | null;
  parent_author: string | null;
  parent_text: string | null;
  author_name: string;
  body_raw: string;
  /** A comment's staff mark (author, moderator); null for other comments and for remarks. */
  staff_badge: 'author' | 'moderator' | null;
  /** When it was said: the comment's time, or the remark's posted date (else when it was pasted). */
  said_at: string;
}

/** The most items a site-wide review loads (newest first); a post's review loads all of its items. */
export const SITE_REVIEW_LIMIT = 2000;

/**
 * Approved comments and the remarks they carry, for one post or (newest first, capped) the whole site,
 * or the posts of one author (an author's review covers their own posts only).
 */
export async function listReviewTargets(db: DbOrTx, postId: number | null, authorId: number | null = null): Promise<ReviewTarget[]> {
  let comments = db
    .selectFrom('comments')
    .innerJoin('posts', 'posts.id', 'comments.post_id')
    .leftJoin('comments as parent', 'parent.id', 'comments.parent_id')
    .select([
      'comments.id',
      'comments.post_id',
      'posts.title as post_title',
      'posts.slug as post_slug',
      'comments.parent_id',
      'parent.author_name as parent_author',
      'parent.body_raw as parent_text',
      'comments.author_name',
      'comments.body_raw',
      'comments.staff_badge',
      'comments.created_at as said_at',
    ])
    .where('comments.status', '=', 'approved');
  let remarks = db
    .selectFrom('group_remarks')
    .innerJoin('comments', 'comments.id', 'group_remarks.comment_id')
    .innerJoin('posts', 'posts.id', 'comments.post_id')
    .select([
      'group_remarks.id',
      'comments.post_id',
      'posts.title as post_title',
      'posts.slug as post_slug',
      'comments.id as parent_id',
      'comments.author_name as parent_author',
      'comments.body_raw as parent_text',
      'group_remarks.author_name',
      'group_remarks.body_raw',
      sql<'author' | 'moderator' | null>`null`.as('staff_badge'),
      sql<string>`coalesce(group_remarks.posted_at, group_remarks.created_at)`.as('said_at'),
    ])
    .where('comments.status', '=', 'approved');
  if (postId !== null) {
    comments = comments.where('comments.post_id', '=', postId);
    remarks = remarks.where('comments.post_id', '=', postId);
  }
  if (authorId !== null) {
    comments = comments.where('posts.author_id', '=', authorId);
    remarks = remarks.where('posts.author_id', '=', authorId);
  }
  const limit = postId === null ? SITE_REVIEW_LIMIT : Number.MAX_SAFE_INTEGER;
  const [c, r] = await Promise.all([
    comments.orderBy('comments.id', 'desc').limit(limit).execute(),
    remarks.orderBy('group_remarks.id', 'desc').limit(limit).execute(),
  ]);
  return [...c.map((x) => ({ ...x, kind: 'comment' as const })), ...r.map((x) => ({ ...x, kind: 'remark' as const }))];
}

/** Every label of the given comments and remarks, oldest first. */
export async function listLabelsForTargets(db: DbOrTx, commentIds: readonly number[], remarkIds: readonly number[]): Promise<LabelRow[]> {
  const columns = ['id', 'comment_id', 'remark_id', 'label', 'source', 'confidence', 'cues', 'created_at'] as const;
  const rows: LabelRow[] = [];
  // In chunks: engines cap the number of bound parameters in one statement.
  for (const [column, ids] of [
    ['comment_id', commentIds],
    ['remark_id', remarkIds],
  ] as const) {
    for (let i = 0; i < ids.length; i += 500) {
      rows.push(
        ...(await db
          .selectFrom('stance_labels')
          .select(columns)
          .where(column, 'in', ids.slice(i, i + 500))
          .execute()),
      );
    }
  }
  return rows.sort((a, b) => a.id - b.id);
}

/**
 * One comment or remark (with its status) with what the model needs to learn from it, or undefined. `comment_id` is
 * the comment itself, or the comment that carries the remark.
 */
export async function findReviewTarget(db: DbOrTx, kind: 'comment' | 'remark', id: number) {
  const base =
    kind === 'comment'
      ? db
          .selectFrom('comments')
          .innerJoin('posts', 'posts.id', 'comments.post_id')
          .select(['comments.body_raw', 'comments.status'])
          .where('comments.id', '=', id)
      : db
          .selectFrom('group_remarks')
          .innerJoin('comments', 'comments.id', 'group_remarks.comment_id')
          .innerJoin('posts', 'posts.id', 'comments.post_id')
          .select(['group_remarks.body_raw', 'comments.status'])
          .where('group_remarks.id', '=', id);
  return base.select(['comments.id as comment_id', 'posts.id as post_id', 'posts.subject_name', 'posts.subject_aliases']).executeTakeFirst();
}
