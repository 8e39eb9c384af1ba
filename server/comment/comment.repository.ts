// The comments table: every query on it, for the thread, the comment form's screening, moderation and labelling.
import { sql } from 'kysely';
import { compileOnce } from '../db/compile-once.js';
import type { DbOrTx } from '../db/database.js';
import type { Comment, NewComment } from '../db/schema.js';

export type PublicComment = Pick<
  Comment,
  'id' | 'parent_id' | 'depth' | 'author_name' | 'author_email' | 'author_url' | 'body_html' | 'created_at' | 'edited_at' | 'staff_badge'
>;

/** Every approved comment of a post in one flat query, oldest first: the tree is built in memory. */
export async function listApprovedCommentsForPost(db: DbOrTx, postId: number): Promise<PublicComment[]> {
  return db
    .selectFrom('comments')
    .select(['id', 'parent_id', 'depth', 'author_name', 'author_email', 'author_url', 'body_html', 'created_at', 'edited_at', 'staff_badge'])
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

export const COMMENT_STATUSES = ['pending', 'approved', 'spam', 'trash'] as const;
export type CommentStatus = (typeof COMMENT_STATUSES)[number];

/** How many comments are in each status, site-wide or on one post. */
export async function countCommentsByStatus(db: DbOrTx, postId: number | null): Promise<Record<CommentStatus, number>> {
  let query = db
    .selectFrom('comments')
    .select((eb) => ['status', eb.fn.countAll<string | number>().as('n')])
    .groupBy('status');
  if (postId !== null) query = query.where('post_id', '=', postId);
  const counts: Record<CommentStatus, number> = { pending: 0, approved: 0, spam: 0, trash: 0 };
  for (const row of await query.execute()) counts[row.status] = Number(row.n);
  return counts;
}

export type QueueComment = Pick<
  Comment,
  | 'id'
  | 'post_id'
  | 'parent_id'
  | 'author_name'
  | 'author_email'
  | 'author_url'
  | 'body_raw'
  | 'body_html'
  | 'status'
  | 'held_rule'
  | 'held_match'
  | 'created_at'
  | 'edited_at'
> & { post_title: string; post_slug: string };

/** One page of a status queue, newest first, optionally for one post. */
export async function listQueue(db: DbOrTx, filter: { status: CommentStatus; postId: number | null; limit: number; offset: number }): Promise<QueueComment[]> {
  let query = db
    .selectFrom('comments')
    .innerJoin('posts', 'posts.id', 'comments.post_id')
    .select([
      'comments.id',
      'comments.post_id',
      'comments.parent_id',
      'comments.author_name',
      'comments.author_email',
      'comments.author_url',
      'comments.body_raw',
      'comments.body_html',
      'comments.status',
      'comments.held_rule',
      'comments.held_match',
      'comments.created_at',
      'comments.edited_at',
      'posts.title as post_title',
      'posts.slug as post_slug',
    ])
    .where('comments.status', '=', filter.status);
  if (filter.postId !== null) query = query.where('comments.post_id', '=', filter.postId);
  return query.orderBy('comments.id', 'desc').limit(filter.limit).offset(filter.offset).execute();
}

/** Posts that have comments, for the queue's post filter. */
export async function listPostsWithComments(db: DbOrTx): Promise<{ id: number; title: string; author_id: number; status: 'draft' | 'published' }[]> {
  return db
    .selectFrom('posts')
    .select(['posts.id', 'posts.title', 'posts.author_id', 'posts.status'])
    .where((eb) => eb.exists(eb.selectFrom('comments').select('comments.id').whereRef('comments.post_id', '=', 'posts.id')))
    .orderBy('posts.title')
    .execute();
}

/** Comments by id, in any status. */
export async function listCommentsByIds(db: DbOrTx, ids: readonly number[]): Promise<Comment[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('comments').selectAll().where('id', 'in', ids).orderBy('id').execute();
}

/** Sets the status of the given comments. */
export async function setCommentsStatus(db: DbOrTx, ids: readonly number[], status: CommentStatus): Promise<void> {
  if (ids.length === 0) return;
  await db.updateTable('comments').set({ status }).where('id', 'in', ids).execute();
}

/** Which of the given comments have replies, in any status. */
export async function listIdsWithReplies(db: DbOrTx, ids: readonly number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const rows = await db.selectFrom('comments').select('parent_id').distinct().where('parent_id', 'in', ids).execute();
  return new Set(rows.map((r) => r.parent_id!));
}

/** Deletes comments; their remarks and labels go with them (foreign keys cascade). */
export async function deleteComments(db: DbOrTx, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  await db.deleteFrom('comments').where('id', 'in', ids).execute();
}

/** Rewrites a comment's text and author name (an edit), and its status when the new text is held. */
export async function updateCommentText(
  db: DbOrTx,
  id: number,
  changes: { author_name: string; body_raw: string; body_html: string; edited_at: string } & Partial<Pick<Comment, 'status' | 'held_rule' | 'held_match'>>,
): Promise<void> {
  await db.updateTable('comments').set(changes).where('id', '=', id).execute();
}

/** How many comments came from an address (its hash) since a time. */
export async function countCommentsFromIpSince(db: DbOrTx, ipHash: string, sinceIso: string): Promise<number> {
  const [row] = await selectCountFromIpSince(db, ipHash, sinceIso);
  return Number(row?.n ?? 0);
}

// This and the duplicate check run on every comment POST.
const selectCountFromIpSince = compileOnce(
  (db, ipHash: string, sinceIso: string) =>
    db
      .selectFrom('comments')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where('author_ip_hash', '=', ipHash)
      .where('created_at', '>', sinceIso),
  ['\u0000ip', '\u0000since'],
);

/** Whether the same email posted the same text on the same post since a time. */
export async function hasDuplicateSince(db: DbOrTx, postId: number, email: string, bodyRaw: string, sinceIso: string): Promise<boolean> {
  return (await selectDuplicateSince(db, postId, email, bodyRaw, sinceIso)).length > 0;
}

const selectDuplicateSince = compileOnce(
  (db, postId: number, email: string, bodyRaw: string, sinceIso: string) =>
    db
      .selectFrom('comments')
      .select('id')
      .where('post_id', '=', postId)
      .where('author_email', '=', email)
      .where('body_raw', '=', bodyRaw)
      .where('created_at', '>', sinceIso)
      .limit(1),
  [-1, '\u0000email', '\u0000body', '\u0000since'],
);

/** Whether an email has an approved comment anywhere on the site. */
export async function hasApprovedCommentFrom(db: DbOrTx, email: string): Promise<boolean> {
  const row = await db.selectFrom('comments').select('id').where('author_email', '=', email).where('status', '=', 'approved').executeTakeFirst();
  return row !== undefined;
}

/** A post's comments among the given ids that are still held (pending or spam): a commenter's own. */
export async function listHeldCommentsByIds(db: DbOrTx, postId: number, ids: readonly number[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('comments')
    .select(['id', 'parent_id', 'depth', 'author_name', 'author_email', 'author_url', 'body_html', 'created_at', 'edited_at', 'staff_badge'])
    .where('post_id', '=', postId)
    .where('id', 'in', ids)
    .where('status', 'in', ['pending', 'spam'])
    .orderBy('id')
    .execute();
}

/** A link of a reply chain: who wrote it, what it answers, whether it is shown. */
export type CommentLink = Pick<Comment, 'id' | 'parent_id' | 'author_name' | 'status'>;

/**
 * A comment and its ancestors, nearest first, at most `limit` of them, in any status: one recursive
 * query (SQLite and PostgreSQL both run WITH RECURSIVE) where walking the chain took one per hop.
 */
export async function listCommentChain(db: DbOrTx, commentId: number, limit: number): Promise<CommentLink[]> {
  return selectCommentChain(db, commentId, limit);
}

const selectCommentChain = compileOnce(
  (db, commentId: number, limit: number) =>
    db
      .withRecursive('chain(id, parent_id, author_name, status, hops)', (qb) =>
        qb
          .selectFrom('comments')
          .select(['id', 'parent_id', 'author_name', 'status', sql<number>`1`.as('hops')])
          .where('id', '=', commentId)
          .unionAll((qb) =>
            qb
              .selectFrom('comments')
              .innerJoin('chain', 'chain.parent_id', 'comments.id')
              .select(['comments.id', 'comments.parent_id', 'comments.author_name', 'comments.status', sql<number>`chain.hops + 1`.as('hops')])
              .where('chain.hops', '<', limit),
          ),
      )
      .selectFrom('chain')
      .select(['id', 'parent_id', 'author_name', 'status'])
      .orderBy('hops'),
  [-1, -2],
);

/** A comment as relabelling reads it: its place, author, text and whether it still counts. */
export type RelabelComment = Pick<Comment, 'id' | 'parent_id' | 'author_name' | 'body_raw' | 'status'>;

/** A post's comments from an id on, oldest first, in any status: the ones a change earlier in the thread may relabel. */
export async function listCommentsFrom(db: DbOrTx, postId: number, fromId: number): Promise<RelabelComment[]> {
  return db
    .selectFrom('comments')
    .select(['id', 'parent_id', 'author_name', 'body_raw', 'status'])
    .where('post_id', '=', postId)
    .where('id', '>=', fromId)
    .orderBy('id')
    .execute();
}

/** A comment as the thread shows it; `removed` marks the stand-in for one readers do not see that has replies they do. */
export type ThreadComment = PublicComment & { removed?: boolean };

/**
 * Every comment of a post readers do not see (held, spam, trash) as a placeholder, oldest first: where it sat and
 * nothing of what it said or who wrote it.
 */
export async function listRemovedPlaceholders(db: DbOrTx, postId: number): Promise<ThreadComment[]> {
  const rows = await db
    .selectFrom('comments')
    .select(['id', 'parent_id', 'depth', 'created_at'])
    .where('post_id', '=', postId)
    .where('status', '<>', 'approved')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ ...r, author_name: '', author_email: '', author_url: null, body_html: '', edited_at: null, staff_badge: null, removed: true }));
}

