import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../support/app.js';
import { visitorAgent, type Agent } from '../support/auth.js';
import { createComment, createPost, formBody } from '../support/factories.js';

let t: TestContext;
let post: { id: number; slug: string };
let agent: Agent;
let csrf: string;
let visitorCookie: string;
beforeEach(async () => {
  t = await createTestApp();
  post = await createPost(t.db, { title: 'Debate' });
  ({ agent, csrf, cookie: visitorCookie } = await visitorAgent(t.app));
});
afterEach(async () => t.close());

const valid = { author_name: 'Rosa Lind', author_email: 'rosa@example.test', author_url: '', body: 'I think so.', parent_id: '', stance: '' };

/** Posts the comment form as a visitor whose page carried a CSRF token (raw bodies get it prepended). */
function postComment(fields: Record<string, string> | string, slug = post.slug) {
  return agent
    .post(`/posts/${slug}/comments`)
    .type('form')
    .send(typeof fields === 'string' ? `_csrf=${csrf}&${fields}` : formBody({ ...fields, _csrf: csrf }));
}

async function storedComments() {
  return t.db.selectFrom('comments').selectAll().orderBy('id').execute();
}

describe('POST /posts/:slug/comments', () => {
  it('stores a comment and answers 303 to its anchor', async () => {
    const res = await postComment({ ...valid, author_url: 'rosa.example', stance: 'pro' }).expect(303);
    const [row] = await storedComments();
    expect(res.headers.location).toBe(`/posts/${post.slug}#comment-${row!.id}`);
    expect(row).toMatchObject({
      author_name: 'Rosa Lind',
      author_url: 'https://rosa.example/',
      status: 'approved',
      depth: 0,
      self_stance: 'pro',
      created_at: '2026-11-26T12:00:00.000Z',
    });
    const page = await request(t.app.server).get(`/posts/${post.slug}`).expect(200);
    expect(page.text).toContain(`id="comment-${row!.id}"`);
    expect(page.text).toContain('1 response to “Debate”');
  });

  it('stores a reply with its parent and depth, and a reply to it one level deeper', async () => {
    const parent = await createComment(t.db, post.id);
    await postComment({ ...valid, parent_id: String(parent) }).expect(303);
    const reply = (await storedComments()).at(-1)!;
    await postComment({ ...valid, body: 'Deeper', parent_id: String(reply.id) }).expect(303);
    const deeper = (await storedComments()).at(-1)!;
    expect([reply.parent_id, reply.depth, deeper.parent_id, deeper.depth]).toEqual([parent, 1, reply.id, 2]);
  });

  it.each([
    ['missing name', { author_name: '' }, 'author_name', 'Please enter your name'],
    ['bad email', { author_email: 'not-an-email' }, 'author_email', 'needs an @'],
    ['javascript: website', { author_url: 'javascript:alert(1)' }, 'author_url', 'http:// or https://'],
    ['data: website', { author_url: 'data:text/html,<b>x</b>' }, 'author_url', 'http:// or https://'],
    ['empty body', { body: '   ' }, 'body', 'Please type a comment'],
    ['70,000-character body', { body: 'x'.repeat(70_000) }, 'body', 'too long'],
    ['body over the byte limit in emoji', { body: '😀'.repeat(16_382) }, 'body', 'too long'],
    ['name too long', { author_name: 'n'.repeat(246) }, 'author_name', 'too long'],
    ['email too long', { author_email: `${'e'.repeat(60)}@${'d'.repeat(40)}.test` }, 'author_email', 'too long'],
    ['NUL in name', { author_name: 'Ro\u0000sa' }, 'author_name', 'control character'],
    ['NUL in body', { body: 'a\u0000b' }, 'body', 'NUL'],
    ['unknown stance', { stance: 'maybe' }, 'stance', 'for, against or neither'],
    ['malformed parent', { parent_id: '1; drop table comments' }, 'parent_id', 'not a comment id'],
  ])('%s: 422, message next to the field, text kept, nothing stored', async (_name, change, field, message) => {
    const fields = { ...valid, ...change };
    const res = await postComment(fields).expect(422);
    expect(res.text).toContain('Your comment was not posted yet');
    expect(res.text).toMatch(new RegExp(`class="field-error"[^>]*>[^<]*${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    if (field !== 'body' && fields.body.length < 1000) expect(res.text).toContain(`>${fields.body}</textarea>`);
    if (field !== 'author_name' && !fields.author_name.includes('\u0000')) expect(res.text).toContain(`value="${fields.author_name}"`);
    expect(await storedComments()).toHaveLength(0);
  });

  it('refuses what no person types in the one-line fields, with a message beside each, and keeps every field', async () => {
    const hostile = {
      ...valid,
      author_name: 'Rosa \u001b[31mLind\r\n',
      author_email: 'rosa@example.test, max@example.test',
      author_url: '//evil.example/',
      body: 'My whole argument, kept.',
      stance: 'pro',
    };
    const res = await postComment(hostile).expect(422);
    for (const field of ['author_name', 'author_email', 'author_url']) expect(res.text).toMatch(new RegExp(`id="${field}-error"`));
    expect(res.text).toContain(`value="Rosa \u001b[31mLind\r\n"`);
    expect(res.text).toContain('value="rosa@example.test, max@example.test"');
    expect(res.text).toContain('value="//evil.example/"');
    expect(res.text).toContain('>My whole argument, kept.</textarea>');
    expect(res.text).toMatch(/value="pro"[^>]*checked/);
    expect(await storedComments()).toHaveLength(0);
  });

  it('stores the website as its normalised href, and links that', async () => {
    const res = await postComment({ ...valid, author_url: '  Rosa.EXAMPLE/blog ' }).expect(303);
    const [row] = await storedComments();
    expect(row!.author_url).toBe('https://rosa.example/blog');
    const page = await request(t.app.server).get(res.headers.location!.split('#')[0]!);
    expect(page.text).toContain('href="https://rosa.example/blog"');
  });

  it('keeps a 70,000-character body in the re-rendered form', async () => {
    const body = 'y'.repeat(70_000);
    const res = await postComment({ ...valid, body }).expect(422);
    expect(res.text).toContain(`>${body}</textarea>`);
  });

  it('gives a multi-line text back exactly as typed, with no indentation added', async () => {
    const body = 'First line\n\n  indented second\n> quoted';
    const res = await postComment({ ...valid, author_email: 'bad', body }).expect(422);
    expect(res.text).toContain('>First line\n\n  indented second\n&gt; quoted</textarea>');
  });

  it('refuses a parent from another post, keeping the text', async () => {
    const other = await createPost(t.db);
    const foreign = await createComment(t.db, other.id);
    const res = await postComment({ ...valid, body: 'Keep me', parent_id: String(foreign) }).expect(422);
    expect(res.text).toContain('not on this post');
    expect(res.text).toContain('>Keep me</textarea>');
    expect(await t.db.selectFrom('comments').selectAll().where('post_id', '=', post.id).execute()).toHaveLength(0);
  });

  it('refuses a parent that does not exist or is not approved', async () => {
    const held = await createComment(t.db, post.id, { status: 'pending' });
    await postComment({ ...valid, parent_id: '2147483647' }).expect(422);
    await postComment({ ...valid, parent_id: String(held) }).expect(422);
    expect(await storedComments()).toHaveLength(1);
  });

  it('refuses comments on a closed post', async () => {
    const closed = await createPost(t.db, { commentsOpen: false });
    await postComment(valid, closed.slug).expect(422);
  });

  it('answers 404 for an unknown post', async () => {
    await postComment(valid, 'no-such-post').expect(404);
  });

  it('stores hostile text inert and shows it escaped', async () => {
    const hostile = {
      ...valid,
      author_name: '<script>alert("n")</script>',
      author_url: 'https://x.test/"><script>alert(1)</script>',
      body: '<img src=x onerror=alert(1)> {{#with this}}{{/with}} <a href="javascript:alert(1)">x</a>',
    };
    await postComment(hostile).expect(303);
    const page = await request(t.app.server).get(`/posts/${post.slug}`).expect(200);
    expect(page.text).not.toContain('<script>alert');
    expect(page.text).not.toContain('<img src=x');
    expect(page.text).not.toContain('href="javascript:');
    expect(page.text).toContain('&lt;script&gt;alert(&quot;n&quot;)&lt;/script&gt;');
    expect(page.text).toContain('{{#with this}}{{/with}}');
  });

  it('keeps Unicode, emoji and right-to-left text exactly as typed', async () => {
    const body = 'مرحبا بالعالم 👋🏽 — שלום; 中文; e\u0301';
    await postComment({ ...valid, author_name: 'Zoë Ağaoğlu', body }).expect(303);
    const [row] = await storedComments();
    expect(row!.body_raw).toBe(body);
    expect(row!.author_name).toBe('Zoë Ağaoğlu');
    const api = await request(t.app.server).get(`/api/posts/${post.slug}`).expect(200);
    expect(api.body.comments[0].body_html).toBe(`<p>${body}</p>`);
  });

  it('answers invalid UTF-8 with 422 on the field and stores nothing', async () => {
    const res = await postComment('author_name=Rosa&author_email=rosa%40example.test&body=bad%FF%FEbytes').expect(422);
    expect(res.text).toContain('not valid text (UTF-8)');
    expect(res.text).toContain('bad��bytes</textarea>');
    // inject, not supertest: superagent would serialize a Buffer as a query string instead of sending its bytes.
    const raw = await t.app.inject({
      method: 'POST',
      url: `/posts/${post.slug}/comments`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: visitorCookie },
      payload: Buffer.concat([Buffer.from(`_csrf=${csrf}&author_name=R&author_email=r%40x.test&body=`), Buffer.from([0xc3, 0x28])]),
    });
    expect(raw.statusCode).toBe(422);
    expect(await storedComments()).toHaveLength(0);
  });

  it.each([
    ['JSON body', 'application/json', '{"body":"x"}', 415],
    ['garbage content type', 'text/plain', 'hello', 415],
    ['percent garbage', 'application/x-www-form-urlencoded', '%%%&&==&%zz=%', 422],
    ['repeated fields', 'application/x-www-form-urlencoded', 'body=a&body=b&author_name=x&author_email=x%40y.test', 303],
  ])('odd request (%s) is a clear 4xx or works, never a 500', async (_name, type, payload, status) => {
    const body = type === 'application/x-www-form-urlencoded' ? `_csrf=${csrf}&${payload}` : payload;
    const res = await agent.post(`/posts/${post.slug}/comments`).set('content-type', type).send(body);
    expect(res.status).toBe(status);
  });

  it('answers 413 with a page for a body above the form limit', async () => {
    const res = await postComment({ ...valid, body: 'z'.repeat(1_100_000) });
    expect(res.status).toBe(413);
    expect(res.text).toContain('too much to send');
  });
});
