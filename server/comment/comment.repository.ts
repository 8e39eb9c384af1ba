import { compileOnce } from '../db/compile-once.js';
import type { DbOrTx } from '../db/database.js';
import type { Comment, NewComment } from '../db/schema.js';

export type PublicComment = Pick<
  Comment,
  'id' | 'parent_id' | 'depth' | 'author_name' | 'author_email' | 'author_url' | 'body_html' | 'created_at' | 'edited_at'
>;

/** Every approved comment of a post in one flat query, oldest first: the tree is built in memory. */
export async function listApprovedCommentsForPost(db: DbOrTx, postId: number): Promise<PublicComment[]> {
  return db
    .selectFrom('comments')
    .select(['id', 'parent_id', 'depth', 'author_name', 'author_email', 'author_url', 'body_html', 'created_at', 'edited_at'])
    .where('post_id', '=', postId)
    .where('status', '=', 'approved')
    .orderBy('id')
    .execute();
}

/** One comment by id, in any status. */
export async function findCommentById(db: DbOrTx, id: number): Promise<Comment | undefined> {
  return db.selectFrom('comments').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Where a comment sits: its post, parent, depth and status, without its text. */
export type CommentPlacement = Pick<Comment, 'id' | 'post_id' | 'parent_id' | 'depth' | 'status'>;

/** One comment's place in its thread, in any status. */
export async function findCommentPlacement(db: DbOrTx, id: number): Promise<CommentPlacement | undefined> {
  return (await selectCommentPlacement(db, id))[0];
}

// Read for the parent of every reply and again to find where a new comment's page is.
const selectCommentPlacement = compileOnce(
  (db, id: number) => db.selectFrom('comments').select(['id', 'post_id', 'parent_id', 'depth', 'status']).where('id', '=', id),
  [-1],
);

/** Stores a comment and returns its id. */
export async function insertComment(db: DbOrTx, comment: NewComment): Promise<number> {
  const row = await db.insertInto('comments').values(comment).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** Who wrote what in reply to whom: the classifier reads the text of only the comment being answered. */
export type ContextComment = Pick<Comment, 'id' | 'parent_id' | 'author_name'>;

/** The latest approved comments of a post written before the given id, oldest first: the classifier's view of the thread. */
export async function listRecentCommentsBefore(db: DbOrTx, postId: number, beforeId: number, limit: number): Promise<ContextComment[]> {
  const rows = await db
    .selectFrom('comments')
    .select(['id', 'parent_id', 'author_name'])
    .where('post_id', '=', postId)
    .where('status', '=', 'approved')
    .where('id', '<', beforeId)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.reverse();
}

/** Comments by id with their raw text, in id order. */
export async function listCommentsByIds(db: DbOrTx, ids: readonly number[]): Promise<(ContextComment & Pick<Comment, 'body_raw'>)[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('comments').select(['id', 'parent_id', 'author_name', 'body_raw']).where('id', 'in', ids).orderBy('id').execute();
}

/** How many approved top-level comments of a post come before the given id: which page a thread starts on. */
export async function countTopLevelCommentsBefore(db: DbOrTx, postId: number, beforeId: number): Promise<number> {
  const [row] = await selectTopLevelCountBefore(db, postId, beforeId);
  return Number(row?.n ?? 0);
}

const selectTopLevelCountBefore = compileOnce(
  (db, postId: number, beforeId: number) =>
    db
      .selectFrom('comments')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('post_id', '=', postId)
      .where('status', '=', 'approved')
      .where('parent_id', 'is', null)
      .where('id', '<', beforeId),
  [-1, -2],
);
