import { describe, expect, it } from 'vitest';
import { CommonGround, consensusScore, type RankedSide } from '../../server/debate/common-ground.js';
import type { VoteValue } from '../../server/debate/vote-values.js';

type Vote = { comment_id: number; voter_key: string; value: VoteValue };

/** Readers of a side, each with their own comment on that side. */
function readers(side: string, n: number) {
  return Array.from({ length: n }, (_, i) => `${side}-${i}`);
}

/** Every reader of a side votes on a comment, the first `good` of them a good point and the rest not convinced. */
function sideVotes(commentId: number, voters: string[], good: number): Vote[] {
  return voters.map((voter_key, i) => ({ comment_id: commentId, voter_key, value: i < good ? 'good' : 'unconvinced' }));
}

const ownSidesOf = (pro: string[], against: string[]) =>
  new Map<string, RankedSide>([...pro.map((v) => [v, 'pro'] as const), ...against.map((v) => [v, 'against'] as const)]);

describe('consensusScore', () => {
  it.each([
    [0, 0, 0, 0, 0.25],
    [1, 1, 1, 1, (2 / 3) * (2 / 3)],
    [3, 4, 0, 2, (4 / 6) * (1 / 4)],
  ])('pro %i of %i, against %i of %i -> %f', (pa, ps, aa, as, expected) => {
    expect(consensusScore({ pro: { agree: pa, seen: ps }, against: { agree: aa, seen: as } })).toBeCloseTo(expected, 12);
  });
});

describe('common-ground ranking', () => {
  // Comment 1: liked by all of side pro, rejected by all of side against. 2: the mirror. 3: liked by everyone.
  // 4: liked by two thirds of each side.
  it.each([
    [1, 1],
    [10, 1],
    [1, 10],
    [50, 3],
    [3, 50],
    [200, 200],
  ])('comments one side likes rank below comments both sides like, with %i readers for and %i against', (nPro, nAgainst) => {
    const pro = readers('pro', nPro);
    const against = readers('against', nAgainst);
    const twoThirds = (n: number) => Math.ceil((2 * n) / 3);
    const votes = [
      ...sideVotes(1, pro, nPro),
      ...sideVotes(1, against, 0),
      ...sideVotes(2, pro, 0),
      ...sideVotes(2, against, nAgainst),
      ...sideVotes(3, pro, nPro),
      ...sideVotes(3, against, nAgainst),
      ...sideVotes(4, pro, twoThirds(nPro)),
      ...sideVotes(4, against, twoThirds(nAgainst)),
    ];
    const ground = CommonGround.fromVotes(votes, new Map(), ownSidesOf(pro, against));
    const ranked = ground.rank([1, 2, 3, 4]);
    expect(ranked.slice(0, 2)).toEqual([3, 4]);
    expect(ground.top(3)).toEqual([3, 4]);
  });

  it('a side that votes twice as much does not win by volume', () => {
    const pro = readers('pro', 40);
    const against = readers('against', 20);
    const votes = [
      // The pro side's favourite: every one of its (many) readers says good point; the other side never rated it.
      ...sideVotes(1, pro, 40),
      // A point both sides value, rated by a few readers of each.
      ...sideVotes(2, pro.slice(0, 3), 3),
      ...sideVotes(2, against.slice(0, 3), 3),
      // Each side's favourite, rejected by the other: the pro side has twice the readers and votes.
      ...sideVotes(3, pro, 40),
      ...sideVotes(3, against.slice(0, 10), 0),
      ...sideVotes(4, against, 20),
      ...sideVotes(4, pro.slice(0, 5), 0),
    ];
    const ground = CommonGround.fromVotes(votes, new Map(), ownSidesOf(pro, against));
    expect(ground.rank([1, 2, 3, 4])[0]).toBe(2);
    // Twice the votes buy at most the sliver (agree + 1) / (seen + 2) leaves below 1: it never lifts a one-sided comment to a shared one.
    const doubled = CommonGround.fromVotes(
      [...votes, ...sideVotes(1, readers('pro2', 40), 40)],
      new Map(),
      ownSidesOf([...pro, ...readers('pro2', 40)], against),
    );
    expect(doubled.score(1)).toBeLessThan(0.5);
    expect(doubled.rank([1, 2])).toEqual([2, 1]);
  });

  it('estimates the side of readers who never commented from their votes on labelled comments, and leaves out the undecided', () => {
    const commentSides = new Map<number, RankedSide>([
      [10, 'pro'],
      [11, 'pro'],
      [20, 'against'],
    ]);
    const votes: Vote[] = [
      // Leans pro: good points on pro comments, doubts on an against one.
      { comment_id: 10, voter_key: 'quiet', value: 'good' },
      { comment_id: 20, voter_key: 'quiet', value: 'unconvinced' },
      { comment_id: 99, voter_key: 'quiet', value: 'good' },
      // Undecided: one good point each way.
      { comment_id: 10, voter_key: 'balanced', value: 'good' },
      { comment_id: 20, voter_key: 'balanced', value: 'good' },
      { comment_id: 99, voter_key: 'balanced', value: 'good' },
    ];
    const ground = CommonGround.fromVotes(votes, commentSides, new Map());
    expect(ground.tally(99)).toEqual({ pro: { agree: 1, seen: 1 }, against: { agree: 0, seen: 0 } });
    // Their own comment's side beats what their votes suggest.
    const owned = CommonGround.fromVotes(votes, commentSides, new Map([['quiet', 'against']]));
    expect(owned.tally(99)).toEqual({ pro: { agree: 0, seen: 0 }, against: { agree: 1, seen: 1 } });
  });

  it('kept up vote by vote, it equals a recount of the final votes', () => {
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const commentSides = new Map<number, RankedSide>();
    for (let id = 1; id <= 60; id++) if (id % 3) commentSides.set(id, id % 3 === 1 ? 'pro' : 'against');
    const own = new Map<string, RankedSide>([
      ['r0', 'pro'],
      ['r1', 'against'],
    ]);
    const ground = new CommonGround(commentSides, own);
    const final = new Map<string, Vote>();
    for (let step = 0; step < 3000; step++) {
      const voter = `r${Math.floor(random() * 25)}`;
      const commentId = 1 + Math.floor(random() * 60);
      const roll = random();
      const value: VoteValue | null = roll < 0.45 ? 'good' : roll < 0.9 ? 'unconvinced' : null;
      ground.setVote(voter, commentId, value);
      if (value === null) final.delete(`${voter}|${commentId}`);
      else final.set(`${voter}|${commentId}`, { comment_id: commentId, voter_key: voter, value });
    }
    const recount = CommonGround.fromVotes([...final.values()], commentSides, own);
    const ids = Array.from({ length: 60 }, (_, i) => i + 1);
    expect(ids.map((id) => ground.tally(id))).toEqual(ids.map((id) => recount.tally(id)));
    expect(ground.rank(ids)).toEqual(recount.rank(ids));
  });
});
