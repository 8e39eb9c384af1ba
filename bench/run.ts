/**
 * npm run bench [-- --quick] [-- --build] [-- --db sqlite|postgres] [-- --profile DIR] [-- --db postgres --failover]
 * Seeds three threads (15, 500, 5,000 comments), runs the real server on each, loads every route
 * with autocannon, prints a table with the targets and writes bench-results.json.
 * --quick: 1 s per row, a smoke run for CI. --profile DIR: the servers write .cpuprofile files there.
 * --failover (with --db postgres): only the PostgreSQL failover run of bench/failover.ts.
 * --build: every server block runs on two servers, the source under tsx and the compiled build (dist/) as npm start runs
 *   it, each on a fresh copy of its database, their rows in turns, compared row by row (bench-results.json, bench-results-build.json).
 *   With --db postgres, both engines run the build alone.
 * --only votes: only the reader-vote rows of bench/votes.ts (issue 20).
 * --only mail: only post-comment and post-comment-notify (the same run, in turns), readers beside a writer's edits and the outbox drain (issue 19).
 * --only embed: only the framed thread and the batched counts beside the fixed route (issue 21).
 * --only import: only the import row of bench/import.ts (issue 18).
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { BENCH_ENGINES, createBenchStore, type BenchEngine } from './bench-db.js';
import { runFailover } from './failover.js';
import { FULL, measureFixedBytes, printMachine, QUICK, seededAt, seedThreads } from './harness.js';
import { runEmbedOnly, runMailOnly, runVotesOnly } from './only-runs.js';
import { hasFailures, type Measurement } from './measure.js';
import { killAllServers } from '../tools/server-process.js';
import { printBuildVerdict, printComparison, printTable, printVerdicts, toRows, type ResultRow } from './report.js';
import { benchRelabel, describeRelabel } from './relabel.js';
import { describeStartup, useBuild } from './production.js';
import { printImportRow, runImportBench } from './import.js';
import { benchOutboxDrain, describeNotifyShare } from './mail.js';
import { benchVotes, describeVotes } from './votes.js';
import { runBlocks, type EntryRun } from './server-rows.js';
import type { ServerEntry } from './server-process.js';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RESULTS_FILE = path.join(REPO_ROOT, 'bench-results.json');
const ONLY_RUNS = ['votes', 'mail', 'embed', 'import'];

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

/** Where an entry's rows are written: bench-results.json for the source, -build and -postgres beside it. */
function resultsFile(engine: BenchEngine, entry: ServerEntry, twin: boolean): string {
  const suffix = engine === 'postgres' ? '-postgres' : twin && entry === 'build' ? '-build' : '';
  return RESULTS_FILE.replace(/\.json$/, `${suffix}.json`);
}

const entryName = (entry: ServerEntry) => (entry === 'build' ? 'build (dist/)' : 'source (tsx)');

interface EntryResult {
  entry: ServerEntry;
  rows: ResultRow[];
  measurements: Measurement[];
  problems: number;
}

/** Each entry's table, written to its results file. */
function tabulate(engine: BenchEngine, runs: EntryRun[]): EntryResult[] {
  return runs.map((run) => {
    const measurements = run.loaded.map((l) => l.run);
    const rows = toRows(measurements);
    if (runs.length > 1) console.log(`\n${entryName(run.entry)}:`);
    printTable(rows, measurements);
    const file = resultsFile(engine, run.entry, runs.length > 1);
    writeFileSync(file, `${JSON.stringify(rows, null, 2)}\n`);
    console.log(`\nWrote ${path.relative(process.cwd(), file) || file}`);
    const failed = run.loaded.flatMap((l) => [l.warmup, l.run]).filter(hasFailures).length;
    return { entry: run.entry, rows, measurements, problems: run.problems + failed };
  });
}

/** The targets judged on one entry's rows, and what its servers' CPU time says. */
async function printEntryFigures(result: EntryResult, twin: boolean): Promise<void> {
  const { rows, measurements } = result;
  if (twin) console.log(`\n${entryName(result.entry)}:`);
  printVerdicts(rows);
  console.log(await describeStartup(result.entry));
  console.log(describeNotifyShare(rows.find((r) => r.name === 'post-comment')?.rps ?? 0, rows.find((r) => r.name === 'post-comment-notify')?.rps ?? 0));
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
}

/** Every block on each entry (one, or the source and the build side by side), then the rows measured once. */
async function runEngine(options: ReturnType<typeof parseOptions>, entries: ServerEntry[]): Promise<{ code: number; results: EntryResult[] }> {
  const settings = options.quick ? QUICK : FULL;
  printMachine(options.engine, settings);
  const store = createBenchStore(options.engine);
  const abort = () => {
    killAllServers();
    void store.dispose();
    process.exit(130);
  };
  process.once('SIGINT', abort);
  process.once('SIGTERM', abort);
  try {
    // The baseline must be as big as the real 15-comment page, which only the server can tell.
    const fixedBytes = await measureFixedBytes(seededAt(await seedThreads(store, [15]), 15));
    console.log(`15-comment page: ${fixedBytes} bytes; BENCH_FIXED_BYTES=${fixedBytes}`);
    const context = { store, settings, fixedBytes, nodeArgs: profileArgs(options.profileDir), profiling: options.profileDir !== undefined };
    const results = tabulate(options.engine, await runBlocks(context, entries));
    console.log(`\nTargets (${os.cpus().length} CPUs, Node ${process.version}${options.quick ? ', --quick: indicative only' : ''}):`);
    for (const result of results) await printEntryFigures(result, results.length > 1);
    if (results.length > 1) console.log('');
    console.log(describeRelabel(await benchRelabel(store)));
    console.log(await benchOutboxDrain(store));
    for (const line of describeVotes(await benchVotes(store, settings, context.nodeArgs))) console.log(line);
    if (options.engine === 'sqlite') printImportRow(await runImportBench(options.quick));
    const problems = results.reduce((n, r) => n + r.problems, 0);
    if (problems > 0) console.log(`\n${problems} check(s) failed: the figures above are not trustworthy.`);
    return { code: problems > 0 ? 1 : 0, results };
  } finally {
    killAllServers();
    await store.dispose();
  }
}

/** The source under tsx and the build side by side, each on fresh copies of the databases, and the two compared. */
async function runBuildBeside(options: ReturnType<typeof parseOptions>): Promise<number> {
  const { code, results } = await runEngine(options, ['source', 'build']);
  const [source, build] = results;
  if (!source || !build) return 1;
  printComparison(source.rows, build.rows, ['tsx', 'build'], 'The source under tsx beside the build, each row measured on both in turns');
  printBuildVerdict(source.rows, build.rows);
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
  const entries: ServerEntry[] = [options.build ? 'build' : 'source'];
  if (options.engine === 'sqlite') return (await runEngine(options, entries)).code;
  const sqlite = await runEngine({ ...options, engine: 'sqlite' }, entries);
  const postgres = await runEngine(options, entries);
  printComparison(sqlite.results[0]?.rows ?? [], postgres.results[0]?.rows ?? []);
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
