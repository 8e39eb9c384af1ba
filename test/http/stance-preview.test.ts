import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PREVIEWS_PER_WINDOW } from '../../server/debate/preview-limit.js';
import { createTestApp, type TestContext } from '../support/app.js';
import { signInAs, visitorAgent } from '../support/auth.js';
import { createComment, createPost, formBody } from '../support/factories.js';

let t: TestContext;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => t.close());

type Visitor = Awaited<ReturnType<typeof visitorAgent>>;

function preview(v: Visitor, slug: string, fields: Record<string, string>) {
  return v.agent
    .post(`/posts/${slug}/stance-preview`)
    .type('form')
    .set('accept', 'application/json')
    .send(formBody({ parent_id: '', author_name: 'Ines', ...fields, _csrf: v.csrf }));
}

const countRows = async () =>
  Promise.all(
    ['comments', 'stance_labels'].map(
      async (table) =>
        (
          await t.db
            .selectFrom(table as 'comments')
            .select('id')
            .execute()
        ).length,
    ),
  );

describe('the stance prompt', () => {
  it('reads a draft in its thread and answers how it reads, storing nothing', async () => {
    const p = await createPost(t.db);
    const parent = await createComment(t.db, p.id, { name: 'Alba', body: 'Rivera is a fraud and a liar.' });
    const page = await request(t.app.server).get(`/posts/${p.slug}`).expect(200);
    expect(page.text).toContain(`data-stance-prompt="/posts/${p.slug}/stance-preview"`);
    expect(page.text).toContain('<script src="/static/js/stance-prompt.js" defer>');
    const before = await countRows();
    const v = await visitorAgent(t.app);
    const res = await preview(v, p.slug, { body: 'Rivera is a fraud, a liar and a cheat. Shameful.' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ stance: 'against', text: 'This reads as against Jamie Rivera. Right?' });
    // In its thread: "Exactly." agrees with the comment it answers.
    const reply = await preview(v, p.slug, { body: 'Exactly this, well said.', parent_id: String(parent) });
    expect(reply.body.stance).toBe('against');
    expect(await countRows()).toEqual(before);
  });

  it('refuses an empty draft with JSON fields, a form without its token, and too many previews from one address', async () => {
    const p = await createPost(t.db);
    const v = await visitorAgent(t.app);
    const empty = await preview(v, p.slug, { body: '  ' });
    expect(empty.status).toBe(400);
    expect(empty.body).toMatchObject({ code: 'bad_request', fields: { body: 'Type a comment first' } });
    await request(t.app.server).post(`/posts/${p.slug}/stance-preview`).type('form').send('body=x').expect(403);
    for (let i = 0; i < PREVIEWS_PER_WINDOW; i++) expect((await preview(v, p.slug, { body: `Draft ${i} is fine by me.` })).status).toBe(200);
    const other = await visitorAgent(t.app);
    const limited = await preview(other, p.slug, { body: 'One more draft.' });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('works in the frame too, checked without cookies as its form is', async () => {
    const p = await createPost(t.db);
    const page = await t.app.inject({ method: 'GET', url: `/embed/posts/${p.slug}` });
    expect(page.body).toContain(`data-stance-prompt="/embed/posts/${p.slug}/stance-preview"`);
    expect(page.body).toContain('<script src="/static/js/stance-prompt.js" defer>');
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const framed = (headers: Record<string, string>, csrf = token) =>
      t.app.inject({
        method: 'POST',
        url: `/embed/posts/${p.slug}/stance-preview`,
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', ...headers },
        payload: formBody({ body: 'Rivera is a fraud, a liar and a cheat. Shameful.', parent_id: '', author_name: 'Ines', _csrf: csrf }),
      });
    const res = await framed({ 'sec-fetch-site': 'same-origin' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ stance: 'against', text: 'This reads as against Jamie Rivera. Right?' });
    expect((await framed({ 'sec-fetch-site': 'cross-site' })).statusCode).toBe(403);
    expect((await framed({ 'sec-fetch-site': 'same-origin' }, 'x'.repeat(43))).json()).toMatchObject({ code: 'csrf' });
  });

  it('the setting turns it off: no prompt on the form and no answer from the endpoint', async () => {
    const p = await createPost(t.db);
    const admin = await signInAs(t.app, t.db, 'admin');
    await admin.agent
      .post('/staff/settings/debate')
      .type('form')
      .send(formBody({ showSideBadges: '1', stancePrompt: '', _csrf: admin.csrf }))
      .expect(303);
    const page = await request(t.app.server).get(`/posts/${p.slug}`).expect(200);
    expect(page.text).toContain('id="commentform"');
    expect(page.text).not.toContain('data-stance-prompt');
    const v = await visitorAgent(t.app);
    expect((await preview(v, p.slug, { body: 'Rivera is a fraud.' })).status).toBe(404);
  });
});
