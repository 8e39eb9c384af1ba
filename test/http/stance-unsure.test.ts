import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../support/app.js';
import { signInAs } from '../support/auth.js';
import { createComment, createPost } from '../support/factories.js';

let t: TestContext;
let post: { id: number; slug: string };
let ids: { sure: number; guess: number; selfSure: number };

function label(commentId: number, l: 'pro' | 'against' | 'neutral', source: 'auto' | 'self', confidence: number) {
  return { comment_id: commentId, remark_id: null, label: l, source, confidence, cues: '[]', created_by: null, created_at: '2026-11-20T10:00:00.000Z' };
}

beforeEach(async () => {
  t = await createTestApp();
  post = await createPost(t.db);
  const sure = await createComment(t.db, post.id, { name: 'Ana', body: 'Rivera is a hero.' });
  const guess = await createComment(t.db, post.id, { name: 'Ben', body: 'Hmm.' });
  const selfSure = await createComment(t.db, post.id, { name: 'Cy', body: 'Rivera is great.' });
  ids = { sure, guess, selfSure };
  await t.db
    .insertInto('stance_labels')
    .values([
      label(sure, 'pro', 'auto', 0.92),
      label(guess, 'against', 'auto', 0.41),
      label(selfSure, 'pro', 'auto', 0.95),
      label(selfSure, 'against', 'self', 1),
    ])
    .execute();
});
afterEach(async () => t.close());

const reviewOrder = (html: string) => [...html.matchAll(/id="review-c(\d+)"/g)].map((m) => Number(m[1]));

describe('saying when it is unsure', () => {
  it('counts an automatic label below the threshold as unsure in the sidebar, not as a side', async () => {
    const page = await request(t.app.server).get(`/posts/${post.slug}`).expect(200);
    expect(page.text).toMatch(/For <strong>1<\/strong> <span class="pct">33.3%/);
    expect(page.text).toMatch(/Against <strong>1<\/strong>/);
    expect(page.text).toMatch(/<li class="side-unsure"><span class="swatch" aria-hidden="true"><\/span>Unsure <strong>1<\/strong> <span class="pct">33.3%/);
    expect(page.text).toContain('<strong>1</strong> automatic labels less than 60% sure count as unsure, not as a side.');
  });

  it('takes the threshold from the settings page (422 keeps a bad value), and the pages follow at once', async () => {
    const { agent, csrf } = await signInAs(t.app, t.db, 'admin');
    const bad = await agent.post('/staff/settings/stance').type('form').send({ _csrf: csrf, unsurePercent: '140' }).expect(422);
    expect(bad.text).toContain('Enter a whole number from 0 to 100');
    expect(bad.text).toContain('value="140"');
    await request(t.app.server).get(`/posts/${post.slug}`).expect(200);
    await agent.post('/staff/settings/stance').type('form').send({ _csrf: csrf, unsurePercent: '40' }).expect(303);
    expect((await agent.get('/staff/settings').expect(200)).text).toContain('name="unsurePercent" type="number" min="0" max="100" value="40"');
    const page = await request(t.app.server).get(`/posts/${post.slug}`).expect(200);
    expect(page.text).not.toContain('side-unsure');
    expect(page.text).toMatch(/Against <strong>2<\/strong>/);
  });

  it('uses the same threshold for "needs review", which also lists sure labels the commenter disagrees with, and the summary counts unsure apart', async () => {
    const { agent } = await signInAs(t.app, t.db, 'moderator');
    expect(reviewOrder((await agent.get('/staff/stances?needs=1').expect(200)).text)).toEqual([ids.selfSure, ids.guess]);
    const summary = await agent.get(`/staff/posts/${post.id}/stances`).expect(200);
    expect(summary.text).toContain('<strong>Unsure: 1</strong> automatic labels less than 60% sure');
    expect(summary.text).toMatch(/<h3 class="stance-against">Against \(1\)<\/h3>/);
  });
});
