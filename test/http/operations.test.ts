import zlib from 'node:zlib';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../support/app.js';
import { signInAs, visitorAgent } from '../support/auth.js';
import { createComment, createPost, formBody } from '../support/factories.js';

let t: TestContext | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

/** The raw body, undecoded, and its encoding. */
async function rawGet(app: TestContext['app'], url: string, headers: Record<string, string>) {
  const res = await app.inject({ method: 'GET', url, headers });
  return { status: res.statusCode, encoding: res.headers['content-encoding'], body: res.rawPayload };
}

describe('compression', () => {
  it('sends brotli when the client asks for it, for CSS, JavaScript, JSON and staff pages, and the same bytes decoded', async () => {
    t = await createTestApp();
    const post = await createPost(t.db, { title: 'Compressed' });
    // Enough comments that the JSON passes the 1 KB below which compressing is not worth it.
    for (let i = 0; i < 8; i++) await createComment(t.db, post.id);
    for (const url of ['/static/css/site.css', '/static/js/reply.js', `/api/posts/${post.slug}`]) {
      const plain = await rawGet(t.app, url, {});
      const br = await rawGet(t.app, url, { 'accept-encoding': 'br' });
      const gzip = await rawGet(t.app, url, { 'accept-encoding': 'gzip' });
      expect([plain.status, plain.encoding, br.status, br.encoding, gzip.encoding]).toEqual([200, undefined, 200, 'br', 'gzip']);
      expect(zlib.brotliDecompressSync(br.body).equals(plain.body)).toBe(true);
      expect(zlib.gunzipSync(gzip.body).equals(plain.body)).toBe(true);
    }
    const admin = await signInAs(t.app, t.db, 'admin');
    const staff = await admin.agent.get('/staff').set('accept-encoding', 'br').expect(200);
    expect(staff.headers['content-encoding']).toBe('br');
    expect(staff.text).toContain(post.slug);
  });

  it("leaves the cached page's own gzip as it is for a browser, and compresses it for a client that takes only brotli", async () => {
    t = await createTestApp();
    const post = await createPost(t.db, { title: 'Cached' });
    await createComment(t.db, post.id);
    const url = `/posts/${post.slug}`;
    const browser = await rawGet(t.app, url, { 'accept-encoding': 'gzip, deflate, br, zstd' });
    expect(browser.encoding).toBe('gzip');
    expect(zlib.gunzipSync(browser.body).toString()).toContain('1 response to “Cached”');
    const brOnly = await rawGet(t.app, url, { 'accept-encoding': 'br' });
    expect(brOnly.encoding).toBe('br');
    expect(zlib.brotliDecompressSync(brOnly.body).toString()).toContain('1 response to “Cached”');
  });
});

describe('GET /metrics', () => {
  it('does not exist unless METRICS_TOKEN or METRICS_PORT is set', async () => {
    t = await createTestApp();
    await request(t.app.server).get('/metrics').expect(404);
  });

  it('asks for the token, then answers requests by route, page-cache hits and misses, writes, the classifier and the process', async () => {
    const token = 'a-metrics-token-for-the-test';
    t = await createTestApp({ METRICS_TOKEN: token });
    const post = await createPost(t.db, { title: 'Counted' });
    for (let i = 0; i < 3; i++) await request(t.app.server).get(`/posts/${post.slug}`).expect(200);
    const { agent, csrf } = await visitorAgent(t.app);
    const fields = {
      author_name: 'Ines Karlsson',
      author_email: 'ines@example.test',
      author_url: '',
      body: 'I agree with the post.',
      parent_id: '',
      stance: '',
    };
    await agent
      .post(`/posts/${post.slug}/comments`)
      .type('form')
      .send(formBody({ ...fields, _csrf: csrf }))
      .expect(303);

    await request(t.app.server).get('/metrics').expect(401);
    await request(t.app.server).get('/metrics').set('authorization', 'Bearer not-the-token-at-all-no').expect(401);
    const res = await request(t.app.server).get('/metrics').set('authorization', `Bearer ${token}`).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    const text = res.text;
    expect(text).toMatch(/rejoinder_http_requests_total\{route="\/posts\/:slug",method="GET",status="200"\} [34]/);
    expect(text).toMatch(/rejoinder_http_request_duration_seconds_count\{route="\/posts\/:slug\/comments",method="POST"\} 1/);
    expect(text).toMatch(/rejoinder_page_cache_hits_total\{cache="[^"]+"\} [1-9]/);
    expect(text).toMatch(/rejoinder_page_cache_misses_total\{cache="[^"]+"\} [1-9]/);
    expect(text).toMatch(/rejoinder_page_cache_bytes\{cache="[^"]+"\} [1-9]/);
    expect(text).toMatch(/rejoinder_classifier_item_seconds_count [1-9]/);
    expect(text).toContain('rejoinder_classifier_queue_length 0');
    // PostgreSQL commits each write on its own: the group commit is SQLite's.
    if (!t.config.databaseUrl.startsWith('postgres')) expect(text).toMatch(/rejoinder_sqlite_group_commit_batch_size_count [1-9]/);
    expect(text).toMatch(/nodejs_eventloop_lag_seconds \d/);
    expect(text).toMatch(/nodejs_heap_size_used_bytes \d/);
  });
});

describe('an event loop under pressure', () => {
  it('answers 503 with Retry-After at once instead of queueing', async () => {
    t = await createTestApp({ MAX_EVENT_LOOP_DELAY_MS: '1' });
    const post = await createPost(t.db, { title: 'Busy' });
    // Holds the loop for far longer than the 1 ms allowed; the next sample of the loop's delay sees it.
    const until = performance.now() + 1500;
    while (performance.now() < until);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const res = await t.app.inject({ method: 'GET', url: `/posts/${post.slug}` });
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('5');
    expect(res.body).toContain('too busy');
  });
});
