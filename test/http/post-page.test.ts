import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../support/app.js';
import { createComment, createPost, createRemarks } from '../support/factories.js';

let t: TestContext;
beforeEach(async () => {
  t = await createTestApp({ THREAD_DEPTH: '3' });
});
afterEach(async () => t.close());

describe('GET /', () => {
  it('lists published posts newest first with response counts, and hides drafts', async () => {
    const older = await createPost(t.db, { title: 'Older post' });
    await createPost(t.db, { title: 'Hidden draft', status: 'draft' });
    await createPost(t.db, { title: 'Newer post' });
    await createComment(t.db, older.id);
    await createComment(t.db, older.id, { status: 'pending' });
    const res = await request(t.app.server).get('/').expect(200);
    expect(res.text.indexOf('Newer post')).toBeLessThan(res.text.indexOf('Older post'));
    expect(res.text).not.toContain('Hidden draft');
    expect(res.text).toContain('1 response</a>');
  });
});

describe('GET /posts/:slug', () => {
  it('renders the post, the response heading and nested replies as nested lists', async () => {
    const post = await createPost(t.db, { title: 'Big question' });
    const a = await createComment(t.db, post.id, { name: 'Ana', url: 'https://ana.example' });
    const b = await createComment(t.db, post.id, { parentId: a, depth: 1, name: 'Ben' });
    await createComment(t.db, post.id, { name: 'Held', status: 'pending' });
    const res = await request(t.app.server).get(`/posts/${post.slug}`).expect(200);
    expect(res.text).toContain('2 responses to “Big question”');
    expect(res.text).toMatch(new RegExp(`<li id="comment-${a}"[\\s\\S]*<ol class="children">\\s*<li id="comment-${b}" class="comment level-2"`));
    expect(res.text).toContain('<a href="https://ana.example" rel="nofollow ugc noopener">Ana</a>');
    expect(res.text).toContain(`href="/posts/${post.slug}?replytocom&#x3D;${a}#respond"`);
    expect(res.text).toMatch(/<time datetime="2026-11-20T10:00:00.000Z" title="6 days ago">20 November 2026, 10:00<\/time>/);
    expect(res.text).toMatch(/<img class="avatar" src="\/avatars\/[0-9a-f]{20}\.svg"/);
    expect(res.text).not.toContain('Held');
    expect(res.text).not.toContain('reader@example.test');
  });

  it('shows replies past the visual depth at the last level with "in reply to"', async () => {
    const post = await createPost(t.db);
    let parent: number | null = null;
    const ids: number[] = [];
    for (let depth = 0; depth < 5; depth++) {
      parent = await createComment(t.db, post.id, { parentId: parent, depth, name: `Level${depth}` });
      ids.push(parent);
    }
    const res = await request(t.app.server).get(`/posts/${post.slug}`).expect(200);
    expect(res.text).toContain(`<li id="comment-${ids[4]}" class="comment level-3">`);
    expect(res.text).toContain(`in reply to <a href="#comment-${ids[3]}">Level3</a>`);
    expect(res.text.match(/<ol class="children">/g)).toHaveLength(2);
  });

  it('renders group remarks inside the carrying comment', async () => {
    const post = await createPost(t.db);
    const carrier = await createComment(t.db, post.id, { body: 'Shared from the group:' });
    await createRemarks(t.db, carrier, [
      { author: 'Jo Park', headline: 'Managing Director at Acme', body: 'First remark' },
      { author: 'Ola Nowak', body: 'Second remark 🎉' },
    ]);
    const res = await request(t.app.server).get(`/posts/${post.slug}`).expect(200);
    expect(res.text).toContain('From Test Group on LinkedIn');
    expect(res.text).toContain('<b class="remark-author">Jo Park</b><span class="remark-headline">, Managing Director at Acme</span>');
    expect(res.text).toMatch(/posted 3 days ago \(<time datetime="2026-11-23T12:00:00.000Z" title="3 days ago">23 November 2026<\/time>\)/);
    expect(res.text.indexOf('First remark')).toBeLessThan(res.text.indexOf('Second remark 🎉'));
  });

  it('points the form at a comment with ?replytocom and offers a cancel link', async () => {
    const post = await createPost(t.db);
    const a = await createComment(t.db, post.id, { name: 'Ana' });
    const res = await request(t.app.server).get(`/posts/${post.slug}?replytocom=${a}`).expect(200);
    expect(res.text).toContain(`Replying to <a href="#comment-${a}">Ana</a>`);
    expect(res.text).toContain(`<a id="cancel-reply" href="/posts/${post.slug}#respond">Cancel reply</a>`);
    expect(res.text).toContain(`name="parent_id" id="parent_id" value="${a}"`);
  });

  it.each([
    ['/posts/no-such-post', 404],
    ['/posts/UPPER', 404],
    ['/posts/%00', 404],
    [`/posts/${'a'.repeat(400)}`, 404],
    ['/posts/x/extra', 404],
    ['/nowhere', 404],
  ])('%s answers %i with a page', async (url, status) => {
    const res = await request(t.app.server).get(url).expect(status);
    expect(res.headers['content-type']).toMatch(/text\/html/);
  });

  it.each(['abc', '-1', '0', '99999999999', '1.5'])('a malformed replytocom=%s is a 400 page', async (value) => {
    const post = await createPost(t.db);
    const res = await request(t.app.server).get(`/posts/${post.slug}?replytocom=${value}`).expect(400);
    expect(res.text).toContain('That request could not be read');
  });

  it('ignores a replytocom id from another post', async () => {
    const post = await createPost(t.db);
    const other = await createPost(t.db);
    const foreign = await createComment(t.db, other.id, { name: 'Elsewhere' });
    const res = await request(t.app.server).get(`/posts/${post.slug}?replytocom=${foreign}`).expect(200);
    expect(res.text).toContain('Leave a Reply');
  });

  it('does not show drafts', async () => {
    const draft = await createPost(t.db, { status: 'draft' });
    await request(t.app.server).get(`/posts/${draft.slug}`).expect(404);
  });
});

