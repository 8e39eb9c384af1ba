import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

/** The engines the benchmark can seed and point the server at. */
export const BENCH_ENGINES = ['sqlite', 'postgres'] as const;
/** The PostgreSQL database the benchmark's schemas go in (BENCH_POSTGRES_URL overrides it). */
export const BENCH_POSTGRES_URL = process.env.BENCH_POSTGRES_URL || 'postgres://postgres@127.0.0.1:5432/test';
export type BenchEngine = (typeof BENCH_ENGINES)[number];

/**
 * Where the benchmark's databases live. Everything downstream (seeding through openDatabase, the
 * server's DATABASE_URL, the row counts) only sees URLs, so another engine is one more store.
 */
export interface BenchStore {
  engine: BenchEngine;
  /** A URL for a fresh, empty database named after label (a label used before gets a number: a new database each call). */
  createDatabase(label: string): Promise<string>;
  /** Removes every database this store created. */
  dispose(): Promise<void>;
}

/** label, then label-2, label-3, ...: `npm run bench -- --build` seeds each database once for each server build. */
function uniqueLabels(): (label: string) => string {
  const used = new Map<string, number>();
  return (label) => {
    const n = (used.get(label) ?? 0) + 1;
    used.set(label, n);
    return n === 1 ? label : `${label}-${n}`;
  };
}

function createSqliteStore(): BenchStore {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rejoinder-bench-'));
  const unique = uniqueLabels();
  return {
    engine: 'sqlite',
    async createDatabase(label) {
      return `sqlite:${path.join(dir, `${unique(label)}.db`)}`;
    },
    async dispose() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function onPostgres(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** One schema per database in BENCH_POSTGRES_URL's database; servers reach it through search_path. */
function createPostgresStore(serverUrl: string): BenchStore {
  const run = `bench_${randomBytes(4).toString('hex')}`;
  const schemas: string[] = [];
  const unique = uniqueLabels();
  return {
    engine: 'postgres',
    async createDatabase(label) {
      const schema = `${run}_${unique(label)
        .replace(/[^a-z0-9]/gi, '_')
        .toLowerCase()}`;
      await onPostgres(serverUrl, `create schema ${schema}`);
      schemas.push(schema);
      const url = new URL(serverUrl);
      url.searchParams.set('options', `-c search_path=${schema}`);
      return url.toString();
    },
    async dispose() {
      for (const schema of schemas.splice(0)) await onPostgres(serverUrl, `drop schema if exists ${schema} cascade`);
    },
  };
}

/** Opens the store for an engine named on the command line. */
export function createBenchStore(engine: BenchEngine): BenchStore {
  switch (engine) {
    case 'sqlite':
      return createSqliteStore();
    case 'postgres':
      return createPostgresStore(BENCH_POSTGRES_URL);
  }
}
