import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../support/app.js';
import { signInAs } from '../support/auth.js';
import { createComment, createPost } from '../support/factories.js';

let t: TestContext;
let post: { id: number; slug: string };
let ids: { parent: number; reply: number; nested: number; other: number };

beforeEach(async () => {
  t = await createTestApp();
  post = await createPost(t.db);
  const parent = await createComment(t.db, post.id, { name: 'Mia', body: 'Spam spam spam.' });
  const reply = await createComment(t.db, post.id, { parentId: parent, depth: 1, name: 'Leo', body: 'Please stop.' });
  const nested = await createComment(t.db, post.id, { parentId: reply, depth: 2, name: 'Zoe', body: 'Agreed, Leo.' });
  const other = await createComment(t.db, post.id, { name: 'Ann', body: 'On topic.' });
  ids = { parent, reply, nested, other };
  const { agent, csrf } = await signInAs(t.app, t.db, 'moderator');
  await agent
    .post('/staff/moderation/bulk')
    .type('form')
    .send({ _csrf: csrf, bulk_action: 'spam', [`c${parent}`]: '1', return_to: '/staff/moderation' })
    .expect(303);
});
afterEach(async () => t.close());

describe('a removed parent', () => {
  it('keeps its replies under a "Comment removed" placeholder on the page, saying nothing of it', async () => {
    const page = await request(t.app.server).get(`/posts/${post.slug}`).expect(200);
    const placeholder = page.text.indexOf(`<li id="comment-${ids.parent}" class="comment level-1">`);
    expect(placeholder).toBeGreaterThan(-1);
    const slice = page.text.slice(placeholder, page.text.indexOf(`<li id="comment-${ids.other}"`));
    expect(slice).toContain('<p class="comment-removed-note">Comment removed</p>');
    expect(slice).toContain('2 replies to a removed comment');
    expect(slice).toContain(`<li id="comment-${ids.reply}" class="comment level-2">`);
    expect(slice).toContain(`<li id="comment-${ids.nested}" class="comment level-3">`);
    expect(page.text).not.toContain('Spam spam spam.');
    expect(page.text).toContain('3 responses');
  });

  it('keeps them nested in the JSON API, the placeholder marked removed', async () => {
    const res = await request(t.app.server).get(`/api/posts/${post.slug}`).expect(200);
    const body = res.body as { response_count: number; comments: { id: number; removed?: boolean; author?: unknown; replies: { id: number }[] }[] };
    expect(body.response_count).toBe(3);
    expect(body.comments.map((c) => c.id)).toEqual([ids.parent, ids.other]);
    expect(body.comments[0]).toMatchObject({ id: ids.parent, removed: true, replies: [{ id: ids.reply }] });
    expect(body.comments[0]!.author).toBeUndefined();
  });

  it('answers no reply form for the placeholder, and a restored parent shows again', async () => {
    const page = await request(t.app.server).get(`/posts/${post.slug}?replytocom=${ids.parent}`).expect(200);
    expect(page.text).not.toContain('Replying to');
    const { agent, csrf } = await signInAs(t.app, t.db, 'moderator');
    await agent
      .post('/staff/moderation/bulk')
      .type('form')
      .send({ _csrf: csrf, bulk_action: 'approve', [`c${ids.parent}`]: '1', return_to: '/staff/moderation' })
      .expect(303);
    const again = await request(t.app.server).get(`/posts/${post.slug}`).expect(200);
    expect(again.text).toContain('Spam spam spam.');
    expect(again.text).not.toContain('comment-removed-note');
  });
});
