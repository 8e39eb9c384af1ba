import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recordModeratorLabel } from '../../server/stance/stance.service.js';
import { createTestApp, type TestContext } from '../support/app.js';
import { visitorAgent } from '../support/auth.js';
import { createPost, formBody } from '../support/factories.js';

let t: TestContext;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => t.close());

const reader = { author_name: 'Rosa', author_email: 'rosa@example.test', author_url: '', parent_id: '' };

async function post(slug: string, fields: Record<string, string>) {
  const { agent, csrf } = await visitorAgent(t.app);
  const res = await agent
    .post(`/posts/${slug}/comments`)
    .type('form')
    .send(formBody({ ...reader, ...fields, _csrf: csrf }));
  expect(res.status).toBe(303);
}

describe('stance labels on write', () => {
  it('labels every new comment automatically and keeps the self-declared label beside it', async () => {
    const p = await createPost(t.db);
    await post(p.slug, { body: 'Jamie Rivera is brilliant and generous, I admire her.', stance: '' });
    await post(p.slug, { body: 'Rivera is a fraud and a liar.', stance: 'pro' });
    const labels = await t.db.selectFrom('stance_labels').selectAll().orderBy('id').execute();
    expect(labels.map((l) => [l.comment_id, l.source])).toEqual([
      [1, 'auto'],
      [2, 'auto'],
      [2, 'self'],
    ]);
    expect(labels[0]!.label).toBe('pro');
    expect(labels[1]!.label).toBe('against');
    expect(JSON.parse(labels[0]!.cues).length).toBeGreaterThan(0);
  });

  it('shows the tally in the sidebar, self beating auto, and moderator beating both', async () => {
    const p = await createPost(t.db);
    await post(p.slug, { body: 'Rivera is a fraud and a liar.', stance: 'pro' });
    let page = await request(t.app.server).get(`/posts/${p.slug}`).expect(200);
    expect(page.text).toContain('All 1 comments and remarks');
    expect(page.text).toMatch(/For <strong>1<\/strong> <span class="pct">100%/);
    expect(page.text).toMatch(/<strong>0<\/strong> confirmed by moderators, <strong>1<\/strong> self-declared, <strong>0<\/strong> automatic/);
    await recordModeratorLabel(
      t.db,
      { commentId: 1 },
      'Rivera is a fraud and a liar.',
      { name: 'Jamie Rivera', aliases: [] },
      'against',
      null,
      '2026-11-26T12:00:00.000Z',
    );
    page = await request(t.app.server).get(`/posts/${p.slug}`).expect(200);
    expect(page.text).toMatch(/Against <strong>1<\/strong> <span class="pct">100%/);
    expect(page.text).toContain('<strong>1</strong> confirmed by moderators');
    expect(await t.db.selectFrom('stance_labels').selectAll().execute()).toHaveLength(3);
  });

  it('learns from moderator labels: the saved model changes the next automatic label', async () => {
    const subject = { name: 'Jamie Rivera', aliases: ['Rivera'] };
    const p = await createPost(t.db);
    const text = 'Zorbly flimflam snargle wuzzit.';
    await post(p.slug, { body: text, stance: '' });
    const before = await t.db.selectFrom('stance_labels').select(['label', 'confidence']).where('comment_id', '=', 1).executeTakeFirstOrThrow();
    for (let i = 0; i < 20; i++) {
      await recordModeratorLabel(t.db, { commentId: 1 }, text, subject, 'against', null, '2026-11-26T12:00:00.000Z');
    }
    // Another email: the same text twice from one email within minutes is refused as a duplicate.
    await post(p.slug, { body: text, stance: '', author_email: 'rosa.again@example.test' });
    const after = await t.db.selectFrom('stance_labels').select(['label', 'confidence']).where('comment_id', '=', 2).executeTakeFirstOrThrow();
    expect(before.label).toBe('neutral');
    expect(after.label).toBe('against');
    const saved = await t.db.selectFrom('stance_models').select('version').executeTakeFirstOrThrow();
    expect(saved.version).toBe(20);
  });
});
