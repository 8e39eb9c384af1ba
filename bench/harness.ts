// What every bench run shares: the machine line, the seeded threads, the server's lifetime, a row's load and
// the comment POST targets.
import os from 'node:os';
import { openDatabase } from '../server/db/database.js';
import { migrateToLatest } from '../server/db/migrator.js';
import { describeThread, generateThread, insertThread, type SeededPost } from './bench-data.js';
import { createBenchStore, type BenchEngine, type BenchStore } from './bench-db.js';
import { withNotifyBoxes } from './mail.js';
import { hasFailures, measureInterleaved, measureLanes, measureTarget, type LoadSettings, type Measurement, type Target } from './measure.js';
import { describeResident } from './production.js';
import { checkThreadShown, commentPoster, openCommentForm } from './requests.js';
import { killAllServers } from '../tools/server-process.js';
import { startServer, type ServerProcess } from './server-process.js';

const THREAD_SIZES = [15, 500, 5000] as const;
export const SEED = 20_261_126;
const CONNECTIONS = 10;
export const FULL: LoadSettings = { connections: CONNECTIONS, durationSec: 8, warmupSec: 2 };
export const QUICK: LoadSettings = { connections: CONNECTIONS, durationSec: 1, warmupSec: 1 };

export type SizedPosts = Map<number, { url: string; post: SeededPost }>;

/** Prints the machine, the engine and the load settings, and warns when other work shares the cores. */
export function printMachine(engine: BenchEngine, settings: LoadSettings): void {
  const cpus = os.cpus();
  console.log(
    `Machine: ${cpus.length} CPUs (${cpus[0]?.model.trim() ?? 'unknown'}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.platform()} ${os.release()}`,
  );
  console.log(
    `Node ${process.version}; database: ${engine}; ${settings.connections} connections, ${settings.warmupSec} s warm-up + ${settings.durationSec} s per row`,
  );
  // Server and load generator share this machine: other work on it shows directly in the figures.
  const load = os.loadavg()[0] ?? 0;
  console.log(`Load average before the run: ${load.toFixed(2)}${load > cpus.length / 2 ? ' (busy: expect lower and noisier figures)' : ''}`);
}

/** The 15-, 500- and 5,000-comment threads (or the sizes named), each in its own database of the store. */
export async function seedThreads(store: BenchStore, sizes: readonly number[] = THREAD_SIZES): Promise<SizedPosts> {
  const posts: SizedPosts = new Map();
  for (const size of sizes) {
    const started = performance.now();
    const url = await store.createDatabase(`thread-${size}`);
    const db = openDatabase(url);
    try {
      await migrateToLatest(db);
      const thread = generateThread(size, SEED + size);
      posts.set(size, { url, post: await insertThread(db, thread) });
      console.log(`Seeded ${thread.slug}: ${describeThread(thread)} in ${Math.round(performance.now() - started)} ms`);
    } finally {
      await db.destroy();
    }
  }
  return posts;
}

/** The seeded thread of one size. */
export function seededAt(posts: SizedPosts, size: number) {
  const entry = posts.get(size);
  if (!entry) throw new Error(`no ${size}-comment thread was seeded`);
  return entry;
}

export type Loaded = { warmup: Measurement; run: Measurement };

/** Prints a row's line: its rate, and any status or connection error its warm-up or run saw. */
function printLoaded(target: Target, { warmup, run }: Loaded): void {
  const failures = [warmup, run]
    .filter(hasFailures)
    .map((m) => `statuses other than ${target.expectStatus}: ${JSON.stringify(m.unexpected)}, ${m.errors} connection errors`);
  const note = run.completed === 0 ? '  (no response completed within the run)' : '';
  console.log(
    `  ${target.name.padEnd(13)} ${String(run.rps).padStart(8)} req/s  (${run.completed} responses in ${run.durationSec} s)${note}${failures.length ? `  FAILED: ${failures.join('; ')}` : ''}`,
  );
}

/** Loads each target in turn, prints its line and appends its warm-up and run to `into`. */
export async function measureAll(server: ServerProcess, targets: Target[], settings: LoadSettings, into: Loaded[]): Promise<Loaded[]> {
  const loaded: Loaded[] = [];
  for (const target of targets) {
    const result = await measureTarget(server.baseUrl, target, settings, server);
    loaded.push(result);
    printLoaded(target, result);
  }
  into.push(...loaded);
  return loaded;
}

export const FIXED_TARGET: Target = { name: 'fixed', path: '/bench/fixed', expectStatus: 200 };

/**
 * The fixed route first, then the targets, each row's ratio taken to that fixed figure: a ratio divides two rates
 * of one server a few seconds apart, not of servers minutes apart, whose machine may have been busier or idler
 * (the framed thread read 0.41 against the first server's fixed route and 0.60 against its own). The fixed
 * row goes into the table when `tableFixed` is set (the first server's).
 */
export async function measureBeside(server: ServerProcess, targets: Target[], settings: LoadSettings, into: Loaded[], tableFixed = false): Promise<Loaded[]> {
  const [fixed] = await measureAll(server, [FIXED_TARGET], settings, tableFixed ? into : []);
  const loaded = await measureAll(server, targets, settings, into);
  for (const l of loaded) l.run.baseline_rps = fixed?.run.rps;
  if (tableFixed && fixed) fixed.run.baseline_rps = fixed.run.rps;
  return loaded;
}

