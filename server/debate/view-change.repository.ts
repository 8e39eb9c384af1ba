// The view_changes table ("this changed my view"): every query on it, and the lookups of a changer's earlier comment.
import type { DbOrTx } from '../db/database.js';

/** The comment a reader says changed their view, with what the rules need; undefined when it does not exist. */
export async function findViewChangeTarget(db: DbOrTx, commentId: number) {
  return db
    .selectFrom('comments')
    .leftJoin('comment_visitors', 'comment_visitors.comment_id', 'comments.id')
    .select([
      'comments.id',
      'comments.post_id',
      'comments.status',
      'comments.author_name',
      'comments.author_email',
      'comments.body_html',
      'comments.deleted_at',
      'comment_visitors.visitor_hash',
    ])
    .where('comments.id', '=', commentId)
    .executeTakeFirst();
}

/**
 * The changer's latest approved comment on the post before a given one: written from the same visitor
 * cookie, or under the same email (lower-cased on both sides).
 */
export async function findEarlierOwnComment(db: DbOrTx, postId: number, beforeId: number, by: { visitorHash: string | null; email: string | null }) {
  if (by.visitorHash === null && by.email === null) return undefined;
  return db
    .selectFrom('comments')
    .leftJoin('comment_visitors', 'comment_visitors.comment_id', 'comments.id')
    .select(['comments.id', 'comments.author_name'])
    .where('comments.post_id', '=', postId)
    .where('comments.id', '<', beforeId)
    .where('comments.status', '=', 'approved')
    .where((eb) => {
      const ors = [];
      if (by.visitorHash !== null) ors.push(eb('comment_visitors.visitor_hash', '=', by.visitorHash));
      if (by.email !== null) ors.push(eb(eb.fn('lower', ['comments.author_email']), '=', by.email.toLowerCase()));
      return eb.or(ors);
    })
    .orderBy('comments.id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** Whether this earlier comment's writer already said this comment changed their view. */
export async function hasViewChange(db: DbOrTx, commentId: number, earlierCommentId: number): Promise<boolean> {
  const row = await db
    .selectFrom('view_changes')
    .select('id')
    .where('comment_id', '=', commentId)
    .where('earlier_comment_id', '=', earlierCommentId)
    .executeTakeFirst();
  return row !== undefined;
}

/** A new "changed my view" mark. */
export async function insertViewChange(
  db: DbOrTx,
  change: {
    commentId: number;
    postId: number;
    earlierCommentId: number;
    changerName: string;
    from: 'pro' | 'against' | 'neutral' | null;
    to: 'pro' | 'against' | 'neutral';
    reason: string;
    at: string;
  },
): Promise<void> {
  await db
    .insertInto('view_changes')
    .values({
      comment_id: change.commentId,
      post_id: change.postId,
      earlier_comment_id: change.earlierCommentId,
      changer_name: change.changerName,
      from_stance: change.from,
      to_stance: change.to,
      reason: change.reason,
      created_at: change.at,
    })
    .execute();
}

/** How many minds each comment of a post changed, in one indexed read; comments that changed none are absent. */
export async function countViewChangesForPost(db: DbOrTx, postId: number): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom('view_changes')
    .select(['comment_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('post_id', '=', postId)
    .groupBy('comment_id')
    .execute();
  return new Map(rows.map((r) => [r.comment_id, Number(r.n)]));
}

/** A post's view changes, oldest first, each with the author of the comment that did it: the summary's "who changed sides". */
export async function listViewChangesForPost(db: DbOrTx, postId: number) {
  return db
    .selectFrom('view_changes')
    .innerJoin('comments', 'comments.id', 'view_changes.comment_id')
    .select([
      'view_changes.comment_id',
      'view_changes.changer_name',
      'view_changes.from_stance',
      'view_changes.to_stance',
      'view_changes.reason',
      'view_changes.created_at',
      'comments.author_name',
    ])
    .where('view_changes.post_id', '=', postId)
    .orderBy('view_changes.created_at')
    .orderBy('view_changes.id')
    .execute();
}
