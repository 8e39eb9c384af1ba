import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../support/app.js';
import { signInAs, visitorAgent } from '../support/auth.js';
import { createComment, createPost, formBody } from '../support/factories.js';

let t: TestContext;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => t.close());

type Visitor = Awaited<ReturnType<typeof visitorAgent>>;
const REASON = 'Her point about the contract dates settled it for me.';

/** A comment posted through the form by this visitor, with its self-declared side. */
async function postComment(v: Visitor, slug: string, fields: { name: string; email: string; body: string; stance: string }) {
  await v.agent
    .post(`/posts/${slug}/comments`)
    .type('form')
    .send(
      formBody({
        author_name: fields.name,
        author_email: fields.email,
        author_url: '',
        parent_id: '',
        body: fields.body,
        stance: fields.stance,
        _csrf: v.csrf,
      }),
    )
    .expect(303);
  return (await t.db.selectFrom('comments').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow()).id;
}

function markChanged(v: Visitor, slug: string, id: number, fields: Record<string, string>) {
  return v.agent
    .post(`/posts/${slug}/comments/${id}/changed-my-view`)
    .type('form')
    .send(formBody({ reason: '', stance: '', email: '', ...fields, _csrf: v.csrf }));
}

describe('this changed my view', () => {
  it('records the shift on the commenter’s earlier comment, counts it on the comment and lists it in the summary', async () => {
    const p = await createPost(t.db);
    const ines = await visitorAgent(t.app);
    const earlier = await postComment(ines, p.slug, { name: 'Ines', email: 'ines@example.test', body: 'I think Rivera is wrong here.', stance: 'against' });
    const persuader = await createComment(t.db, p.id, { name: 'Alba', body: 'The records show Rivera kept every date.' });

    const page = await request(t.app.server).get(`/posts/${p.slug}`).expect(200);
    expect(page.text).toContain(`href="/posts/${p.slug}/comments/${persuader}/changed-my-view"`);
    expect(page.text).not.toContain('changed 1 mind');
    const form = await ines.agent.get(`/posts/${p.slug}/comments/${persuader}/changed-my-view`).expect(200);
    expect(form.text).toContain('The records show Rivera kept every date.');

    const res = await markChanged(ines, p.slug, persuader, { reason: REASON, stance: 'pro' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/posts/${p.slug}/comments/${persuader}`);

    const labels = await t.db.selectFrom('stance_labels').select(['label', 'source', 'reason']).where('comment_id', '=', earlier).orderBy('id').execute();
    expect(labels.at(-1)).toEqual({ label: 'pro', source: 'self', reason: `view changed by comment #${persuader}` });
    const after = await request(t.app.server).get(`/posts/${p.slug}`).expect(200);
    expect(after.text).toMatch(new RegExp(`data-comment-id="${persuader}">[\\s\\S]*?<span class="minds-changed">changed 1 mind</span>`));

    const admin = await signInAs(t.app, t.db, 'admin');
    const summary = await admin.agent.get(`/staff/posts/${p.id}/stances`).expect(200);
    expect(summary.text).toContain('<b>Ines</b>: <span class="stance-against">Against</span> → <span class="stance-pro">For</span>');
    expect(summary.text).toContain(`changed by <a href="/posts/${p.slug}/comments/${persuader}">Alba’s comment</a>: “${REASON}”`);
  });

  it('needs a reason of a sentence: 422 with the text kept and the message next to the field', async () => {
    const p = await createPost(t.db);
    const ines = await visitorAgent(t.app);
    await postComment(ines, p.slug, { name: 'Ines', email: 'ines@example.test', body: 'Rivera is wrong.', stance: 'against' });
    const persuader = await createComment(t.db, p.id, { name: 'Alba' });
    const res = await markChanged(ines, p.slug, persuader, { reason: 'Good <b>point</b>', stance: 'pro' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('<span class="field-error" id="reason-error">Please say in a sentence');
    expect(res.text).toContain('>Good &lt;b&gt;point&lt;/b&gt;</textarea>');
    expect(res.text).toMatch(/value="pro" checked/);
    expect(await t.db.selectFrom('view_changes').select('id').execute()).toHaveLength(0);
  });

  it('only from a commenter with an earlier comment on the post: same visitor or same email, once, never on their own', async () => {
    const p = await createPost(t.db);
    const persuader = await createComment(t.db, p.id, { name: 'Alba' });
    const stranger = await visitorAgent(t.app);
    let res = await markChanged(stranger, p.slug, persuader, { reason: REASON, stance: 'pro' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('give the email you commented with');
    expect(res.text).toContain(REASON);

    // A comment after the persuader's does not count: a view changes on what one read after saying it.
    const ines = await visitorAgent(t.app);
    const own = await postComment(ines, p.slug, { name: 'Ines', email: 'ines@example.test', body: 'Rivera is wrong.', stance: 'against' });
    expect((await markChanged(ines, p.slug, persuader, { reason: REASON, stance: 'pro' })).status).toBe(422);
    const later = await createComment(t.db, p.id, { name: 'Bruno', body: 'Rivera kept every date.' });
    res = await markChanged(ines, p.slug, own, { reason: REASON, stance: 'pro' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('This is your own comment');

    // From another browser, by the email of the earlier comment (any case).
    const elsewhere = await visitorAgent(t.app);
    expect((await markChanged(elsewhere, p.slug, later, { reason: REASON, stance: 'pro', email: 'wrong@example.test' })).status).toBe(422);
    expect((await markChanged(elsewhere, p.slug, later, { reason: REASON, stance: 'against', email: 'INES@example.test' })).text).toContain(
      'That is where your earlier comment stood already',
    );
    expect((await markChanged(elsewhere, p.slug, later, { reason: REASON, stance: 'pro', email: 'INES@example.test' })).status).toBe(303);
    res = await markChanged(ines, p.slug, later, { reason: REASON, stance: 'neutral' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('You have already said this comment changed your view.');
    expect(await t.db.selectFrom('view_changes').select(['comment_id', 'earlier_comment_id', 'from_stance', 'to_stance']).execute()).toEqual([
      { comment_id: later, earlier_comment_id: own, from_stance: 'against', to_stance: 'pro' },
    ]);
  });

  it('answers 404 for a comment of another post or none, and 403 without the form token', async () => {
    const p = await createPost(t.db);
    const other = await createPost(t.db, { slug: 'other-post' });
    const elsewhere = await createComment(t.db, other.id);
    await request(t.app.server).get(`/posts/${p.slug}/comments/${elsewhere}/changed-my-view`).expect(404);
    await request(t.app.server).get(`/posts/${p.slug}/comments/999999/changed-my-view`).expect(404);
    await request(t.app.server).get(`/posts/${p.slug}/comments/abc/changed-my-view`).expect(400);
    const c = await createComment(t.db, p.id);
    await request(t.app.server).post(`/posts/${p.slug}/comments/${c}/changed-my-view`).type('form').send('reason=x').expect(403);
  });
});
