import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withWriteTransaction, type Db } from '../../server/db/database.js';
import { createTestApp, type TestContext } from '../support/app.js';
import { createComment, createPost } from '../support/factories.js';
import { TEST_ENGINE } from '../support/test-db.js';

// A full disk, for real: PRAGMA max_page_count caps this connection's database file at its current
// size, and SQLite then refuses to grow it with the same SQLITE_FULL a full disk gives. (A small
// filesystem would need root to mount; this runs anywhere CI does.)

let t: TestContext;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => t.close());

/** Caps the file at the size it has now; returns how to lift the cap. */
async function fillDisk(db: Db): Promise<() => Promise<void>> {
  const { rows } = await sql<{ page_count: number }>`pragma page_count`.execute(db);
  await sql.raw(`pragma max_page_count = ${rows[0]!.page_count}`).execute(db);
  return async () => void (await sql.raw('pragma max_page_count = 1073741823').execute(db));
}

const errorCode = (outcome: PromiseSettledResult<unknown>) =>
  outcome.status === 'rejected' ? `${(outcome.reason as { code?: string }).code}: ${(outcome.reason as Error).message}` : 'stored';

describe.skipIf(TEST_ENGINE === 'postgres')('SQLite write transactions on a full disk', () => {
  it('give every job of a batch that SQLite rolled back whole the real error, SQLITE_FULL', async () => {
    const post = await createPost(t.db);
    // A single-row insert into a table without triggers runs without a statement journal: when it
    // cannot grow the file, SQLite undoes the whole transaction, as it does when COMMIT meets a full disk.
    await sql`create table filler (body text)`.execute(t.db);
    const unfill = await fillDisk(t.db);
    const outcomes = await Promise.allSettled([
      withWriteTransaction(t.db, (tx) => createComment(tx as Db, post.id, { body: 'written first, undone with the rest' })),
      withWriteTransaction(t.db, async (tx) => sql`insert into filler (body) values (${'x'.repeat(200_000)})`.execute(tx)),
      withWriteTransaction(t.db, (tx) => createComment(tx as Db, post.id, { body: 'queued behind it' })),
    ]);
    expect(outcomes.map(errorCode)).toEqual([
      'SQLITE_FULL: database or disk is full',
      'SQLITE_FULL: database or disk is full',
      'SQLITE_FULL: database or disk is full',
    ]);
    expect(await t.db.selectFrom('comments').select('id').execute()).toEqual([]);
    // The connection is left fit for the next write once there is room again.
    await unfill();
    await withWriteTransaction(t.db, (tx) => createComment(tx as Db, post.id, { body: 'after' }));
    expect((await t.db.selectFrom('comments').select('body_raw').execute()).map((r) => r.body_raw)).toEqual(['after']);
  });

  it('fail only the job that could not be stored when SQLite undid just its statement', async () => {
    const post = await createPost(t.db);
    const unfill = await fillDisk(t.db);
    const outcomes = await Promise.allSettled([
      withWriteTransaction(t.db, (tx) => createComment(tx as Db, post.id, { body: 'short' })),
      withWriteTransaction(t.db, (tx) => createComment(tx as Db, post.id, { body: 'long '.repeat(13_000) })),
    ]);
    expect(outcomes.map(errorCode)).toEqual(['stored', 'SQLITE_FULL: database or disk is full']);
    await unfill();
    expect((await t.db.selectFrom('comments').select('body_raw').execute()).map((r) => r.body_raw)).toEqual(['short']);
  });
});
