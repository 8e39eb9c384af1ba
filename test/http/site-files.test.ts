import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../support/app.js';
import { createComment, createPost } from '../support/factories.js';
import { assertWellFormedXml, xmlElementTexts } from '../support/xml.js';

let t: TestContext;
beforeEach(async () => {
  t = await createTestApp({ SITE_URL: 'https://blog.example' });
});
afterEach(async () => t.close());

describe('robots.txt, sitemap.xml and the favicon', () => {
  it('robots.txt keeps crawlers off staff pages and names the sitemap', async () => {
    const res = await request(t.app.server).get('/robots.txt').expect(200);
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(res.text).toContain('Disallow: /staff\n');
    expect(res.text).toContain('Sitemap: https://blog.example/sitemap.xml\n');
  });

  it('sitemap.xml lists the front page and published posts with when they last changed, and revalidates', async () => {
    const quiet = await createPost(t.db, { title: 'Quiet' });
    const busy = await createPost(t.db, { title: 'Busy' });
    await createPost(t.db, { title: 'Draft', status: 'draft' });
    await createComment(t.db, busy.id);
    await createComment(t.db, quiet.id, { status: 'pending' });
    const res = await request(t.app.server).get('/sitemap.xml').expect(200);
    assertWellFormedXml(res.text);
    expect(xmlElementTexts(res.text, 'loc')).toEqual([
      'https://blog.example/',
      `https://blog.example/posts/${busy.slug}`,
      `https://blog.example/posts/${quiet.slug}`,
    ]);
    expect(xmlElementTexts(res.text, 'lastmod')).toEqual(['2026-11-20T10:00:00.000Z', '2026-11-20T10:00:00.000Z', '2026-11-01T00:00:00.000Z']);
    await request(t.app.server).get('/sitemap.xml').set('If-None-Match', String(res.headers.etag)).expect(304);
  });

  it('serves a favicon, linked from every page', async () => {
    const res = await request(t.app.server).get('/favicon.ico').expect(200);
    expect(res.headers['content-type']).toBe('image/svg+xml');
    const page = await request(t.app.server).get('/').expect(200);
    expect(page.text).toContain('<link rel="icon" href="/static/img/favicon.svg" type="image/svg+xml">');
    await request(t.app.server).get('/static/img/favicon.svg').expect(200);
  });
});

describe('what pages say about themselves', () => {
  it('every page has a description; a post page its excerpt, canonical address and Open Graph and Twitter card tags', async () => {
    const front = await request(t.app.server).get('/').expect(200);
    expect(front.text).toContain('<meta name="description" content="Posts that start debates, and the readers who answer them.">');
    expect(front.text).not.toContain('og:title');
    const post = await createPost(t.db, { title: 'Is the “night ferry” <worth> it?' });
    await t.db.updateTable('posts').set({ excerpt: 'Ferries at night & the people who "need" them.' }).where('id', '=', post.id).execute();
    const page = await request(t.app.server).get(`/posts/${post.slug}`).expect(200);
    const head = page.text.slice(0, page.text.indexOf('</head>'));
    expect(head).toContain('<meta name="description" content="Ferries at night &amp; the people who &quot;need&quot; them.">');
    expect(head).toContain(`<link rel="canonical" href="https://blog.example/posts/${post.slug}">`);
    expect(head).toContain('<meta property="og:type" content="article">');
    expect(head).toContain('<meta property="og:title" content="Is the “night ferry” &lt;worth&gt; it?">');
    expect(head).toContain(`<meta property="og:url" content="https://blog.example/posts/${post.slug}">`);
    expect(head).toMatch(/<meta property="article:published_time" content="2026-11-0\dT10:00:00.000Z">/);
    expect(head).toMatch(/<meta property="article:author" content="Author \d+">/);
    expect(head).toContain('<meta name="twitter:card" content="summary">');
    expect(head).toContain('<meta name="twitter:description" content="Ferries at night &amp; the people who &quot;need&quot; them.">');
  });

  it('takes the origin from the request when SITE_URL is unset, echoing only a host and port', async () => {
    const local = await createTestApp();
    try {
      const post = await createPost(local.db);
      const page = await request(local.app.server).get(`/posts/${post.slug}`).set('Host', 'blog.test:8080').expect(200);
      expect(page.text).toContain(`<link rel="canonical" href="http://blog.test:8080/posts/${post.slug}">`);
      const odd = await request(local.app.server).get(`/posts/${post.slug}`).set('Host', 'evil.test/"><script>').expect(200);
      expect(odd.text).toContain(`<link rel="canonical" href="http://localhost/posts/${post.slug}">`);
      const robots = await request(local.app.server).get('/robots.txt').set('Host', 'blog.test').expect(200);
      expect(robots.text).toContain('Sitemap: http://blog.test/sitemap.xml');
    } finally {
      await local.close();
    }
  });
});
