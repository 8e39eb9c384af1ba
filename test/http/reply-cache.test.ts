// Issue 14 item 5: no query string lets an anonymous reader force more than one render of a thread
// page per thread version (?replytocom=N, unknown parameters, pages past the last).
import zlib from 'node:zlib';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../support/app.js';
import { createComment, createPost } from '../support/factories.js';

let t: TestContext;
let post: { id: number; slug: string };
let ids: number[];
/** Thread renders so far: each one draws the thread partial once. */
let renders: number;

/** A small seeded generator (mulberry32), so the "random" values are the same on every run. */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/** Counts the thread partial's renders: the expensive part of a page, which the cache exists to spare. */
function countThreadRenders(app: TestContext['app']): void {
  const render = app.renderPartial.bind(app);
  app.renderPartial = (name, data) => {
    if (name === 'thread') renders += 1;
    return render(name, data);
  };
}

async function setUp(overrides: Record<string, string>): Promise<void> {
  t = await createTestApp(overrides);
  renders = 0;
  countThreadRenders(t.app);
  post = await createPost(t.db, { title: 'Busy thread' });
  ids = [];
  // Six top-level comments, each with a reply and a reply to that.
  for (let n = 0; n < 6; n++) {
    const top = await createComment(t.db, post.id, { name: `Top ${n}` });
    const reply = await createComment(t.db, post.id, { parentId: top, depth: 1, name: `Reply ${n}` });
    const deeper = await createComment(t.db, post.id, { parentId: reply, depth: 2, name: `Deeper ${n}` });
    ids.push(top, reply, deeper);
  }
}
afterEach(async () => t.close());

const replyTitle = (html: string) => /<h2 id="reply-title"[^>]*>(.*?)<\/h2>/s.exec(html)?.[1] ?? '';
const parentField = (html: string) => /name="parent_id" id="parent_id" value="([^"]*)"/.exec(html)?.[1];
const commentIdsIn = (html: string) => [...html.matchAll(/<li id="comment-(\d+)"/g)].map((m) => Number(m[1]));

describe('random ?replytocom values and unknown parameters on a one-page thread', () => {
  beforeEach(async () => setUp({ COMMENTS_PER_PAGE: '1000' }));

  it('render the thread once per thread version, and each reply form still names its comment', async () => {
    const random = seeded(14);
    const unknown = () => 10_000 + Math.floor(random() * 1_000_000);
    for (let n = 0; n < 40; n++) {
      const id = ids[Math.floor(random() * ids.length)]!;
      const query = [`?replytocom=${id}`, `?replytocom=${id}&utm_source=x${n}`, `?replytocom=${unknown()}`, `?x${n}=${n}`, `?cpage=1&z=${n}`][n % 5]!;
      const res = await request(t.app.server).get(`/posts/${post.slug}${query}`).expect(200);
      expect(commentIdsIn(res.text)).toHaveLength(ids.length);
      if (n % 5 < 2) {
        expect(replyTitle(res.text)).toContain(`href="#comment-${id}"`);
        expect(parentField(res.text)).toBe(String(id));
      } else {
        expect(replyTitle(res.text)).toBe('Leave a Reply');
        expect(parentField(res.text)).toBe('');
      }
    }
    expect(renders).toBe(1);

    // A new comment is a new thread version: one render more, however many targets follow.
    ids.push(await createComment(t.db, post.id, { name: 'Latecomer' }));
    for (let n = 0; n < 10; n++)
      await request(t.app.server)
        .get(`/posts/${post.slug}?replytocom=${ids[Math.floor(random() * ids.length)]}`)
        .expect(200);
    expect(renders).toBe(2);
  });

  it('sends a reply page that is the plain page with another form, plain or gzipped', async () => {
    const first = await t.app.inject({ url: `/posts/${post.slug}` });
    const cookie = /rj_visitor=[^;]+/.exec(String(first.headers['set-cookie']))![0];
    const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ url, headers: { cookie, ...headers } });
    const target = ids[4]!;
    const plain = await get(`/posts/${post.slug}`);
    const reply = await get(`/posts/${post.slug}?replytocom=${target}`);
    const gzipped = await get(`/posts/${post.slug}?replytocom=${target}`, { 'accept-encoding': 'gzip' });
    expect(reply.statusCode).toBe(200);
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(gzipped.headers.vary).toContain('Accept-Encoding');
    expect(Number(gzipped.headers['content-length'])).toBe(gzipped.rawPayload.length);
    expect(zlib.gunzipSync(gzipped.rawPayload).toString('utf8')).toBe(reply.body);
    expect(Number(reply.headers['content-length'])).toBe(reply.rawPayload.length);
    const cut = (html: string) => [html.slice(0, html.indexOf('<section id="respond"')), html.slice(html.indexOf('<aside class="sidebar"'))];
    expect(cut(reply.body)).toEqual(cut(plain.body));
    expect(cut(reply.body)[0]).toContain(`id="comment-${target}"`);
    expect(replyTitle(reply.body)).toContain('Reply 1');
    expect(parentField(reply.body)).toBe(String(target));
    // The reader's own token, in the reply form as in the plain one.
    const token = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
    expect(token(reply.body)).toBe(token(plain.body));
    expect(renders).toBe(1);
  });
});

describe('random ?replytocom and ?cpage values on a paged thread', () => {
  beforeEach(async () => setUp({ COMMENTS_PER_PAGE: '2', THREAD_DEPTH: '5' }));

  it('render each page at most once, and answer pages past the last with 404 without rendering', async () => {
    const random = seeded(15);
    const pagesHit = new Set<number>();
    for (let n = 0; n < 30; n++) {
      const at = Math.floor(random() * ids.length);
      // ids come in threes per top-level comment, two top-level comments a page.
      pagesHit.add(Math.floor(at / 6) + 1);
      const res = await request(t.app.server)
        .get(`/posts/${post.slug}?replytocom=${ids[at]}&cpage=${1 + (n % 3)}`)
        .expect(200);
      expect(commentIdsIn(res.text)).toContain(ids[at]);
      expect(parentField(res.text)).toBe(String(ids[at]));
    }
    expect(renders).toBe(pagesHit.size);
    const before = renders;
    for (let n = 0; n < 10; n++)
      await request(t.app.server)
        .get(`/posts/${post.slug}?cpage=${4 + Math.floor(random() * 1000)}`)
        .expect(404);
    await request(t.app.server)
      .get(`/posts/${post.slug}?cpage=4&replytocom=${10_000 + Math.floor(random() * 1000)}`)
      .expect(404);
    expect(renders).toBe(before);
  });
});
