import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../support/app.js';
import { visitorAgent } from '../support/auth.js';
import { createComment, createPost, formBody } from '../support/factories.js';

let t: TestContext;
let post: { id: number; slug: string };
/** Top-level a, b, c, d, e (two a page: pages [a b] [c d] [e]); b has a reply chain b1 > b2; d has d1. */
let ids: Record<string, number>;

beforeEach(async () => {
  t = await createTestApp({ COMMENTS_PER_PAGE: '2', THREAD_DEPTH: '3' });
  post = await createPost(t.db, { title: 'Long thread' });
  ids = {};
  for (const key of ['a', 'b', 'c', 'd', 'e']) ids[key] = await createComment(t.db, post.id, { name: `Top ${key}` });
  ids.b1 = await createComment(t.db, post.id, { parentId: ids.b, depth: 1, name: 'Bea' });
  ids.b2 = await createComment(t.db, post.id, { parentId: ids.b1, depth: 2, name: 'Cal' });
  ids.d1 = await createComment(t.db, post.id, { parentId: ids.d, depth: 1, name: 'Dee' });
});
afterEach(async () => t.close());

const get = (query = '') => request(t.app.server).get(`/posts/${post.slug}${query}`);
const commentIds = (html: string) => [...html.matchAll(/<li id="comment-(\d+)"/g)].map((m) => Number(m[1]));

describe('GET /posts/:slug?cpage=N', () => {
  it('shows one page of top-level comments with all their nested replies', async () => {
    const first = await get().expect(200);
    expect(commentIds(first.text)).toEqual([ids.a, ids.b, ids.b1, ids.b2]);
    const second = await get('?cpage=2').expect(200);
    expect(commentIds(second.text)).toEqual([ids.c, ids.d, ids.d1]);
    expect(commentIds((await get('?cpage=3').expect(200)).text)).toEqual([ids.e]);
    expect(second.text).toContain('8 responses to “Long thread”');
    expect(second.text).toContain('<title>Long thread (comments page 2)');
  });

  it('links the pages with rel=prev and rel=next and marks the current one', async () => {
    const res = await get('?cpage=2').expect(200);
    expect(res.text).toContain('<nav class="comment-pages" aria-label="Comments page 2 of 3">');
    expect(res.text).toContain(`<a rel="prev" href="/posts/${post.slug}#comments">`);
    expect(res.text).toContain(`<a rel="next" href="/posts/${post.slug}?cpage&#x3D;3#comments">`);
    expect(res.text).toMatch(/aria-current="page"><span class="visually-hidden">Page <\/span>2<\/a>/);
    const first = await get().expect(200);
    expect(first.text).not.toContain('rel="prev"');
  });

  it('prints no page navigation when one page holds the thread', async () => {
    const small = await createPost(t.db);
    await createComment(t.db, small.id);
    const res = await request(t.app.server).get(`/posts/${small.slug}`).expect(200);
    expect(res.text).not.toContain('class="comment-pages"');
  });

  it.each([
    ['?cpage=0', 400],
    ['?cpage=abc', 400],
    ['?cpage=-1', 400],
    ['?cpage=1.5', 400],
    ['?cpage=9999999', 400],
    ['?cpage=1&cpage=2', 400],
    ['?view=nested', 400],
    ['?cpage=4', 404],
    ['?cpage=', 200],
    ['?cpage=3&utm_source=x', 200],
  ])('%s answers %i', async (query, status) => {
    const res = await get(query);
    expect(res.status).toBe(status);
    if (status === 400) expect(res.text).toContain('That request could not be read');
  });

  it('puts the reply form on the page of its target, whatever page the URL named', async () => {
    const res = await get(`?replytocom=${ids.d1}`).expect(200);
    expect(commentIds(res.text)).toContain(ids.d1);
    expect(res.text).toContain(`action="/posts/${post.slug}/comments?cpage&#x3D;2#respond"`);
    expect(res.text).toContain(`href="/posts/${post.slug}?cpage&#x3D;2&amp;replytocom&#x3D;${ids.d1}#respond"`);
  });
});

describe('GET /posts/:slug/comments/:id', () => {
  it('303s to the page and anchor that show the comment', async () => {
    const res = await get(`/comments/${ids.d1}`).expect(303);
    expect(res.headers.location).toBe(`/posts/${post.slug}?cpage=2#comment-${ids.d1}`);
    expect((await get(`/comments/${ids.a}`).expect(303)).headers.location).toBe(`/posts/${post.slug}#comment-${ids.a}`);
  });

  it('answers 404 for a held comment, one of another post, or none, and 400 for a malformed id', async () => {
    const held = await createComment(t.db, post.id, { status: 'pending' });
    const other = await createPost(t.db);
    const elsewhere = await createComment(t.db, other.id);
    await get(`/comments/${held}`).expect(404);
    await get(`/comments/${elsewhere}`).expect(404);
    await get('/comments/99999').expect(404);
    await get('/comments/abc').expect(400);
  });

  it('is where the page points reply.js for a #comment-ID it does not hold', async () => {
    const res = await get().expect(200);
    expect(res.text).toContain(`data-comment-link-base="/posts/${post.slug}/comments/"`);
  });
});

