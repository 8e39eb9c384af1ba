import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../support/app.js';
import { createUser, signInAs } from '../support/auth.js';
import { createComment, createPost, formBody } from '../support/factories.js';
import { insertStanceLabels } from '../../server/stance/stance.repository.js';
import { unescapeHtml } from '../support/html.js';

// Threads embedded in other sites: the allowed-origins setting, the first view that creates a page's
// thread, the framed page's headers, posting in a frame without cookies, and the counts endpoint.

const BLOG = 'https://blog.example';
const OWN = 'http://localhost:80';

let t: TestContext;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => t.close());

async function saveEmbed(change: Record<string, string> = {}) {
  const { agent, csrf } = await signInAs(t.app, t.db, 'admin');
  const base = {
    origins: `${BLOG}\nhttp://127.0.0.1:4100`,
    keepQuery: '',
    newPagesPerHour: '30',
    lightBg: '',
    lightText: '',
    lightLink: '',
    darkBg: '',
    darkText: '',
    darkLink: '',
    font: '',
  };
  return agent
    .post('/staff/settings/embed')
    .type('form')
    .send({ ...base, ...change, _csrf: csrf });
}

function view(page: string, headers: Record<string, string> = { referer: `${BLOG}/` }, title = 'One question for Jamie') {
  return t.app.inject({ method: 'GET', url: `/embed?${new URLSearchParams({ page, title })}`, headers });
}

async function externalPosts() {
  return t.db.selectFrom('posts').select(['id', 'slug', 'title', 'kind', 'page_url', 'page_origin']).where('kind', '=', 'external_page').execute();
}

function tokenIn(html: string): string {
  return /name="_csrf" value="([^"]+)"/.exec(html)![1]!;
}

