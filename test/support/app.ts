import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../server/app.js';
import { loadConfig, type Config } from '../../server/config.js';
import { openDatabase, type Db } from '../../server/db/database.js';
import { migrateToLatest } from '../../server/db/migrator.js';
import { createTestDatabase } from './test-db.js';

/** The moment every test app believes it is, so relative times are stable. */
export const TEST_NOW = new Date('2026-11-26T12:00:00.000Z');

export interface TestContext {
  app: FastifyInstance;
  db: Db;
  config: Config;
  dir: string;
  close: () => Promise<void>;
}

/**
 * A fresh database with the real migrations, and the real app built on it: a temp SQLite file,
 * or its own PostgreSQL schema when TEST_DATABASE_URL is set.
 */
export async function createTestApp(overrides: Record<string, string> = {}, options: { clock?: () => Date } = {}): Promise<TestContext> {
  const testDb = await createTestDatabase();
  const dir = testDb.dir;
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: testDb.url,
    LOG_LEVEL: 'silent',
    SECRET: 'test-secret-0123456789abcdef',
    // The lowest cost the app accepts, like the test accounts' hashes (support/auth.ts): scrypt at the
    // production cost (2^17) takes a third of a second and 128 MiB per sign-in.
    PASSWORD_HASH_COST: '10',
    // The app shares its event loop with the test's own setup (seeding thousands of comments, say), which is not
    // load: the overload guard stays off here, and the test of it turns it on.
    MAX_EVENT_LOOP_DELAY_MS: '0',
    ...overrides,
  });
  const db = openDatabase(config.databaseUrl, { poolSize: config.dbPoolSize });
  await migrateToLatest(db);
  const app = await buildApp(config, { db, clock: options.clock ?? (() => TEST_NOW) });
  await app.ready();
  return {
    app,
    db,
    config,
    dir,
    close: async () => {
      await app.close();
      await db.destroy();
      await testDb.dispose();
    },
  };
}
