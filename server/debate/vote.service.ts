// The voting rules: one vote per reader per comment (changeable), none on one's own comment, limits
// per voter and per address, and bursts from new voters held for a moderator.
import { withWriteTransaction, type Db } from '../db/database.js';
import { lockForTransaction } from '../db/transaction-lock.js';
import { AppError, Forbidden, NotFound } from '../errors.js';
import { insertAuditEntries } from '../audit/audit.repository.js';
import { findThreadVersion } from '../post/post.repository.js';
import {
  countCommentVotes,
  countNewVoterVotes,
  countRecentVotes,
  findVote,
  findVoteTarget,
  hasVotedBefore,
  hasVisitorWrittenAs,
  insertVote,
  settleHeldVotes,
  updateVoteValue,
} from './vote.repository.js';
import { voterKeyOf, type Voter, type VoteValue } from './vote-values.js';

/** Votes one reader may cast or change in VOTE_WINDOW_MINUTES. */
export const VOTES_PER_VOTER = 120;
/** Votes one address may cast or change in the window: several readers share an address behind NAT. */
export const VOTES_PER_ADDRESS = 600;
export const VOTE_WINDOW_MINUTES = 60;
/** A voter with no vote older than this is new. */
export const NEW_VOTER_MINUTES = 60;
/** This many votes from new voters on one comment within BURST_WINDOW_MINUTES is a burst: the next ones are held. */
export const BURST_VOTES = 8;
export const BURST_WINDOW_MINUTES = 10;

export class TooManyVotes extends AppError {
  constructor() {
    super('You have voted a lot in the last hour. Please wait a while before voting again.', 429, 'too_many_votes');
  }
}

export interface CastVote {
  commentId: number;
  postId: number;
  voter: Voter;
  ipHash: string;
  value: VoteValue;
}

export interface VoteOutcome {
  /** Counted now, or held until a moderator looks at the burst it came in. */
  status: 'counted' | 'held';
  counts: Record<VoteValue, number>;
  /** The post's thread version after the vote: what a kept ranking moves on to. */
  threadVersion: number;
}

const minutesBefore = (now: Date, minutes: number) => new Date(now.getTime() - minutes * 60_000).toISOString();

/** Whether the voter wrote the comment: the same account email, the same visitor, or an email the visitor commented under. */
async function isOwnComment(db: Parameters<typeof findVote>[0], voter: Voter, target: { author_email: string; visitor_hash: string | null }) {
  if (voter.kind === 'user') return voter.email.toLowerCase() === target.author_email.toLowerCase();
  if (target.visitor_hash === voter.visitorHash) return true;
  return hasVisitorWrittenAs(db, voter.visitorHash, target.author_email);
}

/** Casts or changes a reader's vote on an approved comment of the post, under the rules above. */
export async function castVote(db: Db, vote: CastVote, now: Date): Promise<VoteOutcome> {
  const at = now.toISOString();
  const voterKey = voterKeyOf(vote.voter);
  return withWriteTransaction(db, async (tx) => {
    // One key per voter and one per address, always in this order: limits hold under parallel votes.
    await lockForTransaction(tx, `vote-voter:${voterKey}`);
    await lockForTransaction(tx, `vote-ip:${vote.ipHash}`);
    const target = await findVoteTarget(tx, vote.commentId);
    if (!target || target.post_id !== vote.postId || target.status !== 'approved') throw new NotFound('There is no such comment on this post.');
    if (await isOwnComment(tx, vote.voter, target)) throw new Forbidden('You cannot vote on your own comment.');
    const since = minutesBefore(now, VOTE_WINDOW_MINUTES);
    if ((await countRecentVotes(tx, { voterKey }, since)) >= VOTES_PER_VOTER) throw new TooManyVotes();
    if ((await countRecentVotes(tx, { ipHash: vote.ipHash }, since)) >= VOTES_PER_ADDRESS) throw new TooManyVotes();
    const existing = await findVote(tx, vote.commentId, voterKey);
    let status: 'counted' | 'held';
    if (existing) {
      status = existing.status === 'held' ? 'held' : 'counted';
      if (existing.status === 'rejected') throw new Forbidden('Your vote on this comment was set aside by a moderator.');
      if (existing.value !== vote.value) await updateVoteValue(tx, existing.id, vote.value, vote.ipHash, at);
    } else {
      const fromNewVoter = !(await hasVotedBefore(tx, voterKey, minutesBefore(now, NEW_VOTER_MINUTES)));
      await lockForTransaction(tx, `vote-comment:${vote.commentId}`);
      const burst = fromNewVoter && (await countNewVoterVotes(tx, vote.commentId, minutesBefore(now, BURST_WINDOW_MINUTES))) >= BURST_VOTES;
      status = burst ? 'held' : 'counted';
      await insertVote(tx, { ...vote, voterKey, status, fromNewVoter, at });
    }
    return { status, counts: await countCommentVotes(tx, vote.commentId), threadVersion: await findThreadVersion(tx, vote.postId) };
  });
}

/** A moderator's decision on a comment's held votes: count them, or set them aside; logged. Returns how many moved. */
export async function settleVoteBurst(db: Db, actorId: number, commentId: number, decision: 'count' | 'reject', now: Date): Promise<number> {
  return withWriteTransaction(db, async (tx) => {
    const moved = await settleHeldVotes(tx, commentId, decision === 'count' ? 'counted' : 'rejected');
    if (moved > 0) {
      const after = { held: 0, [decision === 'count' ? 'counted' : 'rejected']: moved };
      await insertAuditEntries(tx, [
        {
          userId: actorId,
          action: `votes.${decision}`,
          targetType: 'comment',
          targetId: commentId,
          before: { held: moved },
          after,
          createdAt: now.toISOString(),
        },
      ]);
    }
    return moved;
  });
}