describe('allowed origins in the settings', () => {
  it('are normalised and saved by an admin, and the page shows the snippet with them', async () => {
    const res = await saveEmbed({ origins: 'HTTPS://Blog.Example:443/\nhttps://blog.example\nhttp://127.0.0.1:4100' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/staff/settings?embedSaved=1#embed');
    const { agent } = await signInAs(t.app, t.db, 'admin');
    const page = unescapeHtml((await agent.get('/staff/settings?embedSaved=1').expect(200)).text);
    expect(page).toContain('>https://blog.example\nhttp://127.0.0.1:4100</textarea>');
    expect(page).toContain('<div id="rejoinder" data-page="https://blog.example/2026/11/a-post/"');
    expect(page).toMatch(/<script src="http:\/\/127\.0\.0\.1:\d+\/embed\.js" async><\/script>/);
    expect(page).toContain('<noscript><a href="http://127.0.0.1:');
  });

  it.each([
    ['https://blog.example/posts/', 'without a path'],
    ['https://*.blog.example', 'wildcards are not allowed'],
    ['https://ann:secret@blog.example', 'user name or password'],
    ['blog.example', 'start with https://'],
    ['ftp://blog.example', 'not an http:// or https:// address'],
    ['https://blog.example/?x=1', 'without a path'],
  ])('refuse %s with a reason beside the field, keeping what was typed (422)', async (origin, reason) => {
    const res = await saveEmbed({ origins: `${BLOG}\n${origin}` });
    expect(res.status).toBe(422);
    expect(res.text).toContain(reason);
    expect(unescapeHtml(res.text)).toContain(`>${BLOG}\n${origin}</textarea>`);
    expect(await t.db.selectFrom('settings').select('key').where('key', '=', 'embed').execute()).toEqual([]);
  });

  it('refuse a theme value that could leave its declaration', async () => {
    const res = await saveEmbed({ lightBg: 'red; } body { display:none' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('A hex colour');
  });

  it('are for admins only', async () => {
    const { agent, csrf } = await signInAs(t.app, t.db, 'moderator');
    await agent.post('/staff/settings/embed').type('form').send({ origins: BLOG, _csrf: csrf }).expect(403);
  });
});

describe('the first view from an allowed site', () => {
  beforeEach(async () => {
    await saveEmbed();
  });

  it('creates the thread of the page once, titled from the page, its URL without query or fragment', async () => {
    const first = await view(`${BLOG}/2009/04/one-question/?utm_source=feed#top`);
    expect(first.statusCode).toBe(200);
    expect(first.body).toContain('0 responses to “One question for Jamie”');
    expect(first.body).not.toContain('class="site-header"');
    await view(`${BLOG}/2009/04/one-question/`, { referer: `${BLOG}/2009/04/one-question/` }, 'Another title');
    expect(await externalPosts()).toEqual([
      expect.objectContaining({ kind: 'external_page', title: 'One question for Jamie', page_url: `${BLOG}/2009/04/one-question/`, page_origin: BLOG }),
    ]);
    // It is a post like any other: the site serves its own page, staff can edit it; the blog's list leaves it out.
    const [post] = await externalPosts();
    expect((await t.app.inject({ method: 'GET', url: `/posts/${post!.slug}` })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/' })).body).not.toContain('One question for Jamie');
  });

  it('keeps the query when the setting says so', async () => {
    await saveEmbed({ keepQuery: '1' });
    await view(`${BLOG}/?p=12`);
    await view(`${BLOG}/?p=13`);
    expect((await externalPosts()).map((p) => p.page_url)).toEqual([`${BLOG}/?p=12`, `${BLOG}/?p=13`]);
  });

  it.each([
    ['a page of a site not on the list', 'https://other.example/post/', { referer: 'https://other.example/' }, 403, 'https://other.example is not on'],
    ['an allowed page asked for by another site', `${BLOG}/post/`, { referer: 'https://evil.example/' }, 403, 'https://evil.example is not on'],
    ['a page address that is not http(s)', 'javascript:alert(1)', {}, 400, 'not an http:// or https:// URL'],
    ['a page address past 500 characters', `${BLOG}/${'a'.repeat(500)}`, {}, 400, 'longer than 500 characters'],
  ])('creates nothing for %s, and the frame says why', async (_what, page, headers, status, message) => {
    const res = await view(page, headers);
    expect(res.statusCode).toBe(status);
    expect(res.body).toContain(message);
    expect(res.body).toContain('class="embed-refusal"');
    // The refusal alone may be framed anywhere, so a refused site sees the reason rather than a browser error.
    expect(res.headers['content-security-policy']).toContain('frame-ancestors *');
    expect(await externalPosts()).toEqual([]);
  });

  it('stops a flood of made-up page addresses at the hourly limit', async () => {
    await saveEmbed({ newPagesPerHour: '3' });
    const statuses = [];
    for (let i = 0; i < 5; i += 1) statuses.push((await view(`${BLOG}/made-up-${i}/`)).statusCode);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    expect(await externalPosts()).toHaveLength(3);
    // A page that has its thread already still shows.
    expect((await view(`${BLOG}/made-up-0/`)).statusCode).toBe(200);
  });
});

describe('framing headers', () => {
  it('let exactly the allowed origins frame the embed pages, and nobody any other page', async () => {
    await saveEmbed();
    const framed = await view(`${BLOG}/post/`);
    expect(framed.headers['content-security-policy']).toMatch(/frame-ancestors https:\/\/blog\.example http:\/\/127\.0\.0\.1:4100$/);
    expect(framed.headers['x-frame-options']).toBeUndefined();
    const [post] = await externalPosts();
    const byPost = await t.app.inject({ method: 'GET', url: `/embed/posts/${post!.slug}` });
    expect(byPost.headers['content-security-policy']).toContain(`frame-ancestors ${BLOG} http://127.0.0.1:4100`);
    for (const url of [`/posts/${post!.slug}`, '/', '/login', '/staff/settings']) {
      const res = await t.app.inject({ method: 'GET', url });
      expect([url, res.headers['content-security-policy']]).toEqual([url, expect.stringContaining("frame-ancestors 'none'")]);
      expect(res.headers['x-frame-options']).toBe('DENY');
    }
  });

  it("keep 'none' on the embed pages while no site is allowed", async () => {
    await createUser(t.db, 'admin');
    const res = await view(`${BLOG}/post/`);
    expect(res.statusCode).toBe(403);
    const slugless = await t.app.inject({ method: 'GET', url: '/embed/posts/nothing-here' });
    expect(slugless.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  });
});

describe('posting inside the frame, without cookies', () => {
  let slug: string;
  let html: string;
  beforeEach(async () => {
    await saveEmbed();
    const res = await view(`${BLOG}/post/`);
    html = res.body;
    slug = (await externalPosts())[0]!.slug;
  });

  const fields = { author_name: 'Noor', author_email: 'noor@example.test', author_url: '', body: 'Framed but heard.', parent_id: '', stance: '' };
  const post = (body: Record<string, string>, headers: Record<string, string> = { origin: OWN, 'sec-fetch-site': 'same-origin' }) =>
    t.app.inject({
      method: 'POST',
      url: `/embed/posts/${slug}/comments`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      payload: formBody(body),
    });

  it('gives the framed form a token that needs no cookie, and sets none', async () => {
    expect(html).toContain(`action="/embed/posts/${slug}/comments#respond"`);
    expect(tokenIn(html)).toHaveLength(43);
    const res = await view(`${BLOG}/post/`);
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  it('takes a comment and a reply with the token and a same-origin request, landing on the framed page', async () => {
    const first = await post({ ...fields, _csrf: tokenIn(html) });
    expect(first.statusCode).toBe(303);
    expect(first.headers['set-cookie']).toBeUndefined();
    const id = (await t.db.selectFrom('comments').select('id').executeTakeFirstOrThrow()).id;
    expect(first.headers.location).toBe(`/embed/posts/${slug}#comment-${id}`);
    const page = await t.app.inject({ method: 'GET', url: first.headers.location as string });
    expect(page.body).toContain('Framed but heard.');
    expect(unescapeHtml(page.body)).toContain(`href="/embed/posts/${slug}?replytocom=${id}#respond"`);
    const reply = await post({ ...fields, body: 'And a reply.', parent_id: String(id), _csrf: tokenIn(page.body) }, { origin: OWN });
    expect(reply.statusCode).toBe(303);
    expect(await t.db.selectFrom('comments').select(['parent_id', 'status']).orderBy('id').execute()).toEqual([
      { parent_id: null, status: 'approved' },
      { parent_id: id, status: 'approved' },
    ]);
  });

  it('previews a draft in the frame: the framed page again with it above the form, nothing stored, no cookie', async () => {
    const res = await post({ ...fields, body: 'Framed and previewed:\n- one\n- two', preview: '1', _csrf: tokenIn(html) });
    expect(res.statusCode).toBe(200);
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(res.body).toMatch(/<div id="comment-preview"[\s\S]*<ul><li>one<\/li><li>two<\/li><\/ul>[\s\S]*id="commentform"/);
    expect(res.body).toContain(`action="/embed/posts/${slug}/comments#respond"`);
    expect(res.body).toContain('data-frame-visitor');
    expect(await t.db.selectFrom('comments').select('id').execute()).toEqual([]);
    const refused = await post({ ...fields, body: '', preview: '1', _csrf: tokenIn(html) });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).not.toContain('id="comment-preview"');
  });

  it('shows a held comment to its author through the signed id in the 303, and to nobody else', async () => {
    await t.db.updateTable('posts').set({ moderation_mode: 'all' }).execute();
    const res = await post({ ...fields, _csrf: tokenIn(html) });
    const id = (await t.db.selectFrom('comments').select('id').executeTakeFirstOrThrow()).id;
    const location = res.headers.location as string;
    expect(location).toMatch(new RegExp(`^/embed/posts/${slug}\\?held=${id}\\.[A-Za-z0-9_-]{22}#comment-${id}$`));
    const mine = await t.app.inject({ method: 'GET', url: location });
    expect(mine.body).toContain('Your comment is awaiting moderation');
    const forged = await t.app.inject({ method: 'GET', url: `/embed/posts/${slug}?held=${id}.AAAAAAAAAAAAAAAAAAAAAA` });
    expect(forged.body).not.toContain('Framed but heard.');
    const plain = await t.app.inject({ method: 'GET', url: `/embed/posts/${slug}` });
    expect(plain.body).not.toContain('Framed but heard.');
  });

  it.each([
    ['from another site', { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' }, true],
    ['claiming same-origin with a foreign Origin and no fetch metadata', { origin: 'https://evil.example' }, true],
    ['with neither Origin nor Sec-Fetch-Site', {}, true],
    ['without the token', { origin: OWN }, false],
  ])('refuses a post %s (403), giving the text back with a fresh token', async (_what, headers, withToken) => {
    const res = await post({ ...fields, ...(withToken ? { _csrf: tokenIn(html) } : {}) }, headers);
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('>Framed but heard.</textarea>');
    expect(res.body).toContain('class="embed-body"');
    expect(res.headers['content-security-policy']).toContain(`frame-ancestors ${BLOG}`);
    expect(await t.db.selectFrom('comments').select('id').execute()).toEqual([]);
  });

  it('refuses a token older than a day', async () => {
    await t.close();
    t = await createTestApp({}, { clock: () => new Date('2026-11-24T12:00:00.000Z') });
    await saveEmbed();
    const old = tokenIn((await view(`${BLOG}/post/`)).body);
    slug = (await externalPosts())[0]!.slug;
    const later = await createTestApp({ DATABASE_URL: t.config.databaseUrl });
    try {
      const res = await later.app.inject({
        method: 'POST',
        url: `/embed/posts/${slug}/comments`,
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: OWN },
        payload: formBody({ ...fields, _csrf: old }),
      });
      expect(res.statusCode).toBe(403);
    } finally {
      await later.close();
    }
  });

  it('re-renders a bad form in the frame with 422 and the text kept', async () => {
    const res = await post({ ...fields, author_email: 'not an address', _csrf: tokenIn(html) });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('>Framed but heard.</textarea>');
    expect(res.body).toContain('class="embed-body"');
  });
});

describe('the debate inside the frame', () => {
  it('shows side badges, vote buttons and the sort links, with a vote form for the frame', async () => {
    const p = await createPost(t.db);
    const a = await createComment(t.db, p.id, { name: 'Ilse' });
    const at = '2026-11-20T10:00:00.000Z';
    await insertStanceLabels(t.db, [
      { comment_id: a, remark_id: null, label: 'pro', source: 'self', confidence: 1, cues: '[]', created_by: null, created_at: at },
    ]);
    const page = await t.app.inject({ method: 'GET', url: `/embed/posts/${p.slug}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(new RegExp(`id="comment-${a}"[\\s\\S]*?<span class="side-badge side-pro"`));
    expect(unescapeHtml(page.body)).toMatch(new RegExp(`href="/embed/posts/${p.slug}\\?[^"]*sort=newest`));
    expect(page.body).toContain(`action="/embed/posts/${p.slug}/votes"`);
    expect(page.body).toContain('vote-button');
    // The frame's script fills in the reader's id: the cached page carries none.
    expect(page.body).toContain('name="visitor" value="" data-frame-visitor');
    expect(page.headers['set-cookie']).toBeUndefined();
    const own = await t.app.inject({ method: 'GET', url: `/posts/${p.slug}` });
    expect(own.body).toContain(`action="/posts/${p.slug}/votes"`);
    expect(own.body).not.toContain('data-frame-visitor');
  });

  describe('votes, without cookies', () => {
    let slug: string;
    let commentId: number;
    let token: string;
    beforeEach(async () => {
      const p = await createPost(t.db);
      slug = p.slug;
      commentId = await createComment(t.db, p.id, { name: 'Ilse' });
      token = tokenIn((await t.app.inject({ method: 'GET', url: `/embed/posts/${slug}` })).body);
    });
    const READER = 'AAAAAAAAAAAAAAAAAAAAAAAA';
    const vote = (fields: Record<string, string>, headers: Record<string, string> = { origin: OWN, 'sec-fetch-site': 'same-origin' }) =>
      t.app.inject({
        method: 'POST',
        url: `/embed/posts/${slug}/votes`,
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', ...headers },
        payload: formBody({ _csrf: token, vote: `${commentId}:good`, ...fields }),
      });

    it("count once per reader id the frame keeps, changeable, and answer the page's counts", async () => {
      const first = await vote({ visitor: READER });
      expect(first.statusCode).toBe(200);
      expect(first.json()).toMatchObject({ comment_id: commentId, status: 'counted', counts: { good: 1, unconvinced: 0 } });
      expect(first.headers['set-cookie']).toBeUndefined();
      expect((await vote({ visitor: READER })).json()).toMatchObject({ counts: { good: 1, unconvinced: 0 } });
      expect((await vote({ visitor: READER, vote: `${commentId}:unconvinced` })).json()).toMatchObject({ counts: { good: 0, unconvinced: 1 } });
      expect((await vote({ visitor: 'BBBBBBBBBBBBBBBBBBBBBBBB' })).json()).toMatchObject({ counts: { good: 1, unconvinced: 1 } });
    });

    it('are refused without the id, from another site, with a stale token, and on a comment the same id wrote', async () => {
      expect((await vote({})).statusCode).toBe(403);
      expect((await vote({ visitor: 'short' })).statusCode).toBe(403);
      expect((await vote({ visitor: READER }, { origin: 'https://elsewhere.example', 'sec-fetch-site': 'cross-site' })).statusCode).toBe(403);
      expect((await vote({ visitor: READER, _csrf: 'x'.repeat(43) })).statusCode).toBe(403);
      const posted = await t.app.inject({
        method: 'POST',
        url: `/embed/posts/${slug}/comments`,
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: OWN, 'sec-fetch-site': 'same-origin' },
        payload: formBody({
          author_name: 'Noor',
          author_email: 'noor@example.test',
          author_url: '',
          body: 'Mine.',
          parent_id: '',
          stance: '',
          _csrf: token,
          visitor: READER,
        }),
      });
      expect(posted.statusCode).toBe(303);
      const mine = (await t.db.selectFrom('comments').select('id').where('body_raw', '=', 'Mine.').executeTakeFirstOrThrow()).id;
      const own = await vote({ visitor: READER, vote: `${mine}:good` });
      expect(own.statusCode).toBe(403);
      expect(own.json()).toMatchObject({ error: 'You cannot vote on your own comment.' });
      expect((await t.db.selectFrom('comment_votes').selectAll().execute()).length).toBe(0);
    });
  });
});

describe('comment counts', () => {
  it('answer one request for many pages, with CORS for the allowed sites only', async () => {
    await saveEmbed();
    await view(`${BLOG}/a/`);
    await view(`${BLOG}/b/`);
    const [a] = await externalPosts();
    await t.db
      .insertInto('comments')
      .values({
        post_id: a!.id,
        parent_id: null,
        depth: 0,
        author_name: 'Ines',
        author_email: 'ines@example.test',
        author_url: null,
        body_raw: 'Counted.',
        body_html: '<p>Counted.</p>',
        status: 'approved',
        self_stance: null,
        created_at: '2026-11-26T11:00:00.000Z',
      })
      .execute();
    const query = new URLSearchParams([
      ['page', `${BLOG}/a/#comments`],
      ['page', `${BLOG}/b/`],
      ['page', `${BLOG}/never-viewed/`],
      ['page', 'https://other.example/a/'],
    ]);
    const res = await t.app.inject({ method: 'GET', url: `/api/counts?${query}`, headers: { origin: BLOG } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ counts: { [`${BLOG}/a/#comments`]: 1, [`${BLOG}/b/`]: 0, [`${BLOG}/never-viewed/`]: 0 } });
    expect(res.headers['access-control-allow-origin']).toBe(BLOG);
    expect(res.headers.vary).toContain('Origin');
    expect(res.headers['cache-control']).toBe('public, max-age=60');
    const other = await t.app.inject({ method: 'GET', url: `/api/counts?${query}`, headers: { origin: 'https://other.example' } });
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
    const tooMany = new URLSearchParams(Array.from({ length: 101 }, (_, i) => ['page', `${BLOG}/${i}/`]));
    expect((await t.app.inject({ method: 'GET', url: `/api/counts?${tooMany}` })).statusCode).toBe(400);
  });
  it('follow every change to the pages at once, though the answers are kept', async () => {
    await saveEmbed();
    await view(`${BLOG}/a/`);
    const [a] = await externalPosts();
    const query = new URLSearchParams([
      ['page', `${BLOG}/a/`],
      ['page', `${BLOG}/later/`],
    ]);
    const counts = async (): Promise<unknown> => (await t.app.inject({ method: 'GET', url: `/api/counts?${query}`, headers: { origin: BLOG } })).json();
    expect(await counts()).toEqual({ counts: { [`${BLOG}/a/`]: 0, [`${BLOG}/later/`]: 0 } });
    const commentId = await createComment(t.db, a!.id, { body: 'First.' });
    expect(await counts()).toEqual({ counts: { [`${BLOG}/a/`]: 1, [`${BLOG}/later/`]: 0 } });
    await t.db.updateTable('comments').set({ status: 'trash' }).where('id', '=', commentId).execute();
    expect(await counts()).toEqual({ counts: { [`${BLOG}/a/`]: 0, [`${BLOG}/later/`]: 0 } });
    await view(`${BLOG}/later/`);
    const later = (await externalPosts()).find((p) => p.page_url === `${BLOG}/later/`)!;
    await createComment(t.db, later.id, { body: 'On the new page.' });
    expect(await counts()).toEqual({ counts: { [`${BLOG}/a/`]: 0, [`${BLOG}/later/`]: 1 } });
    await t.db.updateTable('posts').set({ status: 'draft' }).where('id', '=', later.id).execute();
    expect(await counts()).toEqual({ counts: { [`${BLOG}/a/`]: 0, [`${BLOG}/later/`]: 0 } });
  });
});

describe('embed.js', () => {
  it('is served for other sites, with its hash as ETag and an immutable hashed copy', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/embed.js' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('javascript');
    expect(res.headers['cross-origin-resource-policy']).toBe('cross-origin');
    expect(res.headers['cache-control']).toBe('public, max-age=3600');
    const etag = res.headers.etag as string;
    expect(etag).toMatch(/^"[0-9a-f]{16}"$/);
    expect((await t.app.inject({ method: 'GET', url: '/embed.js', headers: { 'if-none-match': etag } })).statusCode).toBe(304);
    const hashed = await t.app.inject({ method: 'GET', url: `/embed.${etag.slice(1, -1)}.js` });
    expect(hashed.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(hashed.body).toBe(res.body);
  });

  it('has a theme stylesheet of the saved colours only', async () => {
    await saveEmbed({ lightBg: '#FFFFFF', darkLink: '#abc', font: 'Inter, sans-serif' });
    const framed = await view(`${BLOG}/post/`);
    const href = /href="(\/embed\/theme\.css\?v=[^"]+)"/.exec(unescapeHtml(framed.body))![1]!;
    const css = await t.app.inject({ method: 'GET', url: href });
    expect(css.body).toContain('--bg: #ffffff;');
    expect(css.body).toContain('--link: #abc;');
    expect(css.body).toContain('font-family: Inter, sans-serif;');
    expect(css.headers['cache-control']).toContain('immutable');
  });
});