describe('GET /api/posts/:slug', () => {
  it('returns the post, the nested tree at true depth and remarks, with stable names', async () => {
    const post = await createPost(t.db, { title: 'API post' });
    let parent: number | null = null;
    for (let depth = 0; depth < 5; depth++) parent = await createComment(t.db, post.id, { parentId: parent, depth });
    const carrier = await createComment(t.db, post.id);
    await createRemarks(t.db, carrier, [{ author: 'Jo Park', body: 'A remark' }]);
    const res = await request(t.app.server).get(`/api/posts/${post.slug}`).expect(200);
    expect(res.body.post).toMatchObject({ slug: post.slug, title: 'API post', subject: { name: 'Jamie Rivera', aliases: ['Rivera', 'Jamie'] } });
    expect(res.body.response_count).toBe(6);
    let node = res.body.comments[0];
    for (let depth = 0; depth < 4; depth++) node = node.replies[0];
    expect(node.depth).toBe(4);
    expect(Object.keys(res.body.comments[0]).sort()).toEqual([
      'author',
      'body_html',
      'created_at',
      'depth',
      'edited_at',
      'id',
      'parent_id',
      'remarks',
      'replies',
    ]);
    expect(res.body.comments[1].remarks[0]).toMatchObject({
      source_group: 'Test Group on LinkedIn',
      author_name: 'Jo Park',
      posted_at: '2026-11-23T12:00:00.000Z',
    });
    expect(JSON.stringify(res.body)).not.toContain('reader@example.test');
  });

  it('answers JSON 404 for an unknown post', async () => {
    const res = await request(t.app.server).get('/api/posts/nope').expect(404);
    expect(res.body).toEqual({ error: 'There is no post at this address.', code: 'not_found' });
  });
});

describe('GET /avatars/:key.svg', () => {
  it('draws an identicon and refuses other names', async () => {
    const res = await request(t.app.server).get('/avatars/0123456789abcdef0123.svg').expect(200);
    expect(res.headers['content-type']).toMatch(/image\/svg\+xml/);
    await request(t.app.server).get('/avatars/..%2F..%2Fetc%2Fpasswd').expect(404);
  });
});
