import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../support/app.js';
import { signInAs } from '../support/auth.js';
import { createComment, createPost } from '../support/factories.js';

let t: TestContext;
let post: { id: number; slug: string };

/** A reader's comment with an automatic label, as the comment form would leave it. */
async function readerComment(name: string, body: string) {
  const id = await createComment(t.db, post.id, { name, body });
  await t.db
    .insertInto('stance_labels')
    .values({
      comment_id: id,
      remark_id: null,
      label: 'pro',
      source: 'auto',
      confidence: 0.9,
      cues: '[]',
      created_by: null,
      created_at: '2026-11-20T10:00:00.000Z',
    })
    .execute();
  return id;
}

beforeEach(async () => {
  t = await createTestApp();
  post = await createPost(t.db);
  await readerComment('Ana Ferreira', 'A fine piece.');
});
afterEach(async () => t.close());

/** A moderator pastes one remark on the post, under a new staff comment introducing it. */
async function pasteRemark(agent: ReturnType<typeof request.agent>, csrf: string, intro: string) {
  await agent
    .post(`/staff/posts/${post.id}/remarks/one`)
    .type('form')
    .send({ _csrf: csrf, sourceGroup: 'Harbour readers group', intro, authorName: 'Tomas Lind', body: 'I liked it too.' })
    .expect(303);
}

describe('who is a participant', () => {
  it('leaves a staff comment that carries pasted remarks out of the sidebar and the summary, and counts its remarks', async () => {
    const { agent, csrf, user } = await signInAs(t.app, t.db, 'moderator');
    await pasteRemark(agent, csrf, 'Shared from the harbour readers group:');
    const carrier = await t.db.selectFrom('comments').select(['id', 'staff_badge']).where('author_name', '=', user.name).executeTakeFirstOrThrow();
    expect(carrier.staff_badge).toBe('moderator');
    // The carrier has a label of its own (it is a comment like any other) but counts for nobody.
    expect(await t.db.selectFrom('stance_labels').select('id').where('comment_id', '=', carrier.id).execute()).toHaveLength(1);

    const page = await request(t.app.server).get(`/posts/${post.slug}`).expect(200);
    expect(page.text).toContain('All 2 comments and remarks');
    expect(page.text).toContain('By participant (2 people, latest view each)');

    const summary = await agent.get(`/staff/posts/${post.id}/stances`).expect(200);
    const listed = [...summary.text.matchAll(/<li>([^<]+) <span class="muted">\(\d+\)/g)].map((m) => m[1]);
    expect(listed).toContain('Ana Ferreira');
    expect(listed).toContain('Tomas Lind');
    expect(listed).not.toContain(user.name);
  });

  it('still counts a reader comment that staff attached remarks to', async () => {
    const reader = await readerComment('Bea Holm', 'Here is what my club said.');
    const { agent, csrf } = await signInAs(t.app, t.db, 'moderator');
    await agent
      .post(`/staff/comments/${reader}/remarks/one`)
      .type('form')
      .send({ _csrf: csrf, sourceGroup: 'Harbour readers group', authorName: 'Tomas Lind', body: 'I liked it too.' })
      .expect(303);
    const page = await request(t.app.server).get(`/posts/${post.slug}`).expect(200);
    expect(page.text).toContain('All 3 comments and remarks');
    expect(page.text).toContain('By participant (3 people, latest view each)');
  });
});
