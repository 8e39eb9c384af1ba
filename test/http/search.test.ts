import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../support/app.js';
import { signInAs } from '../support/auth.js';
import { createComment, createPost } from '../support/factories.js';

let t: TestContext;
beforeEach(async () => {
  t = await createTestApp({ COMMENTS_PER_PAGE: '2' });
});
afterEach(async () => t.close());

const search = async (q: string, status = 200) => (await request(t.app.server).get('/search').query({ q }).expect(status)).text;
/** The result headings in page order. */
const headings = (html: string) => [...html.matchAll(/<h2 class="search-result-title"><a href="[^"]*">([^<]*)<\/a>/g)].map((m) => m[1]);

describe('GET /search', () => {
  it('finds posts and comments by their words, best match first, only approved comments of published posts', async () => {
    const post = await createPost(t.db, { title: 'Should the ferry run at night?' });
    const draft = await createPost(t.db, { title: 'Ferry timetable draft', status: 'draft' });
    await createComment(t.db, post.id, { name: 'Ana Kowal', body: 'The night ferry would save the late shift an hour.' });
    await createComment(t.db, post.id, { name: 'Ben Osei', body: 'A ferry, a ferry, a ferry: but who pays for it at night?' });
    await createComment(t.db, post.id, { name: 'Held Hal', body: 'Night ferry now!', status: 'pending' });
    await createComment(t.db, post.id, { name: 'Spam Sam', body: 'Cheap ferry night tickets', status: 'spam' });
    await createComment(t.db, draft.id, { name: 'Draft Dee', body: 'ferry night' });
    const html = await search('ferry night');
    // The title match weighs most; then the comment with more matches.
    expect(headings(html)).toEqual([
      'Should the ferry run at night?',
      'Ben Osei on “Should the ferry run at night?”',
      'Ana Kowal on “Should the ferry run at night?”',
    ]);
    expect(html).toContain('3 matches for “ferry night”.');
    expect(html).toContain('The <mark>night</mark> <mark>ferry</mark> would save the late shift an hour.');
    expect(html).not.toMatch(/Held Hal|Spam Sam|Draft Dee/);
    expect(headings(await search('FERRY'))).toHaveLength(3);
    expect(await search('submarine')).toContain('Nothing matches “submarine”.');
  });

  it('links each comment to the thread page and anchor that show it', async () => {
    const post = await createPost(t.db, { title: 'Paged' });
    const ids = [];
    for (const name of ['One', 'Two', 'Three']) ids.push(await createComment(t.db, post.id, { name, body: `Comment ${name} about kites.` }));
    const reply = await createComment(t.db, post.id, { name: 'Four', body: 'A reply about kites.', parentId: ids[2]!, depth: 1 });
    const html = await search('kites');
    expect(html).toContain(`href="/posts/${post.slug}#comment-${ids[0]}"`);
    expect(html).toContain(`href="/posts/${post.slug}?cpage&#x3D;2#comment-${ids[2]}"`);
    expect(html).toContain(`href="/posts/${post.slug}?cpage&#x3D;2#comment-${reply}"`);
  });

  it('escapes what it shows and marks only the words it found', async () => {
    const post = await createPost(t.db, { title: '<script>alert(1)</script> bridge' });
    await createComment(t.db, post.id, { name: '<b>Eve</b>', body: '<img src=x onerror=alert(2)> the bridge & "the" <mark>tunnel</mark>' });
    const html = await search('bridge');
    expect(html).not.toMatch(/<script>alert|<img src|<b>Eve/);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; bridge');
    expect(html).toContain('&lt;img src&#x3D;x onerror&#x3D;alert(2)&gt; the <mark>bridge</mark> &amp; &quot;the&quot; &lt;mark&gt;tunnel&lt;/mark&gt;');
  });

  it('never fails on query syntax, quotes, huge or empty input', async () => {
    const post = await createPost(t.db, { title: 'Quotes and stars' });
    await createComment(t.db, post.id, { body: 'near the star of the show' });
    for (const q of [
      '"',
      '"unbalanced',
      "it's",
      'star*',
      'NEAR(star show)',
      'star AND OR NOT',
      '-star',
      'col:star',
      '^star',
      '(((',
      '\\',
      '%_',
      '\u0000star',
    ]) {
      const html = await search(q);
      expect(html).toContain('class="search-summary"');
    }
    expect(headings(await search('NEAR(star show)'))).toHaveLength(1);
    expect(await search('')).toContain('Type one or more words');
    expect(await search('  ?!.  ')).toContain('Type one or more words');
    const huge = `star ${'x'.repeat(1_000_000)}`;
    // A megabyte query string is refused by the HTTP layer long before search, and never with a 500.
    const res = await request(t.app.server).get('/search').query({ q: huge });
    expect(res.status).toBeLessThan(500);
    expect(headings(await search(`star ${'show '.repeat(500)}`))).toHaveLength(1);
    await request(t.app.server).get('/search?q=a&q=b&page=x').expect(200);
    await request(t.app.server).get('/search?q[x]=1&page=99999').expect(200);
  });

  it('keeps the index in step with edits, status changes and deletes', async () => {
    const post = await createPost(t.db, { title: 'Sync' });
    const id = await createComment(t.db, post.id, { name: 'Cleo', body: 'about lanterns', status: 'pending' });
    expect(headings(await search('lanterns'))).toEqual([]);
    await t.db.updateTable('comments').set({ status: 'approved' }).where('id', '=', id).execute();
    expect(headings(await search('lanterns'))).toHaveLength(1);
    await t.db.updateTable('comments').set({ body_raw: 'about candles' }).where('id', '=', id).execute();
    expect(headings(await search('lanterns'))).toEqual([]);
    expect(headings(await search('candles'))).toHaveLength(1);
    await t.db.updateTable('posts').set({ title: 'Candles everywhere' }).where('id', '=', post.id).execute();
    expect(headings(await search('candles'))).toEqual(['Candles everywhere', 'Cleo on “Candles everywhere”']);
    await t.db.deleteFrom('comments').where('id', '=', id).execute();
    expect(headings(await search('candles'))).toEqual(['Candles everywhere']);
    await t.db.deleteFrom('posts').where('id', '=', post.id).execute();
    expect(headings(await search('candles'))).toEqual([]);
  });

  it('shows staff held and spam comments too, marked, linked to their edit page', async () => {
    const post = await createPost(t.db, { title: 'Moderated' });
    const held = await createComment(t.db, post.id, { name: 'Held Hal', body: 'walrus facts', status: 'pending' });
    await createComment(t.db, post.id, { name: 'Spam Sam', body: 'walrus pills', status: 'spam' });
    await createComment(t.db, post.id, { name: 'Trash Tam', body: 'walrus trash', status: 'trash' });
    const { agent } = await signInAs(t.app, t.db, 'moderator');
    const res = await agent.get('/search?q=walrus').expect(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(headings(res.text).sort()).toEqual(['Held Hal on “Moderated”', 'Spam Sam on “Moderated”']);
    expect(res.text).toContain(`href="/staff/comments/${held}/edit"`);
    expect(res.text).toContain('Held for moderation');
    expect(headings(await search('walrus'))).toEqual([]);
  });

  it('puts a search box that works without JavaScript on every page', async () => {
    const post = await createPost(t.db);
    for (const path of ['/', `/posts/${post.slug}`, '/login', '/search']) {
      const html = (await request(t.app.server).get(path).expect(200)).text;
      expect(html).toMatch(
        /<form class="search-form" role="search" method="get" action="\/search"><label for="site-search-q">Search<\/label> <input type="search" id="site-search-q" name="q"/,
      );
    }
  });
});
