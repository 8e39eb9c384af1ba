/**
 * npm run bench -- --db postgres --failover [--quick]   (or: npx tsx bench/failover.ts [--quick])
 * A PostgreSQL failover under load: the real server on a 15-comment thread, readers viewing the page and
 * posting comments, and the server's backends killed three times (pg_terminate_backend, as a failover,
 * a restart or a DBA does). Prints requests sent, answers by status, acknowledged (303) and stored
 * comments, and how long after each kill /healthz answered 200 again. Exits 1 when an acknowledged
 * comment is missing, a request got a 500 or no answer, or the server is not healthy at the end.
 */
import { parseArgs } from 'node:util';
import pg from 'pg';
import { openDatabase } from '../server/db/database.js';
import { migrateToLatest } from '../server/db/migrator.js';
import { generateThread, insertThread, type SeededPost } from './bench-data.js';
import { BENCH_POSTGRES_URL, createBenchStore } from './bench-db.js';
import { commentPoster, openCommentForm } from './requests.js';
import { killAllServers } from '../tools/server-process.js';
import { startServer, type ServerProcess } from './server-process.js';

const SEED = 20_261_126;
const CONNECTIONS = 10;
const KILLS = 3;
/** One request in this many is a comment POST; the rest are page views. */
const POST_EVERY = 3;
const HEALTH_POLL_MS = 10;
const APPLICATION_NAME = 'rejoinder-bench-failover';

interface Tally {
  sent: number;
  byStatus: Map<number, number>;
  /** Requests that got no HTTP answer at all (the connection refused or reset). */
  noAnswer: number;
  acknowledged: number[];
}

async function killBackends(admin: pg.Client): Promise<number> {
  const { rows } = await admin.query<{ killed: boolean }>(
    `select pg_terminate_backend(pid) as killed from pg_stat_activity
      where datname = current_database() and pid <> pg_backend_pid() and application_name = $1`,
    [APPLICATION_NAME],
  );
  return rows.filter((r) => r.killed).length;
}

/** Milliseconds from now until /healthz answers 200. */
async function timeToHealthy(server: ServerProcess): Promise<number> {
  const started = performance.now();
  for (;;) {
    const ok = await fetch(`${server.baseUrl}/healthz`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) return performance.now() - started;
    await new Promise((resolve) => setTimeout(resolve, HEALTH_POLL_MS));
  }
}

/** CONNECTIONS readers in a loop until stop() turns true: page views and comment POSTs. */
async function load(server: ServerProcess, post: SeededPost, stop: () => boolean): Promise<Tally> {
  const tally: Tally = { sent: 0, byStatus: new Map(), noAnswer: 0, acknowledged: [] };
  const form = await openCommentForm(server, post.slug);
  const nextComment = commentPoster(post, form.token, SEED);
  const reader = async () => {
    for (let n = 0; !stop(); n++) {
      tally.sent += 1;
      try {
        if (n % POST_EVERY === 0) {
          const { body, headers } = nextComment();
          const res = await fetch(`${server.baseUrl}/posts/${post.slug}/comments`, {
            method: 'POST',
            headers: { ...headers, cookie: form.cookie, 'content-type': 'application/x-www-form-urlencoded' },
            body,
            redirect: 'manual',
          });
          await res.arrayBuffer();
          tally.byStatus.set(res.status, (tally.byStatus.get(res.status) ?? 0) + 1);
          const id = /#comment-(\d+)$/.exec(res.headers.get('location') ?? '')?.[1];
          if (res.status === 303 && id) tally.acknowledged.push(Number(id));
        } else {
          const res = await fetch(`${server.baseUrl}/posts/${post.slug}`);
          await res.arrayBuffer();
          tally.byStatus.set(res.status, (tally.byStatus.get(res.status) ?? 0) + 1);
        }
      } catch {
        tally.noAnswer += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, reader));
  return tally;
}

/** Runs the failover row; returns the exit code. */
export async function runFailover(options: { quick: boolean }): Promise<number> {
  const durationMs = options.quick ? 4000 : 12_000;
  const store = createBenchStore('postgres');
  const admin = new pg.Client({ connectionString: BENCH_POSTGRES_URL });
  // The benchmark's own connections (seeding, counting) go without the server's application_name, so they live.
  const url = await store.createDatabase('failover');
  const db = openDatabase(url);
  try {
    await migrateToLatest(db);
    const post = await insertThread(db, generateThread(15, SEED + 15));
    const serverUrl = new URL(url);
    serverUrl.searchParams.set('application_name', APPLICATION_NAME);
    await admin.connect();
    const server = await startServer({ databaseUrl: serverUrl.toString(), fixedBytes: 0 });
    console.log(
      `PostgreSQL failover: server ${server.pid}, ${CONNECTIONS} readers (1 in ${POST_EVERY} requests a comment POST) for ${durationMs / 1000} s, backends killed ${KILLS} times`,
    );
    try {
      let stopped = false;
      const loading = load(server, post, () => stopped);
      const kills: { killed: number; healthyMs: number }[] = [];
      for (let k = 1; k <= KILLS; k++) {
        await new Promise((resolve) => setTimeout(resolve, durationMs / (KILLS + 1)));
        const killed = await killBackends(admin);
        kills.push({ killed, healthyMs: await timeToHealthy(server) });
      }
      await new Promise((resolve) => setTimeout(resolve, durationMs / (KILLS + 1)));
      stopped = true;
      const tally = await loading;

      const rows = tally.acknowledged.length ? await db.selectFrom('comments').select('id').where('id', 'in', tally.acknowledged).execute() : [];
      const stored = new Set(rows.map((r) => Number(r.id)));
      const missing = tally.acknowledged.filter((id) => !stored.has(id)).length;
      const statuses = [...tally.byStatus].sort(([a], [b]) => a - b);
      const fiveXx = statuses.filter(([s]) => s >= 500).reduce((sum, [, n]) => sum + n, 0);
      const serverErrors = tally.byStatus.get(500) ?? 0;
      const healthyAtEnd = await fetch(`${server.baseUrl}/healthz`).then(
        (r) => r.status === 200,
        () => false,
      );

      console.log(`  requests sent      ${tally.sent}`);
      console.log(`  answers            ${statuses.map(([s, n]) => `${s}: ${n}`).join(', ')}${tally.noAnswer ? `, no answer: ${tally.noAnswer}` : ''}`);
      console.log(`  5xx                ${fiveXx} (${serverErrors} of them 500)`);
      console.log(
        `  comments           ${tally.acknowledged.length} acknowledged (303), ${tally.acknowledged.length - missing} of them stored, ${missing} missing`,
      );
      kills.forEach((k, i) =>
        console.log(`  kill ${i + 1}             ${k.killed} backends terminated; /healthz 200 again after ${k.healthyMs.toFixed(1)} ms`),
      );
      console.log(`  server at the end  ${healthyAtEnd ? 'alive and healthy' : 'NOT HEALTHY'}`);
      const ok = missing === 0 && serverErrors === 0 && tally.noAnswer === 0 && healthyAtEnd;
      console.log(`  ${ok ? 'PASS' : 'FAIL'}: nothing acknowledged is missing, no 500, every request answered, healthy at the end`);
      return ok ? 0 : 1;
    } finally {
      await server.stop();
    }
  } finally {
    killAllServers();
    await db.destroy();
    await admin.end().catch(() => {});
    await store.dispose();
  }
}

if (process.argv[1]?.endsWith('failover.ts')) {
  const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false } } });
  process.exitCode = await runFailover({ quick: values.quick });
}
