import { afterEach, describe, expect, it } from 'vitest';
import { ensureAdmin } from '../../server/auth/auth.service.js';
import { createComment } from '../../server/thread/new-comment.service.js';
import { openDatabase, type Db } from '../../server/db/database.js';
import { migrateToLatest } from '../../server/db/migrator.js';
import { seedDemoIfEmpty } from '../../server/seed/seed.service.js';
import { createPost } from '../support/factories.js';
import { createTestDatabase, TEST_ENGINE, type TestDatabase } from '../support/test-db.js';

// Several instances start at the same moment against one database: each checks "is the site empty?"
// then writes. Two pools stand for two processes here. Not on SQLite: two better-sqlite3 connections
// in one thread deadlock (one waits synchronously for a lock the other can only release by running).

let testDb: TestDatabase | undefined;
let dbs: Db[] = [];
afterEach(async () => {
  for (const db of dbs) await db.destroy();
  dbs = [];
  await testDb?.dispose();
  testDb = undefined;
});

async function twoInstances(): Promise<[Db, Db]> {
  testDb = await createTestDatabase('start');
  dbs = [openDatabase(testDb.url), openDatabase(testDb.url)];
  await Promise.all(dbs.map((db) => migrateToLatest(db)));
  return [dbs[0]!, dbs[1]!];
}

describe.skipIf(TEST_ENGINE === 'sqlite')('instances starting together (PostgreSQL only: one SQLite thread cannot play two processes)', () => {
  it('migrate, seed the demo once and create one first admin', async () => {
    const [a, b] = await twoInstances();
    const now = new Date('2026-11-26T12:00:00.000Z');
    const seeded = await Promise.all([seedDemoIfEmpty(a, now), seedDemoIfEmpty(b, now)]);
    expect(seeded.filter(Boolean)).toHaveLength(1);
    const admins = await Promise.all([a, b, a].map((db) => ensureAdmin(db, { now, passwordHashCost: 10 })));
    expect(admins.filter((x) => x !== null)).toHaveLength(1);
    expect(await a.selectFrom('users').select('id').where('role', '=', 'admin').execute()).toHaveLength(1);
    expect(await b.selectFrom('posts').select('id').execute()).toHaveLength(1);
  });
});

describe(`concurrent writers on one post (${TEST_ENGINE})`, () => {
  it('thirty comments sent at once are all stored', async () => {
    testDb = await createTestDatabase('busy');
    const db = openDatabase(testDb.url, { poolSize: 10 });
    dbs = [db];
    await migrateToLatest(db);
    const post = await createPost(db);
    const input = (n: number) => ({
      postId: post.id,
      parentId: null,
      authorName: 'Reader',
      authorEmail: 'r@example.test',
      authorUrl: null,
      body: `Comment ${n}`,
      selfStance: null,
      ipHash: null,
    });
    // Each comment also updates its post's row (thread_version): the writers must queue, not fail.
    const results = await Promise.allSettled(
      Array.from({ length: 30 }, (_, n) => createComment(db, input(n), { now: () => new Date('2026-11-26T12:00:00.000Z') })),
    );
    expect(results.filter((r) => r.status === 'rejected').map((r) => String(r.reason))).toEqual([]);
    expect(await db.selectFrom('comments').select('id').where('post_id', '=', post.id).execute()).toHaveLength(30);
  });
});
