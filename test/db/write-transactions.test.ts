import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withWriteTransaction } from '../../server/db/database.js';
import { createTestApp, type TestContext } from '../support/app.js';
import { createComment, createPost } from '../support/factories.js';
import { TEST_ENGINE } from '../support/test-db.js';

let t: TestContext;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => t.close());

const bodies = async (postId: number) =>
  (await t.db.selectFrom('comments').select('body_raw').where('post_id', '=', postId).orderBy('id').execute()).map((r) => r.body_raw);

describe('concurrent write transactions', () => {
  it('each commit or fail alone, even when they share a commit', async () => {
    const post = await createPost(t.db);
    const outcomes = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) =>
        withWriteTransaction(t.db, async (tx) => {
          await createComment(tx, post.id, { body: `comment ${i}` });
          if (i % 4 === 3) throw new Error(`job ${i} refused`);
          return i;
        }),
      ),
    );
    expect(outcomes.map((o) => (o.status === 'fulfilled' ? o.value : (o.reason as Error).message))).toEqual([
      0,
      1,
      2,
      'job 3 refused',
      4,
      5,
      6,
      'job 7 refused',
      8,
      9,
      10,
      'job 11 refused',
    ]);
    // PostgreSQL runs them side by side, so ids need not follow the order they were asked in.
    expect((await bodies(post.id)).sort()).toEqual([0, 1, 10, 2, 4, 5, 6, 8, 9].map((i) => `comment ${i}`));
  });

  // SQLite runs them one after another in one transaction; PostgreSQL runs them side by side.
  it.skipIf(TEST_ENGINE === 'postgres')('let a later job see what an earlier one wrote, in order', async () => {
    const post = await createPost(t.db);
    const seen = await Promise.all(
      [0, 1, 2].map((i) =>
        withWriteTransaction(t.db, async (tx) => {
          await createComment(tx, post.id, { body: `step ${i}` });
          return (await tx.selectFrom('comments').select('id').where('post_id', '=', post.id).execute()).length;
        }),
      ),
    );
    expect(seen).toEqual([1, 2, 3]);
  });

  it('keep working after a job fails', async () => {
    const post = await createPost(t.db);
    await expect(withWriteTransaction(t.db, async () => Promise.reject(new Error('no')))).rejects.toThrow('no');
    await withWriteTransaction(t.db, async (tx) => createComment(tx as typeof t.db, post.id, { body: 'after' }));
    expect(await bodies(post.id)).toEqual(['after']);
  });
});