/** Whether a post has a top-level comment readers do not see before the given id (cheap: the top-level index). */
export async function hasHiddenTopLevelCommentBefore(db: DbOrTx, postId: number, beforeId: number): Promise<boolean> {
  const row = await db
    .selectFrom('comments')
    .select('id')
    .where('post_id', '=', postId)
    .where('status', '<>', 'approved')
    .where('parent_id', 'is', null)
    .where('id', '<', beforeId)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** The approved comments of a post that answer a comment readers do not see: where placeholders are needed. */
export async function listRepliesToHiddenComments(db: DbOrTx, postId: number): Promise<{ id: number; parent_id: number | null; removed?: boolean }[]> {
  return db
    .selectFrom('comments as reply')
    .innerJoin('comments as parent', 'parent.id', 'reply.parent_id')
    .select(['reply.id', 'reply.parent_id'])
    .where('reply.post_id', '=', postId)
    .where('reply.status', '=', 'approved')
    .where('parent.status', '<>', 'approved')
    .orderBy('reply.id')
    .execute();
}

/**
 * Every comment written from one email address (any status, compared without case), oldest first, with its
 * post: what a commenter's export holds. Never the address hash or the moderation rule's notes.
 */
export async function listCommentsByAuthorEmail(db: DbOrTx, email: string) {
  return db
    .selectFrom('comments')
    .innerJoin('posts', 'posts.id', 'comments.post_id')
    .select([
      'comments.id',
      'comments.post_id',
      'posts.slug as post_slug',
      'posts.title as post_title',
      'comments.parent_id',
      'comments.author_name',
      'comments.author_email',
      'comments.author_url',
      'comments.body_raw',
      'comments.status',
      'comments.self_stance',
      'comments.created_at',
      'comments.edited_at',
      'comments.deleted_at',
    ])
    .where((eb) => eb(eb.fn('lower', ['comments.author_email']), '=', email.toLowerCase()))
    .orderBy('comments.created_at')
    .orderBy('comments.id')
    .execute();
}
