import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEST_NOW, createTestApp, type TestContext } from '../support/app.js';
import { signInAs, type Agent, type TestUser } from '../support/auth.js';
import { createComment, createPost, createRemarks } from '../support/factories.js';

let t: TestContext;
let agent: Agent;
let csrf: string;
let author: TestUser;
beforeEach(async () => {
  t = await createTestApp();
  ({ agent, csrf, user: author } = await signInAs(t.app, t.db, 'author'));
});
afterEach(async () => t.close());

const valid = {
  title: 'Is Rivera right?',
  slug: '',
  body: '# Heading\n\nSome **bold** claim.',
  subject_name: 'Jamie Rivera',
  subject_aliases: 'Rivera, Jamie, , Rivera',
  author_stance: 'pro',
  status: 'published',
  comments_open: '1',
  moderation_mode: 'first_time',
  intent: 'save',
};

function save(fields: Record<string, string>, path = '/staff/posts') {
  return agent
    .post(path)
    .type('form')
    .send({ ...fields, _csrf: csrf });
}

async function onlyPost() {
  return t.db.selectFrom('posts').selectAll().executeTakeFirstOrThrow();
}

describe('writing a post', () => {
  it('stores Markdown, its sanitized HTML, a slug from the title, aliases and settings', async () => {
    const res = await save(valid).expect(303);
    const post = await onlyPost();
    expect(res.headers.location).toBe(`/staff/posts/${post.id}/edit?saved=1`);
    expect(post).toMatchObject({
      slug: 'is-rivera-right',
      author_id: author.id,
      status: 'published',
      body_raw: valid.body,
      subject_aliases: '["Rivera","Jamie"]',
      author_stance: 'pro',
      comments_open: 1,
      moderation_mode: 'first_time',
      published_at: TEST_NOW.toISOString(),
      excerpt: 'Some bold claim.',
    });
    expect(post.body_html).toBe('<h2>Heading</h2>\n<p>Some <strong>bold</strong> claim.</p>\n');
    const page = await request(t.app.server).get('/posts/is-rivera-right').expect(200);
    expect(page.text).toContain('<strong>bold</strong>');
  });

  it('strips script, event handlers and javascript: links from the Markdown', async () => {
    const body =
      '<script>alert(1)</script>\n\n<img src="x" onerror="alert(2)">\n\n[click](javascript:alert(3)) <a href="https://ok.example" onclick="x()">ok</a>';
    await save({ ...valid, body }).expect(303);
    const { body_html } = await onlyPost();
    expect(body_html).not.toMatch(/script|onerror|onclick|javascript:/);
    expect(body_html).toContain('<a href="https://ok.example" rel="noopener">ok</a>');
  });

  it('previews without storing, keeping every field', async () => {
    const res = await save({ ...valid, intent: 'preview' }).expect(200);
    expect(res.text).toContain('Preview (not saved yet)');
    expect(res.text).toContain('<p>Some <strong>bold</strong> claim.</p>');
    expect(res.text).toContain('># Heading\n\nSome **bold** claim.</textarea>');
    expect(res.text).toContain('value="Rivera, Jamie, , Rivera"');
    expect(await t.db.selectFrom('posts').selectAll().execute()).toHaveLength(0);
  });

  it.each([
    ['missing title', { title: '' }, 'title', 'Please give the post a title'],
    ['bad slug', { slug: 'Not a slug!' }, 'slug', 'lower-case letters'],
    ['empty body', { body: '  ' }, 'body', 'Please write the post'],
    ['missing subject', { subject_name: '' }, 'subject_name', 'Who is this post about?'],
    ['unknown stance', { author_stance: 'maybe' }, 'author_stance', 'for, against or neither'],
    ['unknown mode', { moderation_mode: 'chaos' }, 'moderation_mode', 'how comments are moderated'],
  ])('%s: 422 with the message beside the field and the text kept', async (_name, change, field, message) => {
    const res = await save({ ...valid, ...change }).expect(422);
    expect(res.text).toContain('The post was not saved');
    expect(res.text).toMatch(new RegExp(`id="${field}-error"[^>]*>[^<]*${message}|class="field-error">[^<]*${message}`));
    if (field !== 'body') expect(res.text).toContain('># Heading\n\nSome **bold** claim.</textarea>');
    expect(await t.db.selectFrom('posts').selectAll().execute()).toHaveLength(0);
  });

  it('keeps drafts off the site and publishes them later with a first publication date', async () => {
    await save({ ...valid, status: 'draft' }).expect(303);
    const draft = await onlyPost();
    expect(draft.published_at).toBeNull();
    await request(t.app.server).get(`/posts/${draft.slug}`).expect(404);
    expect((await request(t.app.server).get('/').expect(200)).text).not.toContain('Is Rivera right?');
    await save({ ...valid, slug: draft.slug }, `/staff/posts/${draft.id}`).expect(303);
    expect((await onlyPost()).published_at).toBe(TEST_NOW.toISOString());
  });
});

