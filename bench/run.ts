/**
 * npm run bench [-- --quick] [-- --build] [-- --db sqlite|postgres] [-- --profile DIR] [-- --db postgres --failover]
 * Seeds three threads (15, 500, 5,000 comments), runs the real server on each, loads every route
 * with autocannon, prints a table with the targets and writes bench-results.json.
 * --quick: 1 s per row, a smoke run for CI. --profile DIR: the servers write .cpuprofile files there.
 * --failover (with --db postgres): only the PostgreSQL failover run of bench/failover.ts.
 * --build: the servers run the compiled build (dist/), as npm start does, not the source under tsx (bench/production.ts).
 * --only votes: only the reader-vote rows of bench/votes.ts (issue 20).
 * --only mail: only post-comment and post-comment-notify (the same run), readers beside a writer's edits and the outbox drain (issue 19).
 * --only embed: only the framed thread and the batched counts beside the fixed route (issue 21).
 * --only import: only the import row of bench/import.ts (issue 18).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openDatabase } from '../server/db/database.js';
import { countCommentRows } from './bench-data.js';
import { BENCH_ENGINES, createBenchStore, type BenchEngine } from './bench-db.js';
import { runFailover } from './failover.js';
import {
  commentTargets,
  FULL,
  measureBeside,
  measureFixedBytes,
  printMachine,
  QUICK,
  SEED,
  seededAt,
  seedThreads,
  withServer,
  type Loaded,
} from './harness.js';
import { runEmbedOnly, runMailOnly, runVotesOnly } from './only-runs.js';
import { hasFailures } from './measure.js';
import { killAllServers } from '../tools/server-process.js';
import { printComparison, printTable, printVerdicts, toRows, type ResultRow } from './report.js';
import { checkThreadShown, commentPoster, replyToComPaths } from './requests.js';
import { startAdversary } from './adversary.js';
import { measureReadersBesideEdits } from './editor.js';
import { benchRelabel, describeRelabel } from './relabel.js';
import { describeStartup, useBuild } from './production.js';
import { printImportRow, runImportBench } from './import.js';
import { embedTargets, seedEmbedPages } from './embed.js';
import { benchOutboxDrain, describeNotifyShare } from './mail.js';
import { benchVotes, describeVotes } from './votes.js';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RESULTS_FILE = path.join(REPO_ROOT, 'bench-results.json');
const ONLY_RUNS = ['votes', 'mail', 'embed', 'import'];
/** The reader's default view of the long thread: the app's own page size, 16 connections (issue 7). */
const DEFAULT_PAGE_SIZE = 50;
const DEFAULT_VIEW_CONNECTIONS = 16;
/** What Chromium sends: the default-view row is a reader's browser. The other rows ask for no encoding. */
const BROWSER_ACCEPT_ENCODING = 'gzip, deflate, br, zstd';

