import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { insertStanceLabels } from '../../server/stance/stance.repository.js';
import { createTestApp, type TestContext } from '../support/app.js';
import { signInAs } from '../support/auth.js';
import { createComment, createPost, createRemarks, formBody } from '../support/factories.js';

let t: TestContext;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => t.close());

const at = '2026-11-20T10:00:00.000Z';

async function threadWithLabels() {
  const p = await createPost(t.db);
  const a = await createComment(t.db, p.id, { name: 'Alba' });
  const b = await createComment(t.db, p.id, { name: 'Bruno' });
  const c = await createComment(t.db, p.id, { name: 'Chiara' });
  const [remark] = await createRemarks(t.db, a, [{ author: 'Dara Quill', body: 'Agreed with every word.' }]);
  await insertStanceLabels(t.db, [
    { comment_id: a, remark_id: null, label: 'pro', source: 'self', confidence: 1, cues: '[]', created_by: null, created_at: at },
    { comment_id: b, remark_id: null, label: 'against', source: 'auto', confidence: 0.35, cues: '[]', created_by: null, created_at: at },
    { comment_id: c, remark_id: null, label: 'neutral', source: 'auto', confidence: 0.9, cues: '[]', created_by: null, created_at: at },
    { comment_id: null, remark_id: Number(remark), label: 'pro', source: 'moderator', confidence: 1, cues: '[]', created_by: null, created_at: at },
  ]);
  return { p, a, b, c };
}

const badgeOf = (html: string, id: number) =>
  new RegExp(`id="comment-${id}"[\\s\\S]*?<span class="side-badge side-(\\w+)" title="([^"]+)">(\\w+)`).exec(html)?.slice(1);

describe('side badges', () => {
  it('show each comment’s and remark’s side, with its source in the tooltip', async () => {
    const { p, a, b, c } = await threadWithLabels();
    const page = await request(t.app.server).get(`/posts/${p.slug}`).expect(200);
    expect(badgeOf(page.text, a)).toEqual(['pro', 'self-declared by the commenter', 'For']);
    expect(badgeOf(page.text, b)).toEqual(['unsure', 'automatic, 35% confident, leaning against', 'Unsure']);
    expect(badgeOf(page.text, c)).toEqual(['neutral', 'automatic, 90% confident', 'Neither']);
    expect(page.text).toMatch(/<p class="remark-byline"><span class="side-badge side-pro" title="set by a moderator">For/);
  });

  it('a site setting hides them from readers, and the cached page follows it at once', async () => {
    const { p } = await threadWithLabels();
    expect((await request(t.app.server).get(`/posts/${p.slug}`)).text).toContain('side-badge');
    const admin = await signInAs(t.app, t.db, 'admin');
    const settings = await admin.agent.get('/staff/settings').expect(200);
    expect(settings.text).toMatch(/name="showSideBadges" value="1" checked/);
    await admin.agent
      .post('/staff/settings/debate')
      .type('form')
      .send(formBody({ showSideBadges: '', stancePrompt: '1', _csrf: admin.csrf }))
      .expect(303)
      .expect('location', '/staff/settings?saved=debate#debate-settings');
    expect((await request(t.app.server).get(`/posts/${p.slug}`)).text).not.toContain('side-badge');
    const saved = await admin.agent.get('/staff/settings?saved=debate').expect(200);
    expect(saved.text).not.toMatch(/name="showSideBadges" value="1" checked/);
    expect(saved.text).toContain('Saved.');
    const audit = await t.db.selectFrom('audit_log').select('action').where('action', '=', 'settings.debate').execute();
    expect(audit).toHaveLength(1);
  });

  it('a malformed setting comes back with a message and changes nothing', async () => {
    const { p } = await threadWithLabels();
    const admin = await signInAs(t.app, t.db, 'admin');
    const res = await admin.agent
      .post('/staff/settings/debate')
      .type('form')
      .send(formBody({ showSideBadges: 'yes please', stancePrompt: '1', _csrf: admin.csrf }));
    expect(res.status).toBe(422);
    expect(res.text).toContain('Not saved: Tick the box or leave it');
    expect((await request(t.app.server).get(`/posts/${p.slug}`)).text).toContain('side-badge');
  });
});