describe('collapsible sub-threads and the top-level view', () => {
  it("wraps each comment's replies in an open <details> whose summary counts them", async () => {
    const res = await get().expect(200);
    expect(res.text).toMatch(
      new RegExp(
        `<details class="replies" open>\\s*<summary class="replies-summary">2 replies to Top b</summary>\\s*<ol class="children">\\s*<li id="comment-${ids.b1}"`,
      ),
    );
    expect(res.text).toContain('<summary class="replies-summary">1 reply to Bea</summary>');
    expect(res.text.match(/<details/g)).toHaveLength(2);
  });

  it('announces level and addressee of each comment', async () => {
    const res = await get().expect(200);
    expect(res.text).toContain('aria-label="Comment by Top a, level 1"');
    expect(res.text).toContain('aria-label="Reply by Bea to Top b, level 2"');
    expect(res.text).toContain('aria-label="Reply by Cal to Bea, level 3"');
  });

  it('?view=top shows top-level comments only, with reply counts linking to the full page', async () => {
    const res = await get('?view=top&cpage=2').expect(200);
    expect(commentIds(res.text)).toEqual([ids.c, ids.d]);
    expect(res.text).not.toContain('<details');
    expect(res.text).toContain(`<a class="replies-link" href="/posts/${post.slug}?cpage&#x3D;2#comment-${ids.d}">Read 1 reply to Top d</a>`);
    expect(res.text).toContain(`<a href="/posts/${post.slug}?view&#x3D;top&amp;cpage&#x3D;2#comments" aria-current="page">Top-level only</a>`);
    expect(res.text).toContain(`<a rel="next" href="/posts/${post.slug}?view&#x3D;top&amp;cpage&#x3D;3#comments">`);
  });
});

describe('POST /posts/:slug/comments lands on the right page', () => {
  let replies = 0;
  async function postReply(parentId: string, action = `/posts/${post.slug}/comments`) {
    const { agent, csrf } = await visitorAgent(t.app);
    // A different text each time: the same text twice from one email is refused as a duplicate (409).
    replies += 1;
    const fields = { author_name: 'Rosa', author_email: 'rosa@example.test', author_url: '', body: `Deep answer ${replies}.`, parent_id: parentId, stance: '' };
    return agent
      .post(action)
      .type('form')
      .send(formBody({ ...fields, _csrf: csrf }));
  }

  it('303s a nested reply to the page of its top-level ancestor', async () => {
    const res = await postReply(String(ids.d1));
    expect(res.status).toBe(303);
    const row = await t.db.selectFrom('comments').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(res.headers.location).toBe(`/posts/${post.slug}?cpage=2#comment-${row.id}`);
    expect(commentIds((await get('?cpage=2').expect(200)).text)).toContain(row.id);
  });

  it('303s a new top-level comment to the last page, which may be a new one', async () => {
    await postReply('');
    const res = await postReply('');
    expect(res.status).toBe(303);
    const row = await t.db.selectFrom('comments').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(res.headers.location).toBe(`/posts/${post.slug}?cpage=4#comment-${row.id}`);
  });

  it('re-renders a refused form on the page its action named, text kept', async () => {
    const { agent, csrf } = await visitorAgent(t.app);
    const res = await agent
      .post(`/posts/${post.slug}/comments?cpage=3`)
      .type('form')
      .send(formBody({ author_name: '', author_email: 'rosa@example.test', author_url: '', body: 'Kept text', parent_id: '', stance: '', _csrf: csrf }))
      .expect(422);
    expect(commentIds(res.text)).toEqual([ids.e]);
    expect(res.text).toContain('Kept text</textarea>');
  });

  it('re-renders a refused form on the first page when its page is gone, text kept', async () => {
    const { agent, csrf } = await visitorAgent(t.app);
    const fields = { author_name: '', author_email: 'rosa@example.test', author_url: '', body: 'Kept on a page that went away', parent_id: '', stance: '' };
    const refused = await agent
      .post(`/posts/${post.slug}/comments?cpage=9`)
      .type('form')
      .send(formBody({ ...fields, _csrf: csrf }))
      .expect(422);
    expect(commentIds(refused.text)).toEqual([ids.a, ids.b, ids.b1, ids.b2]);
    expect(refused.text).toContain('Kept on a page that went away</textarea>');
    const expired = await agent
      .post(`/posts/${post.slug}/comments?cpage=9`)
      .type('form')
      .send(formBody({ ...fields, _csrf: 'stale' }))
      .expect(403);
    expect(expired.text).toContain('Kept on a page that went away</textarea>');
  });
});
