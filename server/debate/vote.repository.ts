// The comment_votes and comment_visitors tables: every query on them.
import type { DbOrTx } from '../db/database.js';
import type { CommentVote } from '../db/schema.js';
import type { VoteValue } from './vote-values.js';

/** One vote as the ranking reads it: who, on what, which way. */
export type VoteRow = Pick<CommentVote, 'comment_id' | 'voter_key' | 'value'>;

/** Remembers which visitor posted a comment, so they cannot vote on it. */
export async function insertCommentVisitor(db: DbOrTx, commentId: number, visitorHash: string): Promise<void> {
  await db.insertInto('comment_visitors').values({ comment_id: commentId, visitor_hash: visitorHash }).execute();
}

/** The comment a vote is for, with what the own-comment rule needs; undefined when it does not exist. */
export async function findVoteTarget(db: DbOrTx, commentId: number) {
  return db
    .selectFrom('comments')
    .leftJoin('comment_visitors', 'comment_visitors.comment_id', 'comments.id')
    .select(['comments.id', 'comments.post_id', 'comments.status', 'comments.author_email', 'comment_visitors.visitor_hash'])
    .where('comments.id', '=', commentId)
    .executeTakeFirst();
}

/** Whether this visitor posted any comment under the given email (lower-cased on both sides). */
export async function hasVisitorWrittenAs(db: DbOrTx, visitorHash: string, email: string): Promise<boolean> {
  const row = await db
    .selectFrom('comment_visitors')
    .innerJoin('comments', 'comments.id', 'comment_visitors.comment_id')
    .select('comments.id')
    .where('comment_visitors.visitor_hash', '=', visitorHash)
    .where((eb) => eb(eb.fn('lower', ['comments.author_email']), '=', email.toLowerCase()))
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** A voter's vote on a comment, if any. */
export async function findVote(db: DbOrTx, commentId: number, voterKey: string) {
  return db
    .selectFrom('comment_votes')
    .select(['id', 'value', 'status'])
    .where('comment_id', '=', commentId)
    .where('voter_key', '=', voterKey)
    .executeTakeFirst();
}

/** Votes cast or changed since a moment by one voter or from one address. */
export async function countRecentVotes(db: DbOrTx, by: { voterKey: string } | { ipHash: string }, since: string): Promise<number> {
  const row = await db
    .selectFrom('comment_votes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .$call((q) => ('voterKey' in by ? q.where('voter_key', '=', by.voterKey) : q.where('ip_hash', '=', by.ipHash)))
    .where('updated_at', '>=', since)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Whether a voter cast any vote before a moment: one who did not is new. */
export async function hasVotedBefore(db: DbOrTx, voterKey: string, before: string): Promise<boolean> {
  const row = await db.selectFrom('comment_votes').select('id').where('voter_key', '=', voterKey).where('created_at', '<', before).limit(1).executeTakeFirst();
  return row !== undefined;
}

/** Votes from new voters on one comment since a moment, whatever their status: the size of a burst. */
export async function countNewVoterVotes(db: DbOrTx, commentId: number, since: string): Promise<number> {
  const row = await db
    .selectFrom('comment_votes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('comment_id', '=', commentId)
    .where('from_new_voter', '=', 1)
    .where('created_at', '>=', since)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** A new vote. */
export async function insertVote(
  db: DbOrTx,
  vote: {
    commentId: number;
    postId: number;
    voterKey: string;
    ipHash: string;
    value: VoteValue;
    status: 'counted' | 'held';
    fromNewVoter: boolean;
    at: string;
  },
): Promise<void> {
  await db
    .insertInto('comment_votes')
    .values({
      comment_id: vote.commentId,
      post_id: vote.postId,
      voter_key: vote.voterKey,
      ip_hash: vote.ipHash,
      value: vote.value,
      status: vote.status,
      from_new_voter: vote.fromNewVoter ? 1 : 0,
      created_at: vote.at,
      updated_at: vote.at,
    })
    .execute();
}

/** A changed vote: a held vote stays held. */
export async function updateVoteValue(db: DbOrTx, id: number, value: VoteValue, ipHash: string, at: string): Promise<void> {
  await db.updateTable('comment_votes').set({ value, ip_hash: ipHash, updated_at: at }).where('id', '=', id).execute();
}

/** A comment's counted votes, each way. */
export async function countCommentVotes(db: DbOrTx, commentId: number): Promise<Record<VoteValue, number>> {
  const rows = await db
    .selectFrom('comment_votes')
    .select(['value', (eb) => eb.fn.countAll<number>().as('n')])
    .where('comment_id', '=', commentId)
    .where('status', '=', 'counted')
    .groupBy('value')
    .execute();
  const counts = { good: 0, unconvinced: 0 };
  for (const row of rows) counts[row.value] = Number(row.n);
  return counts;
}

/** Every counted vote on a post, in one indexed read: tallies and the common-ground ranking are computed from them. */
export async function listCountedVotesForPost(db: DbOrTx, postId: number): Promise<VoteRow[]> {
  return db.selectFrom('comment_votes').select(['comment_id', 'voter_key', 'value']).where('post_id', '=', postId).where('status', '=', 'counted').execute();
}

/** Which visitor wrote each comment of a post that has one recorded: a reader's side is that of their own comments. */
export async function listCommentVisitorsForPost(db: DbOrTx, postId: number): Promise<{ comment_id: number; visitor_hash: string }[]> {
  return db
    .selectFrom('comment_visitors')
    .innerJoin('comments', 'comments.id', 'comment_visitors.comment_id')
    .select(['comment_visitors.comment_id', 'comment_visitors.visitor_hash'])
    .where('comments.post_id', '=', postId)
    .execute();
}

/** Comments with held votes, most recent burst first, for the moderators' review. */
export async function listHeldVoteBursts(db: DbOrTx, limit: number) {
  return db
    .selectFrom('comment_votes')
    .innerJoin('comments', 'comments.id', 'comment_votes.comment_id')
    .innerJoin('posts', 'posts.id', 'comment_votes.post_id')
    .select((eb) => [
      'comment_votes.comment_id',
      'comments.author_name',
      'posts.slug',
      'posts.title',
      eb.fn.countAll<number>().as('held'),
      eb.fn.max('comment_votes.created_at').as('latest'),
    ])
    .where('comment_votes.status', '=', 'held')
    .groupBy(['comment_votes.comment_id', 'comments.author_name', 'posts.slug', 'posts.title'])
    .orderBy('latest', 'desc')
    .limit(limit)
    .execute();
}

/** Moves a comment's held votes to counted or rejected; returns how many moved. */
export async function settleHeldVotes(db: DbOrTx, commentId: number, status: 'counted' | 'rejected'): Promise<number> {
  const result = await db.updateTable('comment_votes').set({ status }).where('comment_id', '=', commentId).where('status', '=', 'held').executeTakeFirst();
  return Number(result.numUpdatedRows);
}
