// A post's life in the audit log: created, published, edited, unpublished, deleted with its comments
// after a confirmation page; by its author or an admin only.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../support/app.js';
import { signInAs } from '../support/auth.js';
import { createComment, createRemarks } from '../support/factories.js';

let t: TestContext;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => t.close());

const FORM = {
  title: 'Ferries or bridges',
  slug: '',
  body: 'Which one *should* the council build?',
  subject_name: 'Jamie Rivera',
  subject_aliases: 'Rivera',
  author_stance: '',
  status: 'draft',
  comments_open: '1',
  moderation_mode: 'open',
  intent: 'save',
};

const log = async () =>
  t.db.selectFrom('audit_log').select(['user_id', 'action', 'target_type', 'target_id', 'before_json', 'after_json']).orderBy('id').execute();

describe('a post in the audit log', () => {
  it('logs create, publish, edit, unpublish and delete, and deletes the comments with the post', async () => {
    const { agent, csrf, user } = await signInAs(t.app, t.db, 'author');
    const created = await agent
      .post('/staff/posts')
      .type('form')
      .send({ ...FORM, _csrf: csrf })
      .expect(303);
    const id = Number(/\/staff\/posts\/(\d+)\/edit/.exec(created.headers.location!)![1]);
    const save = (fields: Record<string, string>) =>
      agent
        .post(`/staff/posts/${id}`)
        .type('form')
        .send({ ...FORM, slug: 'ferries-or-bridges', ...fields, _csrf: csrf })
        .expect(303);
    await save({ status: 'published' });
    await save({ status: 'published', title: 'Ferries, or bridges?' });
    await save({ status: 'draft', title: 'Ferries, or bridges?' });
    const comment = await createComment(t.db, id, { body: 'Bridges last longer.' });
    await createRemarks(t.db, comment, [{ author: 'Lene Haug', body: 'Agreed.' }]);

    const confirm = await agent.get(`/staff/posts/${id}/delete`).expect(200);
    expect(confirm.text).toContain('This deletes the post and its 1 comment, with their remarks and stance labels. It cannot be undone.');
    expect(await t.db.selectFrom('posts').select('id').where('id', '=', id).executeTakeFirst()).toBeDefined();
    const deleted = await agent.post(`/staff/posts/${id}/delete`).type('form').send({ _csrf: csrf }).expect(303);
    expect(deleted.headers.location).toBe('/staff?deleted=Ferries%2C%20or%20bridges%3F');
    expect((await agent.get(deleted.headers.location!)).text).toContain('Deleted “Ferries, or bridges?” and its comments.');
    expect(await t.db.selectFrom('comments').select('id').execute()).toEqual([]);
    expect(await t.db.selectFrom('group_remarks').select('id').execute()).toEqual([]);

    const entries = await log();
    expect(entries.map((e) => [e.user_id, e.action, e.target_type, e.target_id])).toEqual([
      [user.id, 'post.create', 'post', id],
      [user.id, 'post.publish', 'post', id],
      [user.id, 'post.edit', 'post', id],
      [user.id, 'post.unpublish', 'post', id],
      [user.id, 'post.delete', 'post', id],
    ]);
    expect(JSON.parse(entries[2]!.before_json!)).toMatchObject({ title: 'Ferries or bridges', status: 'published' });
    expect(JSON.parse(entries[2]!.after_json!)).toMatchObject({ title: 'Ferries, or bridges?' });
    expect(JSON.parse(entries[4]!.before_json!)).toMatchObject({ title: 'Ferries, or bridges?', comments: 1 });
  });

  it.each(['author', 'moderator'] as const)('refuses a %s who is not the post’s author, and lets an admin', async (role) => {
    const owner = await signInAs(t.app, t.db, 'author');
    const created = await owner.agent
      .post('/staff/posts')
      .type('form')
      .send({ ...FORM, status: 'published', _csrf: owner.csrf })
      .expect(303);
    const id = Number(/\/staff\/posts\/(\d+)\/edit/.exec(created.headers.location!)![1]);
    const other = await signInAs(t.app, t.db, role);
    await other.agent.get(`/staff/posts/${id}/delete`).expect(403);
    await other.agent.post(`/staff/posts/${id}/delete`).type('form').send({ _csrf: other.csrf }).expect(403);
    const admin = await signInAs(t.app, t.db, 'admin');
    await admin.agent.post(`/staff/posts/${id}/delete`).type('form').send({ _csrf: admin.csrf }).expect(303);
    expect((await log()).at(-1)).toMatchObject({ user_id: admin.user.id, action: 'post.delete' });
  });
});
