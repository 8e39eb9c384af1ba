// The one ancestor walk that permalinks and the stance service share: one recursive query on either engine.
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listCommentChain } from '../../server/comment/comment.repository.js';
import { createTestApp, type TestContext } from '../support/app.js';
import { createComment, createPost } from '../support/factories.js';

let t: TestContext;
let post: { id: number; slug: string };
let tops: number[];
/** A reply chain under the second top-level comment, chain[0] answering it, chain[i] answering chain[i - 1]. */
let chain: number[];
const CHAIN_LENGTH = 130;

beforeEach(async () => {
  t = await createTestApp({ COMMENTS_PER_PAGE: '1' });
  post = await createPost(t.db);
  tops = [await createComment(t.db, post.id, { name: 'First' }), await createComment(t.db, post.id, { name: 'Second' })];
  chain = [];
  let parent = tops[1]!;
  for (let i = 0; i < CHAIN_LENGTH; i++) chain.push((parent = await createComment(t.db, post.id, { parentId: parent, depth: i + 1, name: `Link ${i}` })));
});
afterEach(async () => t.close());

describe('listCommentChain', () => {
  it('lists a comment and its ancestors nearest first, in any status, up to the limit', async () => {
    await t.db.updateTable('comments').set({ status: 'trash' }).where('id', '=', chain[2]!).execute();
    const links = await listCommentChain(t.db, chain[4]!, 100);
    expect(links.map((l) => l.id)).toEqual([chain[4], chain[3], chain[2], chain[1], chain[0], tops[1]]);
    expect(links.map((l) => l.status)).toEqual(['approved', 'approved', 'trash', 'approved', 'approved', 'approved']);
    expect(links[0]).toMatchObject({ parent_id: chain[3], author_name: 'Link 4' });
    expect(links.at(-1)).toMatchObject({ parent_id: null, author_name: 'Second' });
    expect((await listCommentChain(t.db, chain[CHAIN_LENGTH - 1]!, 50)).map((l) => l.id)).toEqual(chain.slice(-50).reverse());
    expect(await listCommentChain(t.db, 999_999, 10)).toEqual([]);
  });
});

describe('a permalink at the end of a long reply chain', () => {
  const permalink = (id: number) => request(t.app.server).get(`/posts/${post.slug}/comments/${id}`).expect(303);

  it('lands on the page of the top-level ancestor', async () => {
    expect((await permalink(chain[60]!)).headers.location).toBe(`/posts/${post.slug}?cpage=2#comment-${chain[60]}`);
  });

  it("keeps a removed ancestor in place: the reply below it stays on its thread's page, under a placeholder", async () => {
    await t.db.updateTable('comments').set({ status: 'trash' }).where('id', '=', chain[10]!).execute();
    const res = await permalink(chain[50]!);
    expect(res.headers.location).toBe(`/posts/${post.slug}?cpage=2#comment-${chain[50]}`);
    const page = await request(t.app.server).get(res.headers.location!.replace(/#.*/, '')).expect(200);
    expect(page.text).toContain(`<li id="comment-${chain[50]}"`);
    expect(page.text).toMatch(new RegExp(`<li id="comment-${chain[10]}"[^>]*>\\s*<article class="comment-body comment-removed"`));
  });

  it('counts a removed top-level comment whose replies are shown as a thread of its own, and one without as none', async () => {
    await t.db.updateTable('comments').set({ status: 'spam' }).where('id', '=', tops[0]!).execute();
    expect((await permalink(chain[5]!)).headers.location).toBe(`/posts/${post.slug}#comment-${chain[5]}`);
    await createComment(t.db, post.id, { parentId: tops[0]!, depth: 1, name: 'Answer to spam' });
    expect((await permalink(chain[5]!)).headers.location).toBe(`/posts/${post.slug}?cpage=2#comment-${chain[5]}`);
  });

  it('climbs at most 100 hops', async () => {
    // 129 hops from the last link to the top: the walk ends at chain[29], counted as if it stood at the top.
    const res = await permalink(chain[CHAIN_LENGTH - 1]!);
    expect(res.headers.location).toBe(`/posts/${post.slug}?cpage=3#comment-${chain[CHAIN_LENGTH - 1]}`);
  });
});