/**
 * The fixed route, then rows that are compared with each other measured in turns (measureInterleaved): the plain
 * and the ticked-boxes comment POSTs, whose share is the issue's figure. Each row's ratio is to that fixed figure;
 * the fixed row goes into the table when `tableFixed` is set.
 */
export async function measureInterleavedBeside(
  server: ServerProcess,
  targets: Target[],
  settings: LoadSettings,
  into: Loaded[],
  tableFixed = false,
): Promise<Loaded[]> {
  const [fixed] = await measureAll(server, [FIXED_TARGET], settings, tableFixed ? into : []);
  if (tableFixed && fixed) fixed.run.baseline_rps = fixed.run.rps;
  const loaded = await measureInterleaved(server.baseUrl, targets, settings, server);
  targets.forEach((target, i) => printLoaded(target, loaded[i]!));
  for (const l of loaded) l.run.baseline_rps = fixed?.run.rps;
  into.push(...loaded);
  return loaded;
}

/**
 * The same rows on several servers (the tsx source and the build): each server's fixed route, then every row of
 * every server in turns (measureLanes), each row's ratio to its own server's fixed figure. `targets[i]` and
 * `into[i]` are server i's. With one server, measureBeside, or measureInterleavedBeside when `inTurns`.
 */
export async function measureAcross(
  servers: ServerProcess[],
  targets: Target[][],
  settings: LoadSettings,
  into: Loaded[][],
  options: { tableFixed?: boolean; inTurns?: boolean } = {},
): Promise<Loaded[][]> {
  const [only] = servers;
  if (servers.length === 1 && only) {
    const measure = options.inTurns ? measureInterleavedBeside : measureBeside;
    return [await measure(only, targets[0] ?? [], settings, into[0] ?? [], options.tableFixed)];
  }
  const label = (server: ServerProcess, target: Target) => ({ ...target, name: `${target.name} (${server.entry === 'build' ? 'build' : 'tsx'})` });
  const fixedLanes = servers.map((server) => ({ baseUrl: server.baseUrl, target: FIXED_TARGET, server }));
  const fixed = await measureLanes(fixedLanes, settings);
  const lanes = servers.flatMap((server, i) => (targets[i] ?? []).map((target) => ({ baseUrl: server.baseUrl, target, server, i })));
  const loaded = await measureLanes(lanes, settings);
  servers.forEach((server, i) => {
    const own = fixed[i];
    printLoaded(label(server, FIXED_TARGET), own!);
    if (options.tableFixed && own) {
      own.run.baseline_rps = own.run.rps;
      into[i]?.push(own);
    }
  });
  lanes.forEach((lane, n) => {
    const result = loaded[n]!;
    result.run.baseline_rps = fixed[lane.i]?.run.rps;
    printLoaded(label(lane.server, lane.target), result);
    into[lane.i]?.push(result);
  });
  return servers.map((_, i) => lanes.flatMap((lane, n) => (lane.i === i ? [loaded[n]!] : [])));
}

/** Runs fn against servers started together (one per options), then prints their resident memory and stops them. */
export async function withServers<T>(
  options: Parameters<typeof startServer>[0][],
  fn: (servers: ServerProcess[]) => Promise<T>,
  stopSignal: NodeJS.Signals = 'SIGTERM',
): Promise<T> {
  const servers: ServerProcess[] = [];
  try {
    for (const o of options) servers.push(await startServer(o));
    return await fn(servers);
  } finally {
    for (const server of servers) console.log(describeResident(server));
    await Promise.all(servers.map((server) => server.stop(stopSignal)));
  }
}

/** Runs fn against a started server, then prints its resident memory and stops it. */
export async function withServer<T>(
  options: Parameters<typeof startServer>[0],
  fn: (server: ServerProcess) => Promise<T>,
  stopSignal: NodeJS.Signals = 'SIGTERM',
): Promise<T> {
  return withServers([options], ([server]) => fn(server!), stopSignal);
}

/** A store for one run, disposed (and every server killed) when fn ends however it ends. */
export async function withBenchStore<T>(engine: BenchEngine, fn: (store: BenchStore) => Promise<T>): Promise<T> {
  const store = createBenchStore(engine);
  try {
    return await fn(store);
  } finally {
    killAllServers();
    await store.dispose();
  }
}

/** The plain comment POST of a thread and the same POST with both mail boxes ticked (issue 19). */
export async function commentTargets(
  server: ServerProcess,
  post: SeededPost,
): Promise<{ form: Awaited<ReturnType<typeof openCommentForm>>; plain: Target; notify: Target }> {
  const form = await openCommentForm(server, post.slug);
  const plain: Target = {
    name: 'post-comment',
    path: `/posts/${post.slug}/comments`,
    method: 'POST',
    expectStatus: 303,
    headers: { cookie: form.cookie },
    makeRequest: commentPoster(post, form.token, SEED),
  };
  return { form, plain, notify: { ...plain, name: 'post-comment-notify', makeRequest: withNotifyBoxes(commentPoster(post, form.token, SEED + 2)) } };
}

/** The bytes of the real 15-comment page, which the fixed baseline route must match (only the server can tell). */
export async function measureFixedBytes(small: { url: string; post: SeededPost }): Promise<number> {
  return withServer({ databaseUrl: small.url, fixedBytes: 0 }, (s) => checkThreadShown(s, small.post.slug, 15));
}
