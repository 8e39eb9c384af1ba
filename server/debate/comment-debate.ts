import type { CurrentLabel } from '../stance/label-precedence.js';
import { buildSideBadges, type SideBadge } from './side-badges.js';
import type { VoteRow } from './vote.repository.js';
import type { VoteValue } from './vote-values.js';

/** What each comment shows of the debate: its side, and readers' votes on it. */
export interface CommentDebate {
  badge: SideBadge | null;
  good: number;
  unconvinced: number;
  goodValue: string;
  unconvincedValue: string;
  /** "changed 2 minds": how many commenters said this comment changed their view; null for none. */
  mindsText: string | null;
}

/** Counted votes per comment, each way. Pure, linear in the votes. */
export function tallyVotes(votes: readonly VoteRow[]): Map<number, Record<VoteValue, number>> {
  const tallies = new Map<number, Record<VoteValue, number>>();
  for (const v of votes) {
    let t = tallies.get(v.comment_id);
    if (!t) tallies.set(v.comment_id, (t = { good: 0, unconvinced: 0 }));
    t[v.value] += 1;
  }
  return tallies;
}

const mindsTextOf = (n: number) => (n === 0 ? null : `changed ${n} ${n === 1 ? 'mind' : 'minds'}`);

/** The debate marks of a thread: per comment (badge and votes) and per remark (badge). Pure. */
export function buildThreadDebate(
  current: { comments: Map<number, CurrentLabel>; remarks: Map<number, CurrentLabel> },
  tallies: Map<number, Record<VoteValue, number>>,
  showBadges: boolean,
  unsureBelow?: number,
  mindsChanged: ReadonlyMap<number, number> = new Map(),
) {
  const badges = buildSideBadges(current, showBadges, unsureBelow);
  return {
    forComment(id: number): CommentDebate {
      const t = tallies.get(id);
      return {
        badge: badges.comments.get(id) ?? null,
        good: t?.good ?? 0,
        unconvinced: t?.unconvinced ?? 0,
        goodValue: `${id}:good`,
        unconvincedValue: `${id}:unconvinced`,
        mindsText: mindsTextOf(mindsChanged.get(id) ?? 0),
      };
    },
    forRemark: (id: number): SideBadge | null => badges.remarks.get(id) ?? null,
    /** The side a comment's badge shows; undefined when it has none or badges are hidden. */
    sideOf: (id: number) => badges.comments.get(id)?.side,
    showBadges,
  };
}

export type ThreadDebate = ReturnType<typeof buildThreadDebate>;
