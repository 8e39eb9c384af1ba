import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compileOnce } from '../../server/db/compile-once.js';
import { withWriteTransaction } from '../../server/db/database.js';
import { createTestApp, type TestContext } from '../support/app.js';
import { createComment, createPost } from '../support/factories.js';

let t: TestContext;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => t.close());

describe('compileOnce', () => {
  it('runs the compiled query with each call’s values, on the database and inside a transaction', async () => {
    const post = await createPost(t.db);
    const first = await createComment(t.db, post.id, { body: 'first', name: 'Ada' });
    await createComment(t.db, post.id, { body: 'second', name: 'Bo' });
    let builds = 0;
    const byBody = compileOnce(
      (db, postId: number, body: string) => {
        builds += 1;
        return db.selectFrom('comments').select(['id', 'author_name']).where('post_id', '=', postId).where('body_raw', '=', body);
      },
      [-1, '\u0000body'],
    );

    expect(await byBody(t.db, post.id, 'first')).toEqual([{ id: first, author_name: 'Ada' }]);
    expect((await byBody(t.db, post.id, 'second')).map((r) => r.author_name)).toEqual(['Bo']);
    expect(await byBody(t.db, post.id + 1, 'first')).toEqual([]);
    const inTransaction = await withWriteTransaction(t.db, (tx) => byBody(tx, post.id, 'second'));
    expect(inTransaction.map((r) => r.author_name)).toEqual(['Bo']);
    expect(builds).toBe(1);
  });

  it('refuses a placeholder that does not become exactly one parameter', async () => {
    const twice = compileOnce(
      (db, body: string) => db.selectFrom('comments').select('id').where('body_raw', '=', body).where('author_name', '=', body),
      ['\u0000x'],
    );
    await expect(twice(t.db, 'a')).rejects.toThrow(/each placeholder must appear once/);
    const unused = compileOnce((db, _body: string) => db.selectFrom('comments').select('id'), ['\u0000y']);
    await expect(unused(t.db, 'a')).rejects.toThrow(/each placeholder must appear once/);
  });
});
