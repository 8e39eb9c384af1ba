import zlib from 'node:zlib';
import { sql } from 'kysely';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../support/app.js';
import { TEST_ENGINE } from '../support/test-db.js';
import { createComment, createPost, createRemarks } from '../support/factories.js';
import { signInAs } from '../support/auth.js';
import { csrfTokenFor } from '../../server/plugins/security.js';

let t: TestContext;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => t.close());

const page = async (slug: string) => (await request(t.app.server).get(`/posts/${slug}`).expect(200)).text;

describe('the thread cache', () => {
  it('serves a rendered thread again until the thread version moves', async () => {
    const post = await createPost(t.db);
    const id = await createComment(t.db, post.id, { body: 'Cached words' });
    expect(await page(post.slug)).toContain('Cached words');
    // Sneak a change past the triggers: a cache hit still shows the old render...
    const trigger = TEST_ENGINE === 'postgres' ? sql`drop trigger comments_bump_thread on comments` : sql`drop trigger comments_bump_thread_upd`;
    await trigger.execute(t.db);
    await t.db.updateTable('comments').set({ body_html: '<p>Sneaky words</p>' }).where('id', '=', id).execute();
    expect(await page(post.slug)).toContain('Cached words');
    // ...and a new version renders afresh.
    await t.db.updateTable('posts').set({ thread_version: 99 }).where('id', '=', post.id).execute();
    expect(await page(post.slug)).toContain('Sneaky words');
  });
});

describe('the cached thread follows every change, whoever writes it', () => {
  it('shows comments, edits, status changes, remarks and labels written straight to the database', async () => {
    const post = await createPost(t.db);
    const first = await createComment(t.db, post.id, { body: 'Original words' });
    expect(await page(post.slug)).toContain('Original words');

    await createComment(t.db, post.id, { body: 'A later comment' });
    expect(await page(post.slug)).toContain('A later comment');

    await t.db.updateTable('comments').set({ body_html: '<p>Edited words</p>' }).where('id', '=', first).execute();
    let html = await page(post.slug);
    expect(html).toContain('Edited words');
    expect(html).not.toContain('Original words');

    await t.db.updateTable('comments').set({ status: 'trash' }).where('id', '=', first).execute();
    expect(await page(post.slug)).not.toContain('Edited words');

    const carrier = await createComment(t.db, post.id, { body: 'Carrier' });
    await createRemarks(t.db, carrier, [{ author: 'Remy', body: 'A remark' }]);
    expect(await page(post.slug)).toContain('A remark');
    await t.db.updateTable('group_remarks').set({ body_html: '<p>Changed remark</p>' }).execute();
    expect(await page(post.slug)).toContain('Changed remark');

    html = await page(post.slug);
    expect(html).toContain('<strong>0</strong> confirmed by moderators');
    await t.db
      .insertInto('stance_labels')
      .values({
        comment_id: carrier,
        remark_id: null,
        label: 'against',
        source: 'moderator',
        confidence: 1,
        cues: '[]',
        created_by: null,
        created_at: '2026-11-26T12:00:00.000Z',
      })
      .execute();
    expect(await page(post.slug)).toContain('<strong>1</strong> confirmed by moderators');
  });
});

