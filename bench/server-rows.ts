// The rows of the full benchmark, server by server. Each block seeds its own databases and measures its rows on a
// server of each entry it is given: one (the source under tsx, or the build), or with `--build` both, each on a
// fresh copy of the database, started together and loaded in turns, so neither meets a busier machine than the other.
import { openDatabase } from '../server/db/database.js';
import { countCommentRows, type SeededPost } from './bench-data.js';
import type { BenchStore } from './bench-db.js';
import { measureReadersBesideEdits } from './editor.js';
import { embedTargets, seedEmbedPages, type EmbedSeed } from './embed.js';
import { commentTargets, measureAcross, measureBeside, SEED, seedThreads, seededAt, withServers, type Loaded } from './harness.js';
import type { LoadSettings, Target } from './measure.js';
import { startAdversary } from './adversary.js';
import { checkThreadShown, commentPoster, replyToComPaths } from './requests.js';
import type { ServerEntry, ServerOptions, ServerProcess } from './server-process.js';

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

type Block = (ctx: BlockContext, runs: EntryRun[]) => Promise<void>;

/** One database per run, each seeded with the same thread. */
async function seedEach(ctx: BlockContext, runs: EntryRun[], size: number): Promise<{ url: string; post: SeededPost }[]> {
  const seeded: { url: string; post: SeededPost }[] = [];
  for (const _ of runs) seeded.push(seededAt(await seedThreads(ctx.store, [size]), size));
  return seeded;
}

function serverOptions(ctx: BlockContext, runs: EntryRun[], urls: string[], extra: Partial<ServerOptions> = {}): ServerOptions[] {
  return runs.map((run, i) => ({ databaseUrl: urls[i]!, fixedBytes: ctx.fixedBytes, nodeArgs: ctx.nodeArgs, entry: run.entry, ...extra }));
}

const intoOf = (runs: EntryRun[]) => runs.map((run) => run.loaded);

/** The 15-comment page, its JSON, the comment POSTs (plain, both mail boxes, beside an adversary), and their durability. */
async function postsBlock(ctx: BlockContext, runs: EntryRun[]): Promise<void> {
  const seeded = await seedEach(ctx, runs, 15);
  const { settings, profiling } = ctx;
  const tallies = await withServers(
    serverOptions(
      ctx,
      runs,
      seeded.map((s) => s.url),
    ),
    async (servers) => {
      for (const server of servers) console.log(`Server ${server.pid} (${server.entry}) on ${server.baseUrl} (15-comment thread)`);
      const pages = seeded.map(({ post }): Target[] => [
        { name: 'page-15', path: `/posts/${post.slug}`, expectStatus: 200 },
        { name: 'api-15', path: `/api/posts/${post.slug}`, expectStatus: 200 },
      ]);
      await measureAcross(servers, pages, settings, intoOf(runs), { tableFixed: true });
      const forms = await Promise.all(servers.map((server, i) => commentTargets(server, seeded[i]!.post)));
      // In turns, not one after the other: the share of the two rates is the figure, and the order favoured the first.
      const posts = await measureAcross(
        servers,
        forms.map((f) => [f.plain, f.notify]),
        settings,
        intoOf(runs),
        { inTurns: true },
      );
      const tallies = [];
      for (const [i, server] of servers.entries()) tallies.push(await attackedRow(ctx, runs[i]!, server, seeded[i]!.post, forms[i]!, posts[i]!));
      return tallies;
    },
    // Killed outright: every 303 must already be on disk, with no graceful close to help.
    profiling ? 'SIGTERM' : 'SIGKILL',
  );
  for (const [i, run] of runs.entries()) await checkDurability(run, seeded[i]!, tallies[i]!);
}

/**
 * The same POSTs while another client sends maximum-size adversarial comments (issue 14), one server at a time:
 * the adversary's load is the point, and it must not fall on the other server's turns. Returns what all the
 * server's POST rows sent and had answered.
 */
async function attackedRow(
  ctx: BlockContext,
  run: EntryRun,
  server: ServerProcess,
  post: SeededPost,
  targets: Awaited<ReturnType<typeof commentTargets>>,
  posted: Loaded[],
): Promise<{ accepted: number; sent: number }> {
  const adversary = startAdversary(server, post, targets.form);
  const attackedTarget = { ...targets.plain, name: 'post-comment-adversarial', makeRequest: commentPoster(post, targets.form.token, SEED + 1) };
  const attacked = await measureBeside(server, [attackedTarget], ctx.settings, run.loaded);
  const adversarial = await adversary.stop();
  // Its comments are still being classified: with --build the other server's turn must not share the cores with that.
  await server.waitUntilIdle();
  console.log(`  adversary: ${adversarial.accepted} maximum-size adversarial comments accepted and classified (${adversarial.sent} sent) meanwhile`);
  const measured = [...posted, ...attacked].flatMap((m) => [m.warmup, m.run]);
  return {
    accepted: measured.reduce((n, m) => n + m.succeeded, 0) + adversarial.accepted,
    sent: measured.reduce((n, m) => n + m.sent, 0) + adversarial.sent,
  };
}

