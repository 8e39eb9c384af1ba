import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../support/app.js';
import { signInAs, visitorAgent } from '../support/auth.js';
import { createComment, createPost } from '../support/factories.js';
import { formFields } from '../support/html.js';

let t: TestContext;
let post: { id: number; slug: string };
let carrier: number;
beforeEach(async () => {
  t = await createTestApp();
  post = await createPost(t.db);
  carrier = await createComment(t.db, post.id, { name: 'Carrier', body: 'From the group:' });
});
afterEach(async () => t.close());

const PASTE = [
  'First remark, with a link https://example.org/a and an emoji 🎉',
  'By',
  'Alma Reyes Managing Director at Northwind Ltd',
  '',
  'posted 3 days ago',
  '# Bo Chen',
  '',
  'Second remark on two',
  'lines.',
  'By',
  'Bo Chen Owner, Chen Media',
  '',
  'posted 1 day ago',
].join('\n');

const remarks = () => t.db.selectFrom('group_remarks').selectAll().orderBy('position').execute();

describe('group remarks, staff side', () => {
  it('sends readers to sign in and refuses their posts', async () => {
    const res = await request(t.app.server).get(`/staff/comments/${carrier}/remarks`).expect(303);
    expect(res.headers.location).toMatch(/^\/login\?next=/);
    const { agent, csrf } = await visitorAgent(t.app);
    await agent.post(`/staff/comments/${carrier}/remarks/preview`).type('form').send({ _csrf: csrf, sourceGroup: 'G', paste: PASTE }).expect(403);
    expect(await remarks()).toHaveLength(0);
  });

  it('refuses an author who does not own the post', async () => {
    const { agent, csrf } = await signInAs(t.app, t.db, 'author');
    await agent.get(`/staff/comments/${carrier}/remarks`).expect(403);
    await agent.post(`/staff/comments/${carrier}/remarks/preview`).type('form').send({ _csrf: csrf, sourceGroup: 'G', paste: PASTE }).expect(403);
  });

  it('previews a paste as editable rows, then saves them in order with stance labels', async () => {
    const { agent, csrf } = await signInAs(t.app, t.db, 'moderator');
    const preview = await agent
      .post(`/staff/comments/${carrier}/remarks/preview`)
      .type('form')
      .send({ _csrf: csrf, sourceGroup: 'Growth group on LinkedIn', sourceUrl: '', paste: PASTE })
      .expect(200);
    expect(preview.text).toContain('Check 2 remarks before saving');
    expect(preview.text).toContain('name="r0_authorName" type="text" value="Alma Reyes"');
    expect(preview.text).toContain('value="Managing Director at Northwind Ltd"');
    expect(await remarks()).toHaveLength(0);
    const previewForm = preview.text.slice(preview.text.indexOf('id="preview-title"'), preview.text.indexOf('id="paste-title"'));
    const form = { ...formFields(previewForm), r0_keep: '1', r1_keep: '1', action: 'save' };
    const saved = await agent.post(`/staff/comments/${carrier}/remarks`).type('form').send(form).expect(303);
    expect(saved.headers.location).toBe(`/posts/${post.slug}#comment-${carrier}`);
    const rows = await remarks();
    expect(rows.map((r) => [r.author_name, r.headline, r.posted_label, r.position])).toEqual([
      ['Alma Reyes', 'Managing Director at Northwind Ltd', 'posted 3 days ago', 0],
      ['Bo Chen', 'Owner, Chen Media', 'posted 1 day ago', 1],
    ]);
    expect(rows[0]!.posted_at).toBe('2026-11-23T12:00:00.000Z');
    expect(rows[0]!.body_raw).toContain('🎉');
    const labels = await t.db.selectFrom('stance_labels').selectAll().where('remark_id', 'is not', null).execute();
    expect(labels).toHaveLength(2);
    const page = await request(t.app.server).get(`/posts/${post.slug}`).expect(200);
    expect(page.text).toContain('From Growth group on LinkedIn');
    expect(page.text).toContain('Cross-posted remarks (2)');
    const api = await request(t.app.server).get(`/api/posts/${post.slug}`).expect(200);
    expect(api.body.comments[0].remarks.map((r: { author_name: string }) => r.author_name)).toEqual(['Alma Reyes', 'Bo Chen']);
  });

  it('applies drop, merge and split edits in the preview before saving', async () => {
    const { agent, csrf } = await signInAs(t.app, t.db, 'moderator');
    const base = { _csrf: csrf, sourceGroup: 'G', sourceUrl: '', intro: '', row_count: '3' };
    const row = (i: number, name: string, body: string) => ({
      [`r${i}_authorName`]: name,
      [`r${i}_body`]: body,
      [`r${i}_headline`]: '',
      [`r${i}_postedLabel`]: '',
      [`r${i}_postedAt`]: '',
    });
    const res = await agent
      .post(`/staff/comments/${carrier}/remarks`)
      .type('form')
      .send({
        ...base,
        ...row(0, 'A', 'one\n---\ntwo'),
        ...row(1, 'B', 'dropped'),
        ...row(2, 'C', 'merged'),
        r0_keep: '1',
        r2_keep: '1',
        r2_merge: '1',
        action: 'update',
      })
      .expect(200);
    expect(res.text).toContain('Check 2 remarks before saving');
    expect(res.text).toMatch(/name="r0_body"[^>]*>one<\/textarea>/);
    expect(res.text).toMatch(/name="r1_body"[^>]*>two\n\nmerged<\/textarea>/);
    expect(res.text).not.toContain('dropped');
    expect(res.text).toContain('split from the remark above');
  });

  it('re-renders a bad paste form with 422 and keeps the paste', async () => {
    const { agent, csrf } = await signInAs(t.app, t.db, 'moderator');
    const res = await agent
      .post(`/staff/comments/${carrier}/remarks/preview`)
      .type('form')
      .send({ _csrf: csrf, sourceGroup: '', sourceUrl: 'javascript:alert(1)', paste: 'keep this text' })
      .expect(422);
    expect(res.text).toContain('The group name is required.');
    expect(res.text).toContain('http:// or https://');
    expect(res.text).toContain('>keep this text</textarea>');
  });

  it.each(['against', 'pro'] as const)("reads remarks in their thread: siding with the post's author (who is %s) takes the author's side", async (side) => {
    const { author_id } = await t.db.selectFrom('posts').select('author_id').where('id', '=', post.id).executeTakeFirstOrThrow();
    await t.db.updateTable('users').set({ name: 'Greta Lindqvist' }).where('id', '=', author_id).execute();
    await t.db.updateTable('posts').set({ author_stance: side }).where('id', '=', post.id).execute();
    const { agent, csrf } = await signInAs(t.app, t.db, 'moderator');
    const row = (i: number, name: string, body: string) => ({ [`r${i}_authorName`]: name, [`r${i}_body`]: body, [`r${i}_keep`]: '1' });
    await agent
      .post(`/staff/comments/${carrier}/remarks`)
      .type('form')
      .send({
        _csrf: csrf,
        sourceGroup: 'G',
        row_count: '2',
        ...row(0, 'Tove Brandt', 'The match report is up on the club site.'),
        ...row(1, 'Oskar Lind', "Read your post, Greta, and I'm on your side."),
        action: 'save',
      })
      .expect(303);
    const saved = await t.db
      .selectFrom('stance_labels')
      .innerJoin('group_remarks', 'group_remarks.id', 'stance_labels.remark_id')
      .select(['group_remarks.author_name', 'stance_labels.label', 'stance_labels.cues'])
      .where('group_remarks.author_name', '=', 'Oskar Lind')
      .execute();
    expect(saved.map((l) => l.label)).toEqual([side]);
    expect(saved[0]!.cues).toContain(`agrees with Greta Lindqvist, which is ${side}`);
  });

  it('refuses to save a row without an author, keeping every row', async () => {
    const { agent, csrf } = await signInAs(t.app, t.db, 'moderator');
    const res = await agent
      .post(`/staff/comments/${carrier}/remarks`)
      .type('form')
      .send({ _csrf: csrf, sourceGroup: 'G', row_count: '1', r0_authorName: '', r0_body: 'orphan text', r0_keep: '1', action: 'save' })
      .expect(422);
    expect(res.text).toContain('The author name is required.');
    expect(res.text).toContain('>orphan text</textarea>');
    expect(await remarks()).toHaveLength(0);
  });

  it('adds one remark by hand, edits it, deletes it; hostile text stays inert', async () => {
    const { agent, csrf } = await signInAs(t.app, t.db, 'moderator');
    const hostile = '<script>alert(1)</script><img src=x onerror=alert(2)>';
    await agent
      .post(`/staff/comments/${carrier}/remarks/one`)
      .type('form')
      .send({ _csrf: csrf, sourceGroup: hostile, sourceUrl: '', authorName: hostile, headline: hostile, postedLabel: hostile, postedAt: '', body: hostile })
      .expect(303);
    const [stored] = await remarks();
    const page = await request(t.app.server).get(`/posts/${post.slug}`).expect(200);
    expect(page.text).not.toContain('<script>alert(1)');
    expect(page.text).not.toContain('<img src=x');
    const manage = await agent.get(`/staff/comments/${carrier}/remarks`).expect(200);
    expect(manage.text).not.toContain('<script>alert(1)');
    await agent
      .post(`/staff/remarks/${stored!.id}`)
      .type('form')
      .send({ _csrf: csrf, sourceGroup: 'G', authorName: 'Fixed Name', body: 'Better text' })
      .expect(303);
    expect((await remarks())[0]).toMatchObject({ author_name: 'Fixed Name', body_raw: 'Better text' });
    const bad = await agent
      .post(`/staff/remarks/${stored!.id}`)
      .type('form')
      .send({ _csrf: csrf, sourceGroup: 'G', authorName: 'X', body: '', postedAt: 'yesterday-ish' })
      .expect(422);
    expect(bad.text).toContain('ISO-8601');
    await agent.post(`/staff/remarks/${stored!.id}/delete`).type('form').send({ _csrf: csrf }).expect(303);
    expect(await remarks()).toHaveLength(0);
  });

  it('adds remarks to a post under a new staff comment', async () => {
    const { agent, csrf, user } = await signInAs(t.app, t.db, 'moderator');
    await agent
      .post(`/staff/posts/${post.id}/remarks/one`)
      .type('form')
      .send({ _csrf: csrf, sourceGroup: 'G', intro: 'Shared from our group:', authorName: 'Dee', body: 'Nice one' })
      .expect(303);
    const comments = await t.db.selectFrom('comments').selectAll().orderBy('id').execute();
    expect(comments.at(-1)).toMatchObject({ author_name: user.name, body_raw: 'Shared from our group:', status: 'approved' });
    expect((await remarks())[0]).toMatchObject({ comment_id: comments.at(-1)!.id, author_name: 'Dee' });
  });

  it.each(['abc', '0', '99999999999'])('answers a malformed or unknown id (%s) with 400/404, never 500', async (id) => {
    const { agent } = await signInAs(t.app, t.db, 'moderator');
    const res = await agent.get(`/staff/comments/${id}/remarks`);
    expect([400, 404]).toContain(res.status);
  });
});