describe('the cached page', () => {
  const tokenIn = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  const visitorIn = (res: request.Response) => /rj_visitor=([^;]+)/.exec(String(res.headers['set-cookie']))?.[1];

  it('gives every reader their own CSRF token, matching their own visitor cookie', async () => {
    const post = await createPost(t.db);
    const [a, b] = [await request(t.app.server).get(`/posts/${post.slug}`), await request(t.app.server).get(`/posts/${post.slug}`)];
    const [visitorA, visitorB] = [visitorIn(a), visitorIn(b)];
    expect(visitorA).toBeTruthy();
    expect(visitorA).not.toBe(visitorB);
    expect(tokenIn(a.text)).toBe(csrfTokenFor(t.config.secret, visitorA!));
    expect(tokenIn(b.text)).toBe(csrfTokenFor(t.config.secret, visitorB!));
  });

  it('gives each of many readers at once their own token over real sockets', async () => {
    const post = await createPost(t.db);
    const responses = await Promise.all(Array.from({ length: 24 }, () => request(t.app.server).get(`/posts/${post.slug}`)));
    const tokens = responses.map((res) => tokenIn(res.text));
    expect(new Set(tokens).size).toBe(24);
    for (const res of responses) expect(tokenIn(res.text)).toBe(csrfTokenFor(t.config.secret, visitorIn(res)!));
  });

  it('shows staff their bar even when anonymous readers filled the cache first', async () => {
    const post = await createPost(t.db);
    expect(await page(post.slug)).not.toContain('class="staff-nav"');
    const { agent } = await signInAs(t.app, t.db, 'moderator');
    expect((await agent.get(`/posts/${post.slug}`).expect(200)).text).toContain('class="staff-nav"');
    expect(await page(post.slug)).not.toContain('class="staff-nav"');
  });
});

describe('relative times in a cached page', () => {
  it('are rendered afresh once they would read differently, with no change to the thread', async () => {
    let now = new Date('2026-11-26T12:00:00.000Z');
    const timed = await createTestApp({}, { clock: () => now });
    try {
      const post = await createPost(timed.db);
      await createComment(timed.db, post.id, { body: 'Fresh words' });
      await timed.db.updateTable('comments').set({ created_at: '2026-11-26T11:59:30.000Z' }).execute();
      const get = async () => (await request(timed.app.server).get(`/posts/${post.slug}`).expect(200)).text;
      expect(await get()).toContain('title="just now"');
      now = new Date('2026-11-26T12:00:29.000Z');
      expect(await get()).toContain('title="just now"');
      now = new Date('2026-11-26T12:00:30.000Z');
      expect(await get()).toContain('title="1 minute ago"');
    } finally {
      await timed.close();
    }
  });
});

describe('the cached page over the wire', () => {
  const tokenIn = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  const visitorOf = (setCookie: unknown) => /rj_visitor=([^;]+)/.exec(String(setCookie))?.[1];

  it('is gzipped for a browser that accepts it, and still carries that reader’s own token', async () => {
    const post = await createPost(t.db);
    await createComment(t.db, post.id, { body: 'Words worth squeezing' });
    const plain = await t.app.inject({ url: `/posts/${post.slug}` });
    const res = await t.app.inject({ url: `/posts/${post.slug}`, headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.headers.vary).toContain('Accept-Encoding');
    expect(Number(res.headers['content-length'])).toBe(res.rawPayload.length);
    const html = zlib.gunzipSync(res.rawPayload).toString('utf8');
    const token = tokenIn(html);
    expect(token).toBe(csrfTokenFor(t.config.secret, visitorOf(res.headers['set-cookie'])!));
    // The token is in the comment form and in the vote form.
    expect(html.replaceAll(token!, 'TOKEN')).toBe(plain.body.replaceAll(tokenIn(plain.body)!, 'TOKEN'));
    expect(plain.headers['content-encoding']).toBeUndefined();
  });

  it('sends a long page whole, with its length', async () => {
    const post = await createPost(t.db);
    for (let i = 0; i < 40; i++) await createComment(t.db, post.id, { body: `Comment ${i}: ${'a long line of argument '.repeat(400)}` });
    for (const headers of [{}, { 'accept-encoding': 'gzip' }]) {
      const res = await t.app.inject({ url: `/posts/${post.slug}`, headers });
      expect(Number(res.headers['content-length'])).toBe(res.rawPayload.length);
      const html = res.headers['content-encoding'] === 'gzip' ? zlib.gunzipSync(res.rawPayload).toString('utf8') : res.body;
      expect(html.length).toBeGreaterThan(256 * 1024);
      expect(html.match(/<li id="comment-\d+"/g)).toHaveLength(40);
      expect(html).toContain('</html>');
    }
  });
});