async function checkDurability(run: EntryRun, seeded: { url: string; post: SeededPost }, posted: { accepted: number; sent: number }): Promise<void> {
  const db = openDatabase(seeded.url);
  try {
    const added = (await countCommentRows(db, seeded.post.postId)) - seeded.post.commentIds.length;
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

/** Readers beside a writer's edits, one server at a time: the writer's load must not fall on the other's turns. */
async function editsBlock(ctx: BlockContext, runs: EntryRun[]): Promise<void> {
  for (const run of runs) {
    console.log(await measureReadersBesideEdits(ctx.store, ctx.settings, ctx.fixedBytes, ctx.nodeArgs, run.loaded, run.entry));
  }
}

/** A whole thread of 500 or 5,000 comments on one page, its JSON, and (5,000) every ?replytocom link. */
function threadBlock(size: 500 | 5000): Block {
  return async (ctx, runs) => {
    const seeded = await seedEach(ctx, runs, size);
    const urls = seeded.map((s) => s.url);
    await withServers(serverOptions(ctx, runs, urls), async (servers) => {
      for (const [i, server] of servers.entries()) {
        const bytes = await checkThreadShown(server, seeded[i]!.post.slug, size);
        console.log(`Server ${server.pid} (${server.entry}) on ${server.baseUrl} (${size}-comment thread, page ${bytes} bytes)`);
      }
      const targets = seeded.map(({ post }): Target[] => [
        { name: `page-${size}`, path: `/posts/${post.slug}`, expectStatus: 200 },
        // Every reply link of the thread, and numbers that are none: each must not cost a render (issue 14).
        ...(size === 5000 ? [{ name: 'page-5000-replytocom', path: `/posts/${post.slug}`, expectStatus: 200, makeRequest: replyToComPaths(post, SEED) }] : []),
        { name: `api-${size}`, path: `/api/posts/${post.slug}`, expectStatus: 200 },
      ]);
      await measureAcross(servers, targets, ctx.settings, intoOf(runs));
    });
    if (size === 5000) await defaultViewRows(ctx, runs, urls, seeded[0]!.post.slug);
  };
}

/** The 5,000-comment thread as a reader's browser asks for it, a page of the app's default size at a time. */
async function defaultViewRows(ctx: BlockContext, runs: EntryRun[], urls: string[], slug: string): Promise<void> {
  await withServers(serverOptions(ctx, runs, urls, { commentsPerPage: DEFAULT_PAGE_SIZE }), async (servers) => {
    for (const server of servers)
      console.log(`Server ${server.pid} (${server.entry}) on ${server.baseUrl} (5000-comment thread, default ${DEFAULT_PAGE_SIZE} per page)`);
    const path = `/posts/${slug}`;
    const targets: Target[] = [
      { name: 'page-5000-default', path, expectStatus: 200, headers: { 'accept-encoding': BROWSER_ACCEPT_ENCODING } },
      { name: 'page-5000-default-identity', path, expectStatus: 200 },
    ];
    await measureAcross(
      servers,
      servers.map(() => targets),
      { ...ctx.settings, connections: DEFAULT_VIEW_CONNECTIONS },
      intoOf(runs),
    );
  });
}

async function embedBlock(ctx: BlockContext, runs: EntryRun[]): Promise<void> {
  const seeds: EmbedSeed[] = [];
  for (const _ of runs) seeds.push(await seedEmbedPages(ctx.store, SEED + 3));
  await withServers(
    serverOptions(
      ctx,
      runs,
      seeds.map((s) => s.databaseUrl),
    ),
    async (servers) => {
      for (const server of servers) console.log(`Server ${server.pid} (${server.entry}) on ${server.baseUrl} (50 pages of another site, 15 comments each)`);
      await measureAcross(servers, seeds.map(embedTargets), ctx.settings, intoOf(runs));
    },
  );
}

const BLOCKS: Block[] = [postsBlock, editsBlock, threadBlock(500), threadBlock(5000), embedBlock];

/** Every block on each entry: the source, the build, or (`--build`) both side by side. */
export async function runBlocks(ctx: BlockContext, entries: ServerEntry[]): Promise<EntryRun[]> {
  const runs = entries.map((entry): EntryRun => ({ entry, loaded: [], problems: 0 }));
  for (const block of BLOCKS) await block(ctx, runs);
  return runs;
}
