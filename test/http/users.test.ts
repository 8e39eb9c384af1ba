import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../support/app.js';
import { createUser, signInAs } from '../support/auth.js';

let t: TestContext;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => t.close());

const roleOf = async (id: number) => (await t.db.selectFrom('users').select('role').where('id', '=', id).executeTakeFirstOrThrow()).role;

describe('users page', () => {
  it('lists accounts and changes a role, which takes effect on the next request', async () => {
    const admin = await signInAs(t.app, t.db, 'admin');
    const author = await signInAs(t.app, t.db, 'author');
    const page = await admin.agent.get('/staff/users').expect(200);
    expect(page.text).toContain(`id="user-${author.user.id}"`);
    expect(page.text).not.toContain('scrypt$');
    await author.agent.get('/staff/moderation').expect(403);
    await admin.agent.post(`/staff/users/${author.user.id}/role`).type('form').send({ role: 'moderator', _csrf: admin.csrf }).expect(303);
    expect(await roleOf(author.user.id)).toBe('moderator');
    await author.agent.get('/staff/moderation').expect(200);
    const [entry] = await t.db.selectFrom('audit_log').selectAll().execute();
    expect(entry).toMatchObject({ user_id: admin.user.id, action: 'user.role', target_id: author.user.id, before_json: '{"role":"author"}', after_json: '{"role":"moderator"}' });
  });

  it('refuses an unknown role with 422 and keeps the last admin an admin', async () => {
    const admin = await signInAs(t.app, t.db, 'admin');
    const res = await admin.agent.post(`/staff/users/${admin.user.id}/role`).type('form').send({ role: 'owner', _csrf: admin.csrf }).expect(422);
    expect(res.text).toContain('Choose admin, moderator or author');
    await admin.agent.post(`/staff/users/${admin.user.id}/role`).type('form').send({ role: 'author', _csrf: admin.csrf }).expect(409);
    expect(await roleOf(admin.user.id)).toBe('admin');
    const second = await createUser(t.db, 'admin');
    await admin.agent.post(`/staff/users/${second.id}/role`).type('form').send({ role: 'author', _csrf: admin.csrf }).expect(303);
    await admin.agent.post('/staff/users/999999/role').type('form').send({ role: 'author', _csrf: admin.csrf }).expect(404);
  });
});
