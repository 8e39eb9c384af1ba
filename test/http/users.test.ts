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
    expect(entry).toMatchObject({
      user_id: admin.user.id,
      action: 'user.role',
      target_id: author.user.id,
      before_json: '{"role":"author"}',
      after_json: '{"role":"moderator"}',
    });
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

  it('keeps an admin when the last two demote each other at the same moment', async () => {
    // Listening first: the two agents' requests then travel on their own sockets, truly in parallel.
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    for (let trial = 0; trial < 10; trial++) {
      const a = await signInAs(t.app, t.db, 'admin');
      const b = await signInAs(t.app, t.db, 'admin');
      await t.db.updateTable('users').set({ role: 'author' }).where('role', '=', 'admin').where('id', 'not in', [a.user.id, b.user.id]).execute();
      const statuses = await Promise.all([
        a.agent.post(`/staff/users/${b.user.id}/role`).type('form').send({ role: 'moderator', _csrf: a.csrf }),
        b.agent.post(`/staff/users/${a.user.id}/role`).type('form').send({ role: 'moderator', _csrf: b.csrf }),
      ]).then((rs) => rs.map((r) => r.status).sort());
      // The loser is refused either as the last admin (409) or, when the winner committed first, as no admin any more (403).
      expect(statuses[0]).toBe(303);
      expect([403, 409]).toContain(statuses[1]);
      const admins = await t.db.selectFrom('users').select('id').where('role', '=', 'admin').execute();
      expect(admins).toHaveLength(1);
    }
  });
});
