// The relabel row: a reply chain of 200 comments, each agreeing with the one it answers, then a moderator's override
// of the first; every label of the chain follows it, in the override's own transaction. Timed in-process on the
// engine's database, as the override's request runs it. Run alone: npx tsx bench/relabel.ts [--db postgres]
import { parseArgs } from 'node:util';
import { openDatabase, type Db } from '../server/db/database.js';
import { migrateToLatest } from '../server/db/migrator.js';
import { insertUser } from '../server/auth/user.repository.js';
import { insertComment } from '../server/comment/comment.repository.js';
import { findPostWithAuthorById, insertPost } from '../server/post/post.repository.js';
import { recordLabelDecisions } from '../server/review/review.service.js';
import { renderCommentHtml } from '../server/shared/comment-format.js';
import { labelNewComment } from '../server/stance/stance.service.js';
import type { MailContext } from '../server/mail/mail-queue.service.js';
import { makeTimeFormat } from '../server/shared/time.js';
import { createBenchStore, type BenchEngine, type BenchStore } from './bench-db.js';

const CHAIN = 200;
const OVERRIDES = 6;
/** The target for one override of the chain's first comment. */
export const RELABEL_TARGET_MS = 100;
const AT = '2026-11-20T10:00:00.000Z';

async function seedChain(db: Db): Promise<{ rootId: number; moderatorId: number }> {
  const moderatorId = await insertUser(db, { email: 'mod@bench.test', name: 'Mod', role: 'moderator', password_hash: null, created_at: AT });
  const postId = await insertPost(db, {
    slug: 'relabel-chain',
    title: 'Relabel chain',
    body_raw: 'A post.',
    body_html: '<p>A post.</p>',
    excerpt: 'A post.',
    author_id: moderatorId,
    status: 'published',
    subject_name: 'Jamie Rivera',
    subject_aliases: JSON.stringify(['Rivera']),
    author_stance: null,
    comments_open: 1,
    published_at: AT,
    created_at: AT,
    updated_at: AT,
  });
  const post = (await findPostWithAuthorById(db, postId))!;
  let parentId: number | null = null;
  let rootId = 0;
  for (let i = 0; i < CHAIN; i++) {
    const body = i === 0 ? 'Rivera is a fraud and a liar.' : 'Exactly this.';
    const authorName = `Reader ${i}`;
    const id: number = await insertComment(db, {
      post_id: postId,
      parent_id: parentId,
      depth: i,
      author_name: authorName,
      author_email: `r${i}@bench.test`,
      author_url: null,
      body_raw: body,
      body_html: renderCommentHtml(body),
      status: 'approved',
      self_stance: null,
      created_at: AT,
      edited_at: null,
      deleted_at: null,
    });
    await labelNewComment(db, post, { id, authorName, body, parentId, selfStance: null }, AT);
    if (i === 0) rootId = id;
    parentId = id;
  }
  return { rootId, moderatorId };
}

export interface RelabelFigures {
  medianMs: number;
  maxMs: number;
  /** Labels appended by each override: the chain after its first comment. */
  relabelled: number;
}

/** Seeds the chain in a fresh database of the store and times overrides that flip it back and forth. */
/** No webhook is registered here, so nothing is queued; the context is only what the call needs. */
const BENCH_MAIL: MailContext = {
  site: { name: 'Bench', publicUrl: 'http://127.0.0.1', time: makeTimeFormat('UTC', 'long') },
  secret: 'bench',
  dailyLimit: 20,
};

export async function benchRelabel(store: BenchStore): Promise<RelabelFigures> {
  const db = openDatabase(await store.createDatabase('relabel'));
  try {
    await migrateToLatest(db);
    const { rootId, moderatorId } = await seedChain(db);
    const times: number[] = [];
    let relabelled = 0;
    for (let i = 0; i < OVERRIDES; i++) {
      const before = await countLabels(db);
      const started = performance.now();
      await recordLabelDecisions(db, moderatorId, [{ kind: 'comment', id: rootId, label: i % 2 === 0 ? 'pro' : 'against' }], new Date(AT), BENCH_MAIL);
      times.push(performance.now() - started);
      relabelled = (await countLabels(db)) - before - 1;
    }
    // The first override also warms the classifier's thread and the statement caches: it is left out.
    const sorted = times.slice(1).sort((a, b) => a - b);
    return { medianMs: round(sorted[Math.floor(sorted.length / 2)]!), maxMs: round(sorted[sorted.length - 1]!), relabelled };
  } finally {
    await db.destroy();
  }
}

async function countLabels(db: Db): Promise<number> {
  const row = await db
    .selectFrom('stance_labels')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

const round = (ms: number) => Math.round(ms * 10) / 10;

/** The row as the benchmark prints it, with its verdict. */
export function describeRelabel(figures: RelabelFigures): string {
  const verdict = figures.maxMs < RELABEL_TARGET_MS ? 'PASS ' : 'SHORT';
  return `  ${verdict} relabel-chain-200 (one override relabels a 200-comment reply chain) < ${RELABEL_TARGET_MS} ms: median ${figures.medianMs} ms, worst ${figures.maxMs} ms, ${figures.relabelled} labels appended each time`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { db: { type: 'string', default: 'sqlite' } } });
  const store = createBenchStore(values.db as BenchEngine);
  try {
    console.log(describeRelabel(await benchRelabel(store)));
  } finally {
    await store.dispose();
  }
}
