// The reader-vote rows (issue 20): a vote POST beside a comment POST on the same server, the 5,000-comment
// page sorted by common ground beside the plain page (both from the page cache), and the ranking's update
// after one vote on the 5,000-comment post, timed in-process. Run alone: npm run bench -- --only votes
import { openDatabase, withWriteTransaction, type Db } from '../server/db/database.js';
import { migrateToLatest } from '../server/db/migrator.js';
import { csrfTokenFor } from '../server/plugins/security.js';
import { buildCommonGround, type CommonGround } from '../server/debate/common-ground.js';
import { buildThreadDebate } from '../server/debate/comment-debate.js';
import { insertVote, listCommentVisitorsForPost, listCountedVotesForPost } from '../server/debate/vote.repository.js';
import { hashVisitor, VOTE_VALUES } from '../server/debate/vote-values.js';
import { listLabelsForPost } from '../server/stance/stance.repository.js';
import { currentLabelsByTarget } from '../server/stance/label-precedence.js';
import { generateThread, insertThread, type BenchThread, type SeededPost } from './bench-data.js';
import type { BenchStore } from './bench-db.js';
import { createRandom } from './bench-text.js';
import { measureTarget, type LoadSettings, type Measurement } from './measure.js';
import { commentPoster, openCommentForm } from './requests.js';
import { BENCH_SECRET, startServer, type ServerProcess } from './server-process.js';

const SEED = 20_261_202;
/** Readers who vote in the POST row: enough that none reaches the per-reader limit in a full run. */
const VOTERS = 4000;
/** Readers whose votes the 5,000-comment post carries before its rows are loaded, and votes each. */
const SEEDED_VOTERS = 3000;
const VOTES_PER_SEEDED_VOTER = 10;
/** Votes timed one by one on the in-process ranking. */
const TIMED_VOTES = 200;
const WARMUP_VOTES = 20;
/** Seeded votes are this old: their readers are not new voters, so the POSTs are counted, not held as a burst. */
const SEEDED_VOTE_AGE_MS = 2 * 3600_000;
export const VOTE_SHARE_TARGET = 0.8;
export const COMMON_SHARE_TARGET = 0.5;
export const RANK_TARGET_MS = 20;

/** A reader of the benchmark: a visitor cookie of the server's own format, and the form token it carries. */
function benchVisitor(n: number) {
  const id = `bench${String(n).padStart(19, '0')}`;
  return {
    id,
    hash: hashVisitor(BENCH_SECRET, id),
    token: csrfTokenFor(BENCH_SECRET, id),
    address: `198.${18 + ((n >> 16) & 1)}.${(n >> 8) & 255}.${n & 255}`,
  };
}

/** Seeds votes in batches: each voter leans to one side (good points on its comments, doubts on the other's), with noise. */
async function seedVotes(db: Db, post: SeededPost, thread: BenchThread, voters: number, perVoter: number): Promise<number> {
  const random = createRandom(SEED + voters);
  const at = new Date(Date.now() - SEEDED_VOTE_AGE_MS).toISOString();
  let seeded = 0;
  for (let start = 0; start < voters; start += 500) {
    await withWriteTransaction(db, async (tx) => {
      for (let n = start; n < Math.min(voters, start + 500); n++) {
        const visitor = benchVisitor(n);
        const lean = n % 3 === 0 ? 'against' : 'pro';
        const picked = new Set<number>();
        while (picked.size < Math.min(perVoter, post.commentIds.length)) picked.add(Math.floor(random() * post.commentIds.length));
        for (const index of picked) {
          const side = thread.comments[index]?.stance;
          const agrees = side === lean ? random() < 0.85 : random() < 0.3;
          const value = agrees ? 'good' : 'unconvinced';
          await insertVote(tx, {
            commentId: post.commentIds[index]!,
            postId: post.postId,
            voterKey: `v:${visitor.hash}`,
            ipHash: 'bench',
            value,
            status: 'counted',
            fromNewVoter: false,
            at,
          });
          seeded += 1;
        }
      }
    });
  }
  return seeded;
}