describe('slugs', () => {
  it('redirects an old slug with 301 to the new one, for the page and the API', async () => {
    await save(valid).expect(303);
    const post = await onlyPost();
    await save({ ...valid, slug: 'rivera-debate' }, `/staff/posts/${post.id}`).expect(303);
    const page = await request(t.app.server).get('/posts/is-rivera-right?replytocom=5').expect(301);
    expect(page.headers.location).toBe('/posts/rivera-debate?replytocom=5');
    const api = await request(t.app.server).get('/api/posts/is-rivera-right').expect(301);
    expect(api.headers.location).toBe('/api/posts/rivera-debate');
    await request(t.app.server).get('/posts/rivera-debate').expect(200);
    // Taking the old slug back removes the redirect instead of looping.
    await save({ ...valid, slug: 'is-rivera-right' }, `/staff/posts/${post.id}`).expect(303);
    await request(t.app.server).get('/posts/is-rivera-right').expect(200);
    await request(t.app.server).get('/posts/rivera-debate').expect(301);
  });

  it('refuses a slug another post uses or used, keeping the text', async () => {
    const other = await createPost(t.db, { slug: 'taken' });
    await t.db.insertInto('post_slugs').values({ post_id: other.id, slug: 'once-taken', created_at: 'x' }).execute();
    for (const slug of ['taken', 'once-taken']) {
      const res = await save({ ...valid, slug }).expect(422);
      expect(res.text).toContain('Another post uses (or used) this address');
      expect(res.text).toContain('># Heading\n\nSome **bold** claim.</textarea>');
    }
  });

  it('numbers a generated slug that is taken', async () => {
    await createPost(t.db, { slug: 'is-rivera-right' });
    await save(valid).expect(303);
    const rows = await t.db.selectFrom('posts').select('slug').orderBy('id').execute();
    expect(rows.map((r) => r.slug)).toEqual(['is-rivera-right', 'is-rivera-right-2']);
  });
});

describe('dashboard', () => {
  it('lists only the author’s posts with comment, pending and stance counts', async () => {
    await save(valid).expect(303);
    const mine = await onlyPost();
    await createPost(t.db, { title: 'Someone else’s post' });
    const a = await createComment(t.db, mine.id);
    const b = await createComment(t.db, mine.id);
    const held = await createComment(t.db, mine.id, { status: 'pending' });
    const [remark] = await createRemarks(t.db, a, [{ author: 'Group member', body: 'A remark.' }]);
    const [heldRemark] = await createRemarks(t.db, held, [{ author: 'Group member', body: 'Held with its comment.' }]);
    const label = (target: { comment_id: number | null; remark_id: number | null }, label: 'pro' | 'against', source: 'auto' | 'moderator', id: string) => ({
      ...target,
      label,
      source,
      confidence: 0.5,
      cues: '[]',
      created_by: null,
      created_at: id,
    });
    const onComment = (id: number) => ({ comment_id: id, remark_id: null });
    const onRemark = (id: number | undefined) => ({ comment_id: null, remark_id: id ?? null });
    await t.db
      .insertInto('stance_labels')
      .values([
        label(onComment(a), 'pro', 'auto', '1'),
        label(onComment(b), 'pro', 'auto', '2'),
        label(onComment(b), 'against', 'moderator', '3'),
        label(onRemark(remark), 'against', 'auto', '4'),
        label(onComment(held), 'against', 'auto', '5'),
        label(onRemark(heldRemark), 'against', 'auto', '6'),
      ])
      .execute();
    const res = await agent.get('/staff').expect(200);
    expect(res.text).toContain('Is Rivera right?');
    expect(res.text).not.toContain('Someone else’s post');
    expect(res.text).toMatch(
      new RegExp(`<tr id="post-${mine.id}">[\\s\\S]*?<td class="num" data-label="Comments">2</td>\\s*<td class="num" data-label="Pending">1</td>`),
    );
    // The remark on an approved comment counts; a held comment and its remark do not.
    expect(res.text).toContain('1 for</span> · <span class="stance-against">2 against</span> · <span class="stance-neutral">0 neither');
  });
});