// A profiled server must exit by itself (SIGTERM) for node to write its .cpuprofile.
function profileArgs(dir: string | undefined): string[] {
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(dir)}`] : [];
}

function parseOptions() {
  const { values } = parseArgs({
    options: {
      db: { type: 'string', default: 'sqlite' },
      quick: { type: 'boolean', default: false },
      profile: { type: 'string' },
      failover: { type: 'boolean', default: false },
      build: { type: 'boolean', default: false },
      only: { type: 'string' },
    },
  });
  if (values.only !== undefined && !ONLY_RUNS.includes(values.only)) throw new Error(`--only takes: ${ONLY_RUNS.join(', ')}`);
  if (values.failover && values.db !== 'postgres') throw new Error('--failover needs --db postgres');
  if (!(BENCH_ENGINES as readonly string[]).includes(values.db)) {
    throw new Error(`--db must be one of: ${BENCH_ENGINES.join(', ')}`);
  }
  if (values.build) useBuild(REPO_ROOT);
  return {
    engine: values.db as BenchEngine,
    quick: values.quick,
    profileDir: values.profile,
    failover: values.failover,
    only: values.only,
    build: values.build,
  };
}

async function runEngine(options: ReturnType<typeof parseOptions>, resultsFile: string): Promise<{ code: number; rows: ResultRow[] }> {
  const settings = options.quick ? QUICK : FULL;
  printMachine(options.engine, settings);
  const nodeArgs = profileArgs(options.profileDir);
  const store = createBenchStore(options.engine);
  const abort = () => {
    killAllServers();
    void store.dispose();
    process.exit(130);
  };
  process.once('SIGINT', abort);
  process.once('SIGTERM', abort);
  try {
    const posts = await seedThreads(store);
    const small = seededAt(posts, 15);
    const loaded: Loaded[] = [];
    let problems = 0;

    // The baseline must be as big as the real 15-comment page, which only the server can tell.
    const fixedBytes = await measureFixedBytes(small);
    console.log(`15-comment page: ${fixedBytes} bytes; BENCH_FIXED_BYTES=${fixedBytes}`);

    const posted = await withServer(
      { databaseUrl: small.url, fixedBytes, nodeArgs },
      async (server) => {
        console.log(`Server ${server.pid} on ${server.baseUrl} (15-comment thread)`);
        await measureBeside(
          server,
          [
            { name: 'page-15', path: `/posts/${small.post.slug}`, expectStatus: 200 },
            { name: 'api-15', path: `/api/posts/${small.post.slug}`, expectStatus: 200 },
          ],
          settings,
          loaded,
          true,
        );
        const { form, plain: postTarget, notify: notifyTarget } = await commentTargets(server, small.post);
        const [posted, notified] = await measureBeside(server, [postTarget, notifyTarget], settings, loaded);
        // The same POSTs while another client sends maximum-size adversarial comments (issue 14).
        const adversary = startAdversary(server, small.post, form);
        const attackedTarget = { ...postTarget, name: 'post-comment-adversarial', makeRequest: commentPoster(small.post, form.token, SEED + 1) };
        const [attacked] = await measureBeside(server, [attackedTarget], settings, loaded);
        const adversarial = await adversary.stop();
        console.log(`  adversary: ${adversarial.accepted} maximum-size adversarial comments accepted and classified (${adversarial.sent} sent) meanwhile`);
        const runs = [posted, notified, attacked].flatMap((m) => (m ? [m.warmup, m.run] : []));
        return {
          accepted: runs.reduce((n, m) => n + m.succeeded, 0) + adversarial.accepted,
          sent: runs.reduce((n, m) => n + m.sent, 0) + adversarial.sent,
        };
      },
      // Killed outright: every 303 must already be on disk, with no graceful close to help.
      options.profileDir ? 'SIGTERM' : 'SIGKILL',
    );

    const db = openDatabase(small.url);
    try {
      const added = (await countCommentRows(db, small.post.postId)) - small.post.commentIds.length;
      // Every 303 must be a stored row; a POST still unanswered when autocannon stopped may be one too.
      const ok = added >= posted.accepted && added <= posted.sent;
      if (!ok) problems += 1;
      console.log(
        `  durability: ${posted.accepted} POSTs answered 303 (${posted.sent} sent), ${added} comment rows stored after the kill -> ${ok ? 'OK' : 'MISMATCH'}`,
      );
    } finally {
      await db.destroy();
    }

    const editsLine = await measureReadersBesideEdits(store, settings, fixedBytes, nodeArgs, loaded);
    console.log(editsLine);

    for (const size of [500, 5000]) {
      const { url, post } = seededAt(posts, size);
      await withServer({ databaseUrl: url, fixedBytes, nodeArgs }, async (server) => {
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
          settings,
          loaded,
        );
      });
    }

    const long = seededAt(posts, 5000);
    await withServer({ databaseUrl: long.url, fixedBytes, nodeArgs, commentsPerPage: DEFAULT_PAGE_SIZE }, async (server) => {
      console.log(`Server ${server.pid} on ${server.baseUrl} (5000-comment thread, default ${DEFAULT_PAGE_SIZE} per page)`);
      const path = `/posts/${long.post.slug}`;
      await measureBeside(
        server,
        [
          { name: 'page-5000-default', path, expectStatus: 200, headers: { 'accept-encoding': BROWSER_ACCEPT_ENCODING } },
          { name: 'page-5000-default-identity', path, expectStatus: 200 },
        ],
        { ...settings, connections: DEFAULT_VIEW_CONNECTIONS },
        loaded,
      );
    });

    const embed = await seedEmbedPages(store, SEED + 3);
    await withServer({ databaseUrl: embed.databaseUrl, fixedBytes, nodeArgs }, async (server) => {
      console.log(`Server ${server.pid} on ${server.baseUrl} (${embed.pageUrls.length} pages of another site, 15 comments each)`);
      await measureBeside(server, embedTargets(embed), settings, loaded);
    });

    problems += loaded.flatMap((l) => [l.warmup, l.run]).filter(hasFailures).length;
    const measurements = loaded.map((l) => l.run);
    const rows = toRows(measurements);
    printTable(rows, measurements);
    writeFileSync(resultsFile, `${JSON.stringify(rows, null, 2)}\n`);
    console.log(`\nWrote ${path.relative(process.cwd(), resultsFile) || resultsFile}`);
    console.log(`\nTargets (${os.cpus().length} CPUs, Node ${process.version}${options.quick ? ', --quick: indicative only' : ''}):`);
    printVerdicts(rows);
    console.log(describeRelabel(await benchRelabel(store)));
    console.log(await describeStartup());
    console.log(describeNotifyShare(rows.find((r) => r.name === 'post-comment')?.rps ?? 0, rows.find((r) => r.name === 'post-comment-notify')?.rps ?? 0));
    console.log(await benchOutboxDrain(store));
    for (const line of describeVotes(await benchVotes(store, settings, nodeArgs))) console.log(line);
    const [plain, replies] = [rows.find((r) => r.name === 'page-5000'), rows.find((r) => r.name === 'page-5000-replytocom')];
    if (plain && replies) {
      const share = plain.rps > 0 ? replies.rps / plain.rps : 0;
      console.log(
        `  ${share >= 0.5 ? 'PASS ' : 'SHORT'} page-5000-replytocom (random ?replytocom) >= half of page-5000: ${replies.rps.toFixed(1)} of ${plain.rps.toFixed(1)} req/s (${share.toFixed(2)}x)`,
      );
    }
    // POSTs also use the classifier's worker thread, so their CPU time spreads over two cores.
    console.log(`  Server CPU per response, all its threads (for pages, which run on one thread, 1000 / ms is the ceiling on an idle core):`);
    const cpu = (name: string) => measurements.find((m) => m.name === name)?.server_cpu_ms;
    const [fixedCpu, pageCpu] = [cpu('fixed'), cpu('page-15')];
    if (fixedCpu && pageCpu) console.log(`    page-15 costs ${(pageCpu / fixedCpu).toFixed(1)}x the fixed route (${pageCpu} vs ${fixedCpu} ms)`);
    const pageCpu5000 = cpu('page-5000');
    if (pageCpu5000) console.log(`    page-5000: ${pageCpu5000} ms, at most ${Math.round(1000 / pageCpu5000)} req/s`);
    const postCpu = cpu('post-comment');
    if (postCpu) console.log(`    post-comment: ${postCpu} ms across the event loop and the classifier's thread`);
    if (options.engine === 'sqlite') printImportRow(await runImportBench(options.quick));
    if (problems > 0) console.log(`\n${problems} check(s) failed: the figures above are not trustworthy.`);
    return { code: problems > 0 ? 1 : 0, rows };
  } finally {
    killAllServers();
    await store.dispose();
  }
}

