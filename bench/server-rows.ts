// The rows of the full benchmark, server by server. Each block seeds its own database and measures its rows on
// one server of the entry it is given, so `--build` can run every block on the source under tsx and on the build
// back to back, each on a fresh copy, and compare rows measured a minute apart rather than a whole run apart.
import { openDatabase } from '../server/db/database.js';
import { countCommentRows } from './bench-data.js';
import type { BenchStore } from './bench-db.js';
import { measureReadersBesideEdits } from './editor.js';
import { embedTargets, seedEmbedPages } from './embed.js';
import { commentTargets, measureBeside, measureInterleavedBeside, SEED, seedThreads, seededAt, withServer, type Loaded } from './harness.js';
import type { LoadSettings } from './measure.js';
import { startAdversary } from './adversary.js';
import { checkThreadShown, commentPoster, replyToComPaths } from './requests.js';
import type { ServerEntry } from './server-process.js';

/** The reader's default view of the long thread: the app's own page size, 16 connections (issue 7). */
const DEFAULT_PAGE_SIZE = 50;
const DEFAULT_VIEW_CONNECTIONS = 16;
/** What Chromium sends: the default-view row is a reader's browser. The other rows ask for no encoding. */
const BROWSER_ACCEPT_ENCODING = 'gzip, deflate, br, zstd';

export interface BlockContext {
  store: BenchStore;
  settings: LoadSettings;
  fixedBytes: number;
  nodeArgs: string[];
  /** A profiled server must exit by itself (SIGTERM) for node to write its .cpuprofile. */
  profiling: boolean;
}

/** What one entry's servers measured: rows and failed checks. */
export interface EntryRun {
  entry: ServerEntry;
  loaded: Loaded[];
  problems: number;
}

export type Block = (ctx: BlockContext, run: EntryRun) => Promise<void>;

/** The 15-comment page, its JSON, the comment POSTs (plain, both mail boxes, beside an adversary), and their durability. */
async function postsBlock(ctx: BlockContext, run: EntryRun): Promise<void> {
  const small = seededAt(await seedThreads(ctx.store, [15]), 15);
  const { settings, fixedBytes, nodeArgs, profiling } = ctx;
  const posted = await withServer(
    { databaseUrl: small.url, fixedBytes, nodeArgs, entry: run.entry },
    async (server) => {
      console.log(`Server ${server.pid} on ${server.baseUrl} (15-comment thread)`);
      await measureBeside(
        server,
        [
          { name: 'page-15', path: `/posts/${small.post.slug}`, expectStatus: 200 },
          { name: 'api-15', path: `/api/posts/${small.post.slug}`, expectStatus: 200 },
        ],
        settings,
        run.loaded,
        true,
      );
      const { form, plain: postTarget, notify: notifyTarget } = await commentTargets(server, small.post);
      // In turns, not one after the other: the share of the two rates is the figure, and the order favoured the first.
      const [posted, notified] = await measureInterleavedBeside(server, [postTarget, notifyTarget], settings, run.loaded);
      // The same POSTs while another client sends maximum-size adversarial comments (issue 14).
      const adversary = startAdversary(server, small.post, form);
      const attackedTarget = { ...postTarget, name: 'post-comment-adversarial', makeRequest: commentPoster(small.post, form.token, SEED + 1) };
      const [attacked] = await measureBeside(server, [attackedTarget], settings, run.loaded);
      const adversarial = await adversary.stop();
      console.log(`  adversary: ${adversarial.accepted} maximum-size adversarial comments accepted and classified (${adversarial.sent} sent) meanwhile`);
      const runs = [posted, notified, attacked].flatMap((m) => (m ? [m.warmup, m.run] : []));
      return {
        accepted: runs.reduce((n, m) => n + m.succeeded, 0) + adversarial.accepted,
        sent: runs.reduce((n, m) => n + m.sent, 0) + adversarial.sent,
      };
    },
    // Killed outright: every 303 must already be on disk, with no graceful close to help.
    profiling ? 'SIGTERM' : 'SIGKILL',
  );
  const db = openDatabase(small.url);
  try {
    const added = (await countCommentRows(db, small.post.postId)) - small.post.commentIds.length;
    // Every 303 must be a stored row; a POST still unanswered when autocannon stopped may be one too.
    const ok = added >= posted.accepted && added <= posted.sent;
    if (!ok) run.problems += 1;
    console.log(
      `  durability: ${posted.accepted} POSTs answered 303 (${posted.sent} sent), ${added} comment rows stored after the kill -> ${ok ? 'OK' : 'MISMATCH'}`,
    );
  } finally {
    await db.destroy();
  }
}