/** Vote POSTs from VOTERS readers in turn, each from its own address, on random comments of the post. */
function votePoster(post: SeededPost, seed: number): () => { body: string; headers: Record<string, string> } {
  const random = createRandom(seed);
  let n = 0;
  return () => {
    const visitor = benchVisitor(n++ % VOTERS);
    const commentId = post.commentIds[Math.floor(random() * post.commentIds.length)]!;
    const value = VOTE_VALUES[random() < 0.6 ? 0 : 1];
    const body = new URLSearchParams({ _csrf: visitor.token, vote: `${commentId}:${value}` }).toString();
    return { body, headers: { cookie: `rj_visitor=${visitor.id}`, 'x-forwarded-for': visitor.address } };
  };
}

async function seededDatabase(store: BenchStore, name: string, size: number, voters: number, perVoter: number) {
  const url = await store.createDatabase(name);
  const db = openDatabase(url);
  try {
    await migrateToLatest(db);
    const thread = generateThread(size, SEED + size);
    const post = await insertThread(db, thread);
    const votes = await seedVotes(db, post, thread, voters, perVoter);
    return { url, post, votes };
  } finally {
    await db.destroy();
  }
}

/** How the vote POSTs were stored: counted, or held as a burst (a held vote skips the ranking's update). */
async function countVoteStatuses(url: string, postId: number): Promise<Record<string, number>> {
  const db = openDatabase(url);
  try {
    const rows = await db
      .selectFrom('comment_votes')
      .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
      .where('post_id', '=', postId)
      .groupBy('status')
      .execute();
    return Object.fromEntries(rows.map((r) => [r.status, Number(r.n) - (r.status === 'counted' ? VOTERS : 0)]));
  } finally {
    await db.destroy();
  }
}

async function withServer<T>(url: string, nodeArgs: string[], fn: (server: ServerProcess) => Promise<T>): Promise<T> {
  const server = await startServer({ databaseUrl: url, fixedBytes: 0, nodeArgs });
  try {
    return await fn(server);
  } finally {
    await server.stop();
  }
}

/** The ranking of the seeded post as a page render builds it, and the ids of its top-level comments. */
async function loadRanking(db: Db, postId: number): Promise<{ build: () => CommonGround; roots: number[]; votes: number }> {
  const [votes, visitors, labels, roots] = await Promise.all([
    listCountedVotesForPost(db, postId),
    listCommentVisitorsForPost(db, postId),
    listLabelsForPost(db, postId),
    db.selectFrom('comments').select('id').where('post_id', '=', postId).where('parent_id', 'is', null).execute(),
  ]);
  const sides = buildThreadDebate(currentLabelsByTarget(labels), new Map(), true);
  return { build: () => buildCommonGround({ votes, sideOf: sides.sideOf, visitors }), roots: roots.map((r) => r.id), votes: votes.length };
}

export interface VoteFigures {
  comment: Measurement;
  vote: Measurement;
  /** Votes the POSTs stored, by status, beyond the seeded ones (a changed vote is counted once). */
  tally: Record<string, number>;
  plain: Measurement;
  common: Measurement;
  seededVotes: number;
  rebuildMs: number;
  rankMedianMs: number;
  rankP99Ms: number;
  rankMaxMs: number;
}

