import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { listTables } from '../../server/db/db-tables.js';
import { openDatabase, type Db } from '../../server/db/database.js';
import { migrateAllDown, migrateToLatest } from '../../server/db/migrator.js';
import { createComment, createPost } from '../support/factories.js';
import { createTestDatabase, TEST_ENGINE, type TestDatabase } from '../support/test-db.js';

let db: Db | undefined;
let testDb: TestDatabase | undefined;
afterEach(async () => {
  await db?.destroy();
  await testDb?.dispose();
  db = undefined;
  testDb = undefined;
});

async function freshDb(): Promise<Db> {
  testDb = await createTestDatabase('mig');
  db = openDatabase(testDb.url);
  return db;
}

/** Tables of this test's own database (on PostgreSQL, its own schema only). */
async function tableNames(d: Db): Promise<string[]> {
  return (await listTables(d)).map((t) => t.name).sort();
}

describe('migrations', () => {
  it('go up to latest and all the way down, twice', async () => {
    const d = await freshDb();
    for (let round = 0; round < 2; round++) {
      await migrateToLatest(d);
      expect(await tableNames(d)).toEqual(expect.arrayContaining(['comments', 'group_remarks', 'posts', 'stance_labels', 'stance_models', 'users']));
      await migrateAllDown(d);
      expect(await tableNames(d)).toEqual([]);
    }
  });

  // Pragmas are SQLite's own; PostgreSQL has durable commits and enforced foreign keys by design.
  it.skipIf(TEST_ENGINE === 'postgres')('open SQLite in WAL mode with foreign keys and a busy timeout (SQLite only: PostgreSQL has no pragmas)', async () => {
    const d = await freshDb();
    const pragma = async (name: string) => (await sql.raw(`pragma ${name}`).execute(d)).rows[0] as Record<string, unknown>;
    expect(Object.values(await pragma('journal_mode'))[0]).toBe('wal');
    expect(Object.values(await pragma('foreign_keys'))[0]).toBe(1);
    expect(Object.values(await pragma('synchronous'))[0]).toBe(2);
    expect(Number(Object.values(await pragma('busy_timeout'))[0])).toBeGreaterThan(0);
  });

  it('enforce the constraints the app relies on', async () => {
    const d = await freshDb();
    await migrateToLatest(d);
    const post = await createPost(d);
    const comment = await createComment(d, post.id);
    await expect(createComment(d, 999_999)).rejects.toThrow(/foreign key/i);
    await expect(createComment(d, post.id, { parentId: 999_999 })).rejects.toThrow(/foreign key/i);
    await expect(createComment(d, post.id, { status: 'bogus' as 'approved' })).rejects.toThrow(/check/i);
    await expect(
      d
        .insertInto('stance_labels')
        .values({ comment_id: comment, remark_id: null, label: 'pro', source: 'auto', confidence: 2, cues: '[]', created_by: null, created_at: 'x' })
        .execute(),
    ).rejects.toThrow(/check/i);
    await expect(
      d
        .insertInto('stance_labels')
        .values({ comment_id: null, remark_id: null, label: 'pro', source: 'auto', confidence: 0.5, cues: '[]', created_by: null, created_at: 'x' })
        .execute(),
    ).rejects.toThrow(/check/i);
  });
});
