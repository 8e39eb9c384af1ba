// Each post's common-ground ranking, kept in the page cache between votes: built from the database when
// the thread changes otherwise (a comment, a label, a vote on another instance), and moved on by each
// vote this instance takes, so a vote costs one comment's update rather than a recount of the post.
import type { PageCache } from '../page-cache/page-cache.js';
import { defineStore } from '../page-cache/page-cache.js';
import type { CommonGround } from './common-ground.js';
import type { VoteValue } from './vote-values.js';

interface GroundEntry {
  ground: CommonGround;
  /** The post's thread_version the ranking reflects. */
  version: number;
  bytes: number;
  expiresAt?: number;
}

const GROUNDS = defineStore<GroundEntry>('common-ground');
/** What one counted vote costs in memory, roughly: map slots in the voter's and the comment's tallies. */
const BYTES_PER_VOTE = 120;

/** The ranking of a post at this thread version, built with `build` when the one kept is older. */
export function commonGroundAt(cache: PageCache, postId: number, version: number, build: () => { ground: CommonGround; votes: number }): CommonGround {
  const store = cache.store(GROUNDS);
  const kept = store.get(String(postId));
  if (kept && kept.version === version) return kept.ground;
  const { ground, votes } = build();
  store.set(String(postId), { ground, version, bytes: 1024 + votes * BYTES_PER_VOTE });
  return ground;
}

/**
 * Moves a kept ranking on by the vote that took the thread to `version`: only when the ranking is the
 * version just before it (otherwise something else changed too, and the next page render rebuilds it).
 */
export function applyVoteToGround(cache: PageCache, postId: number, version: number, vote: { voterKey: string; commentId: number; value: VoteValue }): void {
  const store = cache.store(GROUNDS);
  const kept = store.get(String(postId));
  if (!kept || kept.version === version) return;
  if (kept.version !== version - 1) {
    store.set(String(postId), { ...kept, version: -1 });
    return;
  }
  kept.ground.setVote(vote.voterKey, vote.commentId, vote.value);
  kept.version = version;
}