async function editsBlock(ctx: BlockContext, run: EntryRun): Promise<void> {
  console.log(await measureReadersBesideEdits(ctx.store, ctx.settings, ctx.fixedBytes, ctx.nodeArgs, run.loaded, run.entry));
}

/** A whole thread of 500 or 5,000 comments on one page, its JSON, and (5,000) every ?replytocom link. */
function threadBlock(size: 500 | 5000): Block {
  return async (ctx, run) => {
    const { url, post } = seededAt(await seedThreads(ctx.store, [size]), size);
    await withServer({ databaseUrl: url, fixedBytes: ctx.fixedBytes, nodeArgs: ctx.nodeArgs, entry: run.entry }, async (server) => {
      const bytes = await checkThreadShown(server, post.slug, size);
      console.log(`Server ${server.pid} on ${server.baseUrl} (${size}-comment thread, page ${bytes} bytes)`);
      await measureBeside(
        server,
        [
          { name: `page-${size}`, path: `/posts/${post.slug}`, expectStatus: 200 },
          // Every reply link of the thread, and numbers that are none: each must not cost a render (issue 14).
          ...(size === 5000
            ? [{ name: 'page-5000-replytocom', path: `/posts/${post.slug}`, expectStatus: 200, makeRequest: replyToComPaths(post, SEED) }]
            : []),
          { name: `api-${size}`, path: `/api/posts/${post.slug}`, expectStatus: 200 },
        ],
        ctx.settings,
        run.loaded,
      );
    });
    if (size === 5000) await defaultViewRows(ctx, run, url, post.slug);
  };
}

/** The 5,000-comment thread as a reader's browser asks for it, a page of the app's default size at a time. */
async function defaultViewRows(ctx: BlockContext, run: EntryRun, url: string, slug: string): Promise<void> {
  const options = { databaseUrl: url, fixedBytes: ctx.fixedBytes, nodeArgs: ctx.nodeArgs, commentsPerPage: DEFAULT_PAGE_SIZE, entry: run.entry };
  await withServer(options, async (server) => {
    console.log(`Server ${server.pid} on ${server.baseUrl} (5000-comment thread, default ${DEFAULT_PAGE_SIZE} per page)`);
    const path = `/posts/${slug}`;
    await measureBeside(
      server,
      [
        { name: 'page-5000-default', path, expectStatus: 200, headers: { 'accept-encoding': BROWSER_ACCEPT_ENCODING } },
        { name: 'page-5000-default-identity', path, expectStatus: 200 },
      ],
      { ...ctx.settings, connections: DEFAULT_VIEW_CONNECTIONS },
      run.loaded,
    );
  });
}

async function embedBlock(ctx: BlockContext, run: EntryRun): Promise<void> {
  const embed = await seedEmbedPages(ctx.store, SEED + 3);
  await withServer({ databaseUrl: embed.databaseUrl, fixedBytes: ctx.fixedBytes, nodeArgs: ctx.nodeArgs, entry: run.entry }, async (server) => {
    console.log(`Server ${server.pid} on ${server.baseUrl} (${embed.pageUrls.length} pages of another site, 15 comments each)`);
    await measureBeside(server, embedTargets(embed), ctx.settings, run.loaded);
  });
}

export const BLOCKS: Block[] = [postsBlock, editsBlock, threadBlock(500), threadBlock(5000), embedBlock];

/**
 * Every block on each entry: with two, block by block, alternating which goes first (source then build, build then
 * source, ...), so a machine growing busier or idler over the run favours neither.
 */
export async function runBlocks(ctx: BlockContext, entries: ServerEntry[]): Promise<EntryRun[]> {
  const runs = entries.map((entry): EntryRun => ({ entry, loaded: [], problems: 0 }));
  for (const [i, block] of BLOCKS.entries()) {
    const order = i % 2 === 0 ? runs : [...runs].reverse();
    for (const run of order) {
      if (runs.length > 1) console.log(`-- ${run.entry === 'build' ? 'build (dist/)' : 'source (tsx)'}`);
      await block(ctx, run);
    }
  }
  return runs;
}
