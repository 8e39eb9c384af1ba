import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The engines the benchmark can seed and point the server at. */
export const BENCH_ENGINES = ['sqlite'] as const;
export type BenchEngine = (typeof BENCH_ENGINES)[number];

/**
 * Where the benchmark's databases live. Everything downstream (seeding through openDatabase, the
 * server's DATABASE_URL, the row counts) only sees URLs, so another engine is one more store.
 */
export interface BenchStore {
  engine: BenchEngine;
  /** A URL for a fresh, empty database named after label. */
  createDatabase(label: string): Promise<string>;
  /** Removes every database this store created. */
  dispose(): Promise<void>;
}

function createSqliteStore(): BenchStore {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rejoinder-bench-'));
  return {
    engine: 'sqlite',
    async createDatabase(label) {
      return `sqlite:${path.join(dir, `${label}.db`)}`;
    },
    async dispose() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Opens the store for an engine named on the command line. */
export function createBenchStore(engine: BenchEngine): BenchStore {
  switch (engine) {
    case 'sqlite':
      return createSqliteStore();
  }
}
