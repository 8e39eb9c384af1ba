/**
 * npx tsx bench/instances.ts [--quick] [--instances 1,2,4]
 * Throughput of the 500-comment page with 1, 2 and 4 server processes on one PostgreSQL database:
 * the same thread, the same total client connections, split evenly over the instances. Each
 * instance is one Node thread, so on a machine with few cores the curve flattens early (the load
 * generator and PostgreSQL share those cores); the table says how many there were.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { openDatabase } from '../server/db/database.js';
import { migrateToLatest } from '../server/db/migrator.js';
import { generateThread, insertThread } from './bench-data.js';
import { createBenchStore } from './bench-db.js';
import { hasFailures, loadTarget, type Measurement } from './measure.js';
import { killAllServers } from '../tools/server-process.js';
import { startServer, type ServerProcess } from './server-process.js';

const THREAD_SIZE = 500;
const SEED = 20_261_126;
const TOTAL_CONNECTIONS = 12;

interface Row {
  instances: number;
  rps: number;
  perInstance: number;
  p99: number;
  /** Some response was not a 200 (or never came): the row is not a throughput figure. */
  failed: boolean;
}

function parseOptions() {
  const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false }, instances: { type: 'string', default: '1,2,4' } } });
  const counts = values.instances.split(',').map(Number);
  if (counts.some((n) => !Number.isInteger(n) || n < 1 || n > 16)) throw new Error('--instances takes counts from 1 to 16, e.g. 1,2,4');
  return { counts, durationSec: values.quick ? 2 : 8, warmupSec: values.quick ? 1 : 2 };
}

async function measureInstances(servers: ServerProcess[], path: string, durationSec: number, warmupSec: number): Promise<Row> {
  const share = Math.max(1, Math.floor(TOTAL_CONNECTIONS / servers.length));
  const target = { name: `page-${THREAD_SIZE}`, path, expectStatus: 200 };
  await Promise.all(servers.map((s) => loadTarget(s.baseUrl, target, share, warmupSec)));
  const results: Measurement[] = await Promise.all(servers.map((s) => loadTarget(s.baseUrl, target, share, durationSec)));
  const rps = results.reduce((sum, m) => sum + m.rps, 0);
  return {
    instances: servers.length,
    rps,
    perInstance: rps / servers.length,
    p99: Math.max(...results.map((m) => m.p99_ms)),
    failed: results.some(hasFailures),
  };
}

async function main(): Promise<void> {
  const options = parseOptions();
  const store = createBenchStore('postgres');
  process.once('SIGINT', () => {
    killAllServers();
    void store.dispose().then(() => process.exit(130));
  });
  try {
    const url = await store.createDatabase(`instances_${THREAD_SIZE}`);
    const db = openDatabase(url);
    let slug: string;
    try {
      await migrateToLatest(db);
      slug = (await insertThread(db, generateThread(THREAD_SIZE, SEED))).slug;
    } finally {
      await db.destroy();
    }
    console.log(`${os.cpus().length} CPUs, Node ${process.version}; ${TOTAL_CONNECTIONS} connections in total; ${options.durationSec} s per row`);
    const rows: Row[] = [];
    for (const count of options.counts) {
      const servers = await Promise.all(Array.from({ length: count }, () => startServer({ databaseUrl: url, fixedBytes: 0 })));
      try {
        rows.push(await measureInstances(servers, `/posts/${slug}`, options.durationSec, options.warmupSec));
      } finally {
        await Promise.all(servers.map((s) => s.stop()));
      }
    }
    const base = rows[0]?.rps ?? 1;
    console.log('\ninstances   req/s   per instance   vs first   p99 ms   responses');
    for (const r of rows) {
      console.log(
        `${String(r.instances).padStart(9)}  ${r.rps.toFixed(1).padStart(6)}  ${r.perInstance.toFixed(1).padStart(13)}  ${(r.rps / base).toFixed(2).padStart(8)}x  ${r.p99.toFixed(0).padStart(7)}  ${(r.failed ? 'FAILURES' : 'all 200').padStart(10)}`,
      );
    }
  } finally {
    killAllServers();
    await store.dispose();
  }
}

await main();
