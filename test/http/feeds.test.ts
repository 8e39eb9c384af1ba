import { parseFeed } from '@rowanmanning/feed-parser';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { insertStanceLabels } from '../../server/stance/stance.repository.js';
import { createTestApp, type TestContext } from '../support/app.js';
import { createComment, createPost } from '../support/factories.js';
import { assertWellFormedXml, xmlElementTexts } from '../support/xml.js';

let t: TestContext;
beforeEach(async () => {
  t = await createTestApp({ SITE_URL: 'https://blog.example' });
});
afterEach(async () => t.close());

async function getFeed(path: string) {
  const res = await request(t.app.server).get(path).expect(200);
  expect(res.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
  assertWellFormedXml(res.text);
  return { res, feed: parseFeed(res.text) };
}

async function label(commentId: number, stance: 'pro' | 'against' | 'neutral', source: 'auto' | 'moderator') {
  await insertStanceLabels(t.db, [
    { comment_id: commentId, remark_id: null, label: stance, source, confidence: 0.9, cues: '[]', created_by: null, created_at: '2026-11-20T10:00:00.000Z' },
  ]);
}

describe('GET /feed', () => {
  it('lists published posts newest first with their authors and bodies, and no drafts', async () => {
    await createPost(t.db, { title: 'Older post' });
    await createPost(t.db, { title: 'A draft', status: 'draft' });
    const newer = await createPost(t.db, { title: 'Newer post' });
    const { feed } = await getFeed('/feed');
    expect(feed.meta.type).toBe('atom');
    expect(feed.items.map((i) => i.title)).toEqual(['Newer post', 'Older post']);
    expect(feed.items[0]?.url).toBe(`https://blog.example/posts/${newer.slug}`);
    expect(feed.items[0]?.content).toContain('A post body.');
    expect(feed.items[0]?.authors[0]?.name).toMatch(/^Author \d+$/);
    expect(feed.self).toBe('https://blog.example/feed');
  });
});

describe('GET /comments/feed and /posts/:slug/feed', () => {
  it('carry only approved comments of published posts, each with author, permalink, date and stance', async () => {
    const post = await createPost(t.db, { title: 'Is the bridge worth it?' });
    const other = await createPost(t.db, { title: 'Second debate' });
    const draft = await createPost(t.db, { title: 'Draft debate', status: 'draft' });
    const ana = await createComment(t.db, post.id, { name: 'Ana Kowal', body: 'It will pay for itself.', url: 'https://ana.example' });
    const ben = await createComment(t.db, other.id, { name: 'Ben Osei', body: 'Not convinced.' });
    await createComment(t.db, post.id, { name: 'Held Hal', status: 'pending' });
    await createComment(t.db, post.id, { name: 'Spam Sam', status: 'spam' });
    await createComment(t.db, draft.id, { name: 'Draft Dee' });
    await label(ana, 'against', 'auto');
    await label(ana, 'pro', 'moderator');

    const { feed: site } = await getFeed('/comments/feed');
    expect(site.items.map((i) => i.authors[0]?.name)).toEqual(['Ben Osei', 'Ana Kowal']);
    const { feed } = await getFeed(`/posts/${post.slug}/feed`);
    expect(feed.title).toBe('Comments on “Is the bridge worth it?”');
    expect(feed.items).toHaveLength(1);
    const [item] = feed.items;
    expect(item?.title).toBe('Ana Kowal on “Is the bridge worth it?”');
    expect(item?.url).toBe(`https://blog.example/posts/${post.slug}/comments/${ana}`);
    expect(item?.authors[0]).toMatchObject({ name: 'Ana Kowal', url: 'https://ana.example' });
    expect(item?.published?.toISOString()).toBe('2026-11-20T10:00:00.000Z');
    // The moderator's label wins over the classifier's.
    expect(item?.categories.map((c) => [c.term, c.label])).toEqual([['pro', 'For Jamie Rivera']]);
    expect(item?.content).toContain('For Jamie Rivera');
    expect(item?.content).toContain('It will pay for itself.');
    expect(site.items[0]?.categories).toEqual([]);
    expect(site.items[0]?.url).toBe(`https://blog.example/posts/${other.slug}/comments/${ben}`);
  });

  it('escapes hostile titles, names and bodies and drops characters XML forbids', async () => {
    const post = await createPost(t.db, { title: '</title><script>alert("t")</script> \u0001\u001f& end' });
    await createComment(t.db, post.id, {
      name: 'Eve <img src=x onerror=alert(1)>',
      body: '<script>alert(2)</script> ]]> \u0002\u000b\uffff <a href="javascript:alert(3)">x</a>',
    });
    for (const path of ['/feed', '/comments/feed', `/posts/${post.slug}/feed`]) {
      const { res, feed } = await getFeed(path);
      expect(res.text).not.toMatch(/<script|<img|<a /i);
      for (const ch of ['\u0001', '\u0002', '\u000b', '\u001f', '\uffff']) expect(res.text).not.toContain(ch);
      expect(feed.items[0]?.title).toContain('</title><script>alert("t")</script> & end');
    }
    const { res, feed } = await getFeed('/comments/feed');
    // The entry's HTML is the escaped rendering of what was typed: a reader shows the text and runs nothing.
    const [html = ''] = xmlElementTexts(res.text, 'content');
    expect(html).toContain('&lt;script&gt;alert(2)&lt;/script&gt; ]]&gt;');
    expect(html).toContain('&lt;a href&#61;&quot;javascript:alert(3)&quot;&gt;');
    expect(html).not.toMatch(/<script|<a /);
    expect(xmlElementTexts(res.text, 'name')[0]).toBe('Eve <img src=x onerror=alert(1)>');
    expect(feed.items[0]?.authors[0]?.name).toBe('Eve <img src=x onerror=alert(1)>');
  });

  it('answers 404 for a draft or missing post', async () => {
    const draft = await createPost(t.db, { status: 'draft' });
    await request(t.app.server).get(`/posts/${draft.slug}/feed`).expect(404);
    await request(t.app.server).get('/posts/no-such-post/feed').expect(404);
  });
});

describe('revalidation', () => {
  it('answers 304 to a matching ETag or date, and a new version once a comment is approved', async () => {
    const post = await createPost(t.db);
    for (const path of ['/feed', '/comments/feed', `/posts/${post.slug}/feed`]) {
      const first = await request(t.app.server).get(path).expect(200);
      const etag = String(first.headers.etag);
      expect(etag).toMatch(/^"[\w-]{32}"$/);
      expect(first.headers['cache-control']).toBe('public, no-cache');
      const again = await request(t.app.server).get(path).set('If-None-Match', `W/${etag}`).expect(304);
      expect(again.text).toBe('');
      expect(again.headers.etag).toBe(etag);
      await request(t.app.server).get(path).set('If-Modified-Since', String(first.headers['last-modified'])).expect(304);
      await request(t.app.server).get(path).set('If-None-Match', '"something-else"').expect(200);
    }
    const before = await request(t.app.server).get('/comments/feed').expect(200);
    const postBefore = await request(t.app.server).get(`/posts/${post.slug}/feed`).expect(200);
    const held = await createComment(t.db, post.id, { name: 'Late Lou', status: 'pending' });
    // A held comment is in no feed, so nothing a reader sees changed.
    await request(t.app.server).get('/comments/feed').set('If-None-Match', String(before.headers.etag)).expect(304);
    await t.db.updateTable('comments').set({ status: 'approved' }).where('id', '=', held).execute();
    for (const [path, old] of [
      ['/comments/feed', before],
      [`/posts/${post.slug}/feed`, postBefore],
    ] as const) {
      const fresh = await request(t.app.server).get(path).set('If-None-Match', String(old.headers.etag)).expect(200);
      expect(fresh.headers.etag).not.toBe(old.headers.etag);
      expect(parseFeed(fresh.text).items[0]?.authors[0]?.name).toBe('Late Lou');
    }
  });

  it('sends the cached feed gzipped to readers that take it', async () => {
    await createPost(t.db, { title: 'Zipped' });
    const res = await request(t.app.server).get('/feed').set('Accept-Encoding', 'gzip').expect(200);
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.headers.vary).toContain('Accept-Encoding');
    expect(parseFeed(res.text).items[0]?.title).toBe('Zipped');
  });
});

describe('feed links', () => {
  it('every page links the site feeds, and a post page its own comments feed', async () => {
    const post = await createPost(t.db, { title: 'Linked' });
    const front = await request(t.app.server).get('/').expect(200);
    expect(front.text).toContain('<link rel="alternate" type="application/atom+xml" title="Rejoinder: posts" href="/feed">');
    expect(front.text).toContain('href="/comments/feed"');
    expect(front.text).not.toContain('/feed" title');
    const page = await request(t.app.server).get(`/posts/${post.slug}`).expect(200);
    expect(page.text).toContain(`<link rel="alternate" type="application/atom+xml" title="Comments on “Linked”" href="/posts/${post.slug}/feed">`);
    const login = await request(t.app.server).get('/login').expect(200);
    expect(login.text).toContain('href="/comments/feed"');
  });
});
