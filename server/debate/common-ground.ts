// Common ground: which comments readers on both sides rate a good point. The method is Polis's
// group-aware consensus (Small et al., "Polis: Scaling deliberation", 2021): for each side, the share of
// its readers who rated the comment a good point, with one imagined vote each way, (agree + 1) / (seen + 2),
// multiplied over the sides. A comment one side loves and the other rejects scores low however large the
// side that loves it, and a side that votes twice as much moves only its own factor.
import type { VoteValue } from './vote-values.js';

/** The sides whose agreement counts; neutral readers vote, but their votes are no side's. */
export const RANKED_SIDES = ['pro', 'against'] as const;
export type RankedSide = (typeof RANKED_SIDES)[number];

interface SideTally {
  agree: number;
  seen: number;
}

type CommentTally = Record<RankedSide, SideTally>;

const emptyTally = (): CommentTally => ({ pro: { agree: 0, seen: 0 }, against: { agree: 0, seen: 0 } });

/** The consensus score of one comment's tallies: the product over sides of (agree + 1) / (seen + 2). Pure. */
export function consensusScore(tally: CommentTally): number {
  let score = 1;
  for (const side of RANKED_SIDES) score *= (tally[side].agree + 1) / (tally[side].seen + 2);
  return score;
}

/** What a voter's votes say of their side: good points on one side's comments, doubts on the other's. Pure. */
function estimateSide(votes: Map<number, VoteValue>, sideOfComment: (id: number) => RankedSide | undefined): RankedSide | undefined {
  let lean = 0;
  for (const [commentId, value] of votes) {
    const side = sideOfComment(commentId);
    if (side === undefined) continue;
    lean += (side === 'pro' ? 1 : -1) * (value === 'good' ? 1 : -1);
  }
  return lean > 0 ? 'pro' : lean < 0 ? 'against' : undefined;
}

/**
 * The common-ground ranking of one post, kept up to date vote by vote: a vote changes one comment's
 * tallies, or, when it tips its voter's estimated side, moves that voter's own votes between sides;
 * never a recount of the post.
 */
export class CommonGround {
  private readonly tallies = new Map<number, CommentTally>();
  private readonly votesByVoter = new Map<string, Map<number, VoteValue>>();
  private readonly sideOfVoter = new Map<string, RankedSide>();

  /**
   * `commentSides`: each comment's side (comments of no ranked side are left out). `ownSides`: the side of
   * voters who commented on the post (their latest comment's label); other voters' sides are estimated.
   */
  constructor(
    private readonly commentSides: ReadonlyMap<number, RankedSide>,
    private readonly ownSides: ReadonlyMap<string, RankedSide>,
  ) {}

  /** Builds the ranking from every counted vote of a post. Linear in the votes. */
  static fromVotes(
    votes: readonly { comment_id: number; voter_key: string; value: VoteValue }[],
    commentSides: ReadonlyMap<number, RankedSide>,
    ownSides: ReadonlyMap<string, RankedSide>,
  ): CommonGround {
    const ground = new CommonGround(commentSides, ownSides);
    for (const v of votes) ground.voterVotes(v.voter_key).set(v.comment_id, v.value);
    for (const voter of ground.votesByVoter.keys()) ground.placeVoter(voter, +1);
    return ground;
  }

  /** Records a voter's vote on a comment (null takes it back); the same vote twice changes nothing. */
  setVote(voter: string, commentId: number, value: VoteValue | null): void {
    const votes = this.voterVotes(voter);
    if ((votes.get(commentId) ?? null) === value) return;
    this.placeVoter(voter, -1);
    if (value === null) votes.delete(commentId);
    else votes.set(commentId, value);
    this.placeVoter(voter, +1);
  }

  /** A comment's score: 0.25 before anyone on either side has voted on it. */
  score(commentId: number): number {
    return consensusScore(this.tallies.get(commentId) ?? emptyTally());
  }

  /** How many readers of each side rated a comment, and how many of them a good point. */
  tally(commentId: number): CommentTally {
    return this.tallies.get(commentId) ?? emptyTally();
  }

  /** The given comments, highest score first (ties: oldest first). */
  rank(commentIds: readonly number[]): number[] {
    const scores = new Map(commentIds.map((id) => [id, this.score(id)]));
    return [...commentIds].sort((a, b) => scores.get(b)! - scores.get(a)! || a - b);
  }

  /** The top comments that readers on both sides rated a good point, best first. */
  top(n: number): number[] {
    const both = [...this.tallies].filter(([, t]) => RANKED_SIDES.every((s) => t[s].agree > 0)).map(([id]) => id);
    return this.rank(both).slice(0, n);
  }

  private voterVotes(voter: string): Map<number, VoteValue> {
    let votes = this.votesByVoter.get(voter);
    if (!votes) this.votesByVoter.set(voter, (votes = new Map<number, VoteValue>()));
    return votes;
  }

  /** Adds (+1) or removes (-1) all of a voter's votes from the tallies of their side; placing re-estimates the side. */
  private placeVoter(voter: string, sign: 1 | -1): void {
    const votes = this.votesByVoter.get(voter);
    if (!votes) return;
    if (sign === 1) {
      const side = this.ownSides.get(voter) ?? estimateSide(votes, (id) => this.commentSides.get(id));
      if (side) this.sideOfVoter.set(voter, side);
      else this.sideOfVoter.delete(voter);
    }
    const side = this.sideOfVoter.get(voter);
    if (!side) return;
    for (const [commentId, value] of votes) {
      let t = this.tallies.get(commentId);
      if (!t) this.tallies.set(commentId, (t = emptyTally()));
      t[side].seen += sign;
      if (value === 'good') t[side].agree += sign;
    }
  }
}

/** What the ranking is built from: a post's counted votes, each comment's side, and which visitor wrote which comment. */
export interface GroundInput {
  votes: readonly { comment_id: number; voter_key: string; value: VoteValue }[];
  /** Each comment's side as its badge shows it ('unsure' and neutral comments are no side's). */
  sideOf: (commentId: number) => string | undefined;
  /** Which visitor (hashed) wrote each comment that has one recorded. */
  visitors: readonly { comment_id: number; visitor_hash: string }[];
}

const isRankedSide = (side: string | undefined): side is RankedSide => side === 'pro' || side === 'against';

/** The ranking of one post; a commenter's side is that of their latest comment on it. Pure, linear in its input. */
export function buildCommonGround(input: GroundInput): CommonGround {
  const commentSides = new Map<number, RankedSide>();
  const ownSides = new Map<string, RankedSide>();
  const latest = new Map<string, number>();
  for (const { comment_id, visitor_hash } of input.visitors) {
    const key = `v:${visitor_hash}`;
    if ((latest.get(key) ?? -1) < comment_id) latest.set(key, comment_id);
  }
  for (const [voter, commentId] of latest) {
    const side = input.sideOf(commentId);
    if (isRankedSide(side)) ownSides.set(voter, side);
  }
  for (const v of input.votes) {
    const side = input.sideOf(v.comment_id);
    if (isRankedSide(side)) commentSides.set(v.comment_id, side);
  }
  return CommonGround.fromVotes(input.votes, commentSides, ownSides);
}