/** Every reader-vote row, each on a fresh database of the store. */
export async function benchVotes(store: BenchStore, settings: LoadSettings, nodeArgs: string[] = []): Promise<VoteFigures> {
  const small = await seededDatabase(store, 'votes-15', 15, VOTERS, 1);
  const [comment, vote] = await withServer(small.url, nodeArgs, async (server) => {
    // The page once, so the server keeps the ranking that each vote then moves on.
    const form = await openCommentForm(server, small.post.slug);
    const voted = await measureTarget(
      server.baseUrl,
      { name: 'post-vote', path: `/posts/${small.post.slug}/votes`, method: 'POST', expectStatus: 303, makeRequest: votePoster(small.post, SEED) },
      settings,
      server,
    );
    const posted = await measureTarget(
      server.baseUrl,
      {
        name: 'post-comment',
        path: `/posts/${small.post.slug}/comments`,
        method: 'POST',
        expectStatus: 303,
        headers: { cookie: form.cookie },
        makeRequest: commentPoster(small.post, form.token, SEED),
      },
      settings,
      server,
    );
    return [posted.run, voted.run];
  });

  const tally = await countVoteStatuses(small.url, small.post.postId);
  const long = await seededDatabase(store, 'votes-5000', 5000, SEEDED_VOTERS, VOTES_PER_SEEDED_VOTER);
  const [plain, common] = await withServer(long.url, nodeArgs, async (server) => {
    const path = `/posts/${long.post.slug}`;
    const rows = [
      { name: 'page-5000', path, expectStatus: 200 },
      { name: 'page-5000-common', path: `${path}?sort=common`, expectStatus: 200 },
    ];
    const measured: Measurement[] = [];
    for (const row of rows) measured.push((await measureTarget(server.baseUrl, row, settings, server)).run);
    return measured as [Measurement, Measurement];
  });

  const db = openDatabase(long.url);
  try {
    const { build, roots } = await loadRanking(db, long.post.postId);
    let started = performance.now();
    const ground = build();
    const rebuildMs = performance.now() - started;
    const random = createRandom(SEED + 1);
    const times: number[] = [];
    // The first votes also compile the code they run: left out, as the relabel row leaves out its first override.
    for (let i = -WARMUP_VOTES; i < TIMED_VOTES; i++) {
      const voter = `v:${benchVisitor(Math.floor(random() * SEEDED_VOTERS)).hash}`;
      const commentId = long.post.commentIds[Math.floor(random() * long.post.commentIds.length)]!;
      started = performance.now();
      // What a vote costs the sorted page: the ranking moved on by the vote, then the top-level comments re-ranked.
      ground.setVote(voter, commentId, VOTE_VALUES[i % 2]!);
      ground.rank(roots);
      if (i >= 0) times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    return {
      comment,
      vote,
      tally,
      plain,
      common,
      seededVotes: long.votes,
      rebuildMs: round(rebuildMs),
      rankMedianMs: round(times[Math.floor(times.length / 2)]!),
      rankP99Ms: round(times[Math.ceil(times.length * 0.99) - 1]!),
      rankMaxMs: round(times[times.length - 1]!),
    };
  } finally {
    await db.destroy();
  }
}

const round = (ms: number) => Math.round(ms * 100) / 100;
const verdict = (ok: boolean) => (ok ? 'PASS ' : 'SHORT');
const failed = (m: Measurement) =>
  m.errors > 0 || Object.keys(m.unexpected).length > 0 ? `  FAILED: ${JSON.stringify(m.unexpected)}, ${m.errors} errors` : '';

/** The rows as the benchmark prints them, with their verdicts. */
export function describeVotes(f: VoteFigures): string[] {
  const voteShare = f.comment.rps > 0 ? f.vote.rps / f.comment.rps : 0;
  const commonShare = f.plain.rps > 0 ? f.common.rps / f.plain.rps : 0;
  return [
    `  ${verdict(voteShare >= VOTE_SHARE_TARGET)} post-vote >= ${VOTE_SHARE_TARGET * 100} % of post-comment (same server): ${f.vote.rps.toFixed(1)} vs ${f.comment.rps.toFixed(1)} req/s (${Math.round(voteShare * 100)} %), p99 ${f.vote.p99_ms.toFixed(1)} ms, stored ${f.tally.counted ?? 0} counted and ${f.tally.held ?? 0} held${failed(f.vote)}${failed(f.comment)}`,
    `  ${verdict(commonShare >= COMMON_SHARE_TARGET)} page-5000-common (?sort=common, cached) >= half of page-5000: ${f.common.rps.toFixed(1)} vs ${f.plain.rps.toFixed(1)} req/s (${commonShare.toFixed(2)}x)${failed(f.common)}${failed(f.plain)}`,
    `  ${verdict(f.rankP99Ms < RANK_TARGET_MS)} ranking after one vote on the 5,000-comment post (${f.seededVotes} votes) < ${RANK_TARGET_MS} ms: median ${f.rankMedianMs} ms, p99 ${f.rankP99Ms} ms, worst ${f.rankMaxMs} ms of ${TIMED_VOTES} (a full rebuild: ${f.rebuildMs} ms)`,
  ];
}