async function runBuildBeside(options: ReturnType<typeof parseOptions>): Promise<number> {
  const { code, rows } = await runEngine(options, RESULTS_FILE.replace(/\.json$/, '-build.json'));
  if (!existsSync(RESULTS_FILE)) {
    console.log('\nNo bench-results.json from a run of the source: run npm run bench first to compare.');
    return code;
  }
  printComparison(
    JSON.parse(readFileSync(RESULTS_FILE, 'utf8')) as ResultRow[],
    rows,
    ['tsx', 'build'],
    'The source under tsx (last npm run bench) beside the build',
  );
  return code;
}

/**
 * --db sqlite (the default) measures SQLite alone. --db postgres measures SQLite, then PostgreSQL,
 * prints them side by side, then the 500-comment page on 1, 2 and 4 instances sharing PostgreSQL, then
 * the failover run (bench/failover.ts).
 */
async function main(): Promise<number> {
  const options = parseOptions();
  if (options.failover) return runFailover({ quick: options.quick });
  if (options.only === 'import') {
    printImportRow(await runImportBench(options.quick));
    return 0;
  }
  const only = { votes: runVotesOnly, mail: runMailOnly, embed: runEmbedOnly }[options.only ?? ''];
  if (only) return only({ ...options, nodeArgs: profileArgs(options.profileDir) });
  if (options.engine === 'sqlite' && options.build) return runBuildBeside(options);
  if (options.engine === 'sqlite') return (await runEngine(options, RESULTS_FILE)).code;
  const sqlite = await runEngine({ ...options, engine: 'sqlite' }, RESULTS_FILE);
  const postgres = await runEngine(options, RESULTS_FILE.replace(/\.json$/, '-postgres.json'));
  printComparison(sqlite.rows, postgres.rows);
  console.log('\nInstances on one PostgreSQL (bench/instances.ts):');
  const instances = spawnSync(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'bench/instances.ts'), ...(options.quick ? ['--quick'] : [])], {
    stdio: 'inherit',
    cwd: REPO_ROOT,
  });
  console.log('\nFailover (bench/failover.ts):');
  const failover = await runFailover({ quick: options.quick });
  return Math.max(sqlite.code, postgres.code, instances.status ?? 1, failover);
}

process.exitCode = await main();
