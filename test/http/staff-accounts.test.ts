import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.js';
import { ensureAdmin } from '../../server/auth/auth.service.js';
import { TEST_NOW, createTestApp, type TestContext } from '../support/app.js';
import { TEST_PASSWORD, createUser, fetchCsrfToken, signInAs, visitorAgent, type Agent } from '../support/auth.js';
import { createPost, formBody } from '../support/factories.js';

const run = promisify(execFile);
let t: TestContext;
beforeEach(async () => {
  t = await createTestApp({ SITE_URL: 'https://blog.example' });
});
afterEach(async () => t.close());

type Signed = Awaited<ReturnType<typeof signInAs>>;
const post = (who: Signed, path: string, fields: Record<string, string> = {}) =>
  who.agent
    .post(path)
    .type('form')
    .send(formBody({ ...fields, _csrf: who.csrf }));
const auditActions = async () => (await t.db.selectFrom('audit_log').select(['action', 'user_id', 'target_id']).orderBy('id').execute()).map((r) => r.action);
const userRow = (id: number) => t.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
const linkIn = (html: string) => /id="one-time-link"[^>]*value="https:\/\/blog\.example(\/password\/[A-Za-z0-9_-]{43})"/.exec(html)?.[1];

/** Signs in with a password through the form; the status of the answer. */
async function signIn(email: string, password: string): Promise<{ status: number; agent: Agent }> {
  const agent = request.agent(t.app.server);
  const csrf = await fetchCsrfToken(agent);
  const res = await agent.post('/login').type('form').send({ email, password, next: '/staff', _csrf: csrf });
  return { status: res.status, agent };
}

describe('who may manage accounts', () => {
  it('is admins only: signed out, authors and moderators are refused every action', async () => {
    const target = await createUser(t.db, 'author');
    const anon = await request(t.app.server).get('/staff/users').expect(303);
    expect(anon.headers.location).toContain('/login?next=');
    const visitor = await visitorAgent(t.app);
    for (const path of ['/staff/users', `/staff/users/${target.id}/disable`, `/staff/users/${target.id}/remove`, `/staff/users/${target.id}/link`]) {
      await visitor.agent
        .post(path)
        .type('form')
        .send(formBody({ name: 'X Y', email: 'x@example.test', role: 'admin', _csrf: visitor.csrf }))
        .expect(403);
    }
    for (const role of ['author', 'moderator'] as const) {
      const who = await signInAs(t.app, t.db, role);
      await who.agent.get('/staff/users').expect(403);
      await who.agent.get(`/staff/users/${target.id}/remove`).expect(403);
      await post(who, '/staff/users', { name: 'Pia Lund', email: 'pia@example.test', role: 'admin' }).expect(403);
      for (const action of ['disable', 'enable', 'remove', 'link']) await post(who, `/staff/users/${target.id}/${action}`).expect(403);
      await post(who, `/staff/users/${target.id}/role`, { role: 'admin' }).expect(403);
    }
    expect((await userRow(target.id))?.disabled_at).toBeNull();
    expect(await auditActions()).toEqual([]);
  });
});

describe('invitations', () => {
  it('creates an account without a password and shows a one-time link that sets one, then signs in', async () => {
    const admin = await signInAs(t.app, t.db, 'admin');
    const res = await post(admin, '/staff/users', { name: 'Pia Lund', email: 'Pia@Example.test', role: 'moderator' }).expect(201);
    expect(res.text).toContain('Invited Pia Lund (pia@example.test)');
    const path = linkIn(res.text)!;
    expect(path).toBeDefined();
    const row = await t.db.selectFrom('users').selectAll().where('email', '=', 'pia@example.test').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ role: 'moderator', password_hash: null });
    // Only the hash is kept.
    expect(row.password_link_hash).not.toBe(path.split('/').pop());
    const page = await admin.agent.get('/staff/users').expect(200);
    expect(page.text).toContain('Invited (has not set a password yet)');
    expect(page.text).not.toContain(path);

    const invitee = request.agent(t.app.server);
    const form = await invitee.get(path).expect(200);
    expect(form.headers['referrer-policy']).toBe('no-referrer');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.text)![1]!;
    const short = await invitee.post(path).type('form').send({ newPassword: 'short', confirmPassword: 'short', _csrf: csrf }).expect(422);
    expect(short.text).toContain('Passwords need at least 10 characters');
    const differ = await invitee
      .post(path)
      .type('form')
      .send({ newPassword: 'a harbour at dusk', confirmPassword: 'a harbour at dawn', _csrf: csrf })
      .expect(422);
    expect(differ.text).toContain('The two passwords differ');
    const done = await invitee
      .post(path)
      .type('form')
      .send({ newPassword: 'a harbour at dusk', confirmPassword: 'a harbour at dusk', _csrf: csrf })
      .expect(303);
    expect(done.headers.location).toBe('/login?set=1');
    // Spent: the same link answers as an unknown one.
    await invitee.get(path).expect(404);
    await invitee.post(path).type('form').send({ newPassword: 'another harbour', confirmPassword: 'another harbour', _csrf: csrf }).expect(404);
    await request(t.app.server).get('/password/not-a-token').expect(404);
    expect((await signIn('pia@example.test', 'a harbour at dusk')).status).toBe(303);
    expect(await auditActions()).toEqual(['user.invite', 'user.password_set']);
  });

  it('answers 422 with the text kept for a bad or taken email, a blank name and an unknown role', async () => {
    const admin = await signInAs(t.app, t.db, 'admin');
    const taken = await createUser(t.db, 'author', { email: 'taken@example.test' });
    const cases: [Record<string, string>, string][] = [
      [{ name: 'Pia Lund', email: 'pia.example.test', role: 'author' }, 'An email address needs an @'],
      [{ name: 'Pia Lund', email: taken.email, role: 'author' }, 'An account with this email exists already'],
      [{ name: '  ', email: 'pia@example.test', role: 'author' }, 'Please give a name'],
      [{ name: 'Pia Lund', email: 'pia@example.test', role: 'owner' }, 'Choose admin, moderator or author'],
    ];
    for (const [fields, message] of cases) {
      const res = await post(admin, '/staff/users', fields).expect(422);
      expect(res.text).toContain(message);
      expect(res.text).toContain('class="field has-error"');
      if (fields.email) expect(res.text).toContain(`value="${fields.email}"`);
    }
    expect(await t.db.selectFrom('users').select('id').where('email', '=', 'pia@example.test').execute()).toHaveLength(0);
    expect(await auditActions()).toEqual([]);
  });

  it('a link expires after its days, and a new one replaces the old', async () => {
    let now = TEST_NOW;
    await t.close();
    t = await createTestApp({ SITE_URL: 'https://blog.example' }, { clock: () => now });
    const admin = await signInAs(t.app, t.db, 'admin');
    const first = linkIn((await post(admin, '/staff/users', { name: 'Pia Lund', email: 'pia@example.test', role: 'author' }).expect(201)).text)!;
    const row = await t.db.selectFrom('users').select('id').where('email', '=', 'pia@example.test').executeTakeFirstOrThrow();
    const second = linkIn((await post(admin, `/staff/users/${row.id}/link`).expect(200)).text)!;
    expect(second).not.toBe(first);
    await request(t.app.server).get(first).expect(404);
    await request(t.app.server).get(second).expect(200);
    now = new Date(TEST_NOW.getTime() + 8 * 86_400_000);
    await request(t.app.server).get(second).expect(404);
    expect(await auditActions()).toEqual(['user.invite', 'user.reset_link']);
  });
});

describe('disabling and removing', () => {
  it('disables an account (its sessions end, it signs in no more) and enables it again, each logged', async () => {
    const admin = await signInAs(t.app, t.db, 'admin');
    const mod = await signInAs(t.app, t.db, 'moderator');
    await mod.agent.get('/staff/moderation').expect(200);
    const res = await post(admin, `/staff/users/${mod.user.id}/disable`).expect(303);
    expect(res.headers.location).toBe(`/staff/users?done=disabled#user-${mod.user.id}`);
    await mod.agent.get('/staff/moderation').expect(303);
    expect((await signIn(mod.user.email, TEST_PASSWORD)).status).toBe(422);
    const page = await admin.agent.get('/staff/users?done=disabled').expect(200);
    expect(page.text).toContain('Disabled the account; its sessions have ended.');
    expect(page.text).toMatch(new RegExp(`id="user-${mod.user.id}" class="is-disabled"`));
    await post(admin, `/staff/users/${mod.user.id}/enable`).expect(303);
    expect((await signIn(mod.user.email, TEST_PASSWORD)).status).toBe(303);
    const entries = await t.db.selectFrom('audit_log').selectAll().orderBy('id').execute();
    expect(entries.map((e) => [e.action, e.user_id, e.target_id])).toEqual([
      ['user.disable', admin.user.id, mod.user.id],
      ['user.enable', admin.user.id, mod.user.id],
    ]);
  });

  it('refuses to disable or remove oneself or the last enabled admin', async () => {
    const admin = await signInAs(t.app, t.db, 'admin');
    await post(admin, `/staff/users/${admin.user.id}/disable`).expect(409);
    await post(admin, `/staff/users/${admin.user.id}/remove`).expect(409);
    await admin.agent.get(`/staff/users/${admin.user.id}/remove`).expect(409);
    const other = await signInAs(t.app, t.db, 'admin');
    await post(admin, `/staff/users/${other.user.id}/disable`).expect(303);
    // The other admin is disabled: the one left can neither lose the role nor be disabled by anyone.
    await post(admin, `/staff/users/${admin.user.id}/role`, { role: 'author' }).expect(409);
    await post(admin, '/staff/users/999999/disable').expect(404);
    expect((await userRow(admin.user.id))?.role).toBe('admin');
    expect(await auditActions()).toEqual(['user.disable']);
  });

  it('removes an account after a confirmation; its posts pass to the admin; logged', async () => {
    const admin = await signInAs(t.app, t.db, 'admin');
    const author = await signInAs(t.app, t.db, 'author');
    const p = await createPost(t.db, { title: 'The Pier Question' });
    await t.db.updateTable('posts').set({ author_id: author.user.id }).where('id', '=', p.id).execute();
    const confirm = await admin.agent.get(`/staff/users/${author.user.id}/remove`).expect(200);
    expect(confirm.text).toContain(`Remove ${author.user.name}?`);
    expect(confirm.text).toContain(`action="/staff/users/${author.user.id}/remove"`);
    expect(await userRow(author.user.id)).toBeDefined();
    await post(admin, `/staff/users/${author.user.id}/remove`).expect(303);
    expect(await userRow(author.user.id)).toBeUndefined();
    await author.agent.get('/staff').expect(303);
    expect((await t.db.selectFrom('posts').select('author_id').where('id', '=', p.id).executeTakeFirstOrThrow()).author_id).toBe(admin.user.id);
    const [entry] = await t.db.selectFrom('audit_log').selectAll().execute();
    expect(entry).toMatchObject({ action: 'user.remove', user_id: admin.user.id, target_id: author.user.id });
    expect(JSON.parse(entry!.before_json!)).toMatchObject({ email: author.user.email, role: 'author', postsPassedOn: 1 });
  });
});

describe('one’s own account', () => {
  it.each(['author', 'moderator', 'admin'] as const)('a %s changes their name, email and password with the current password', async (role) => {
    const me = await signInAs(t.app, t.db, role);
    const page = await me.agent.get('/staff/account').expect(200);
    expect(page.text).toContain(`value="${me.user.email}"`);
    const wrong = await post(me, '/staff/account', { name: 'Noor Vale', email: 'noor@example.test', currentPassword: 'not it at all' }).expect(422);
    expect(wrong.text).toContain('That is not your current password');
    expect(wrong.text).toContain('value="noor@example.test"');
    const other = await createUser(t.db, 'author', { email: `other-${role}@example.test` });
    const taken = await post(me, '/staff/account', { name: 'Noor Vale', email: other.email, currentPassword: TEST_PASSWORD }).expect(422);
    expect(taken.text).toContain('Another account has this email');
    await post(me, '/staff/account', { name: 'Noor Vale', email: `Noor-${role}@example.test`, currentPassword: TEST_PASSWORD }).expect(303);
    expect(await userRow(me.user.id)).toMatchObject({ name: 'Noor Vale', email: `noor-${role}@example.test` });

    const elsewhere = await signIn(`noor-${role}@example.test`, TEST_PASSWORD);
    expect(elsewhere.status).toBe(303);
    const bad = await post(me, '/staff/account/password', {
      currentPassword: TEST_PASSWORD,
      newPassword: 'tide tables',
      confirmPassword: 'tide tablez',
    }).expect(422);
    expect(bad.text).toContain('The two new passwords differ');
    expect(bad.text).not.toContain(TEST_PASSWORD);
    await post(me, '/staff/account/password', { currentPassword: 'wrong guess!', newPassword: 'tide tables', confirmPassword: 'tide tables' }).expect(422);
    await post(me, '/staff/account/password', { currentPassword: TEST_PASSWORD, newPassword: 'tide tables', confirmPassword: 'tide tables' }).expect(303);
    // This browser stays signed in; the other session ended.
    await me.agent.get('/staff/account').expect(200);
    await elsewhere.agent.get('/staff/account').expect(303);
    expect((await signIn(`noor-${role}@example.test`, TEST_PASSWORD)).status).toBe(422);
    expect((await signIn(`noor-${role}@example.test`, 'tide tables')).status).toBe(303);
    const entries = await t.db.selectFrom('audit_log').selectAll().orderBy('id').execute();
    expect(entries.map((e) => [e.action, e.user_id, e.target_id])).toEqual([
      ['user.profile', me.user.id, me.user.id],
      ['user.password', me.user.id, me.user.id],
    ]);
    expect(entries.map((e) => `${e.before_json}${e.after_json}`).join()).not.toContain('tide tables');
  });

  it('signed out, the account pages send to sign in', async () => {
    expect((await request(t.app.server).get('/staff/account').expect(303)).headers.location).toBe('/login?next=%2Fstaff%2Faccount');
    const visitor = await visitorAgent(t.app);
    await visitor.agent
      .post('/staff/account/password')
      .type('form')
      .send(formBody({ currentPassword: 'x', newPassword: 'yyyyyyyyyyyy', confirmPassword: 'yyyyyyyyyyyy', _csrf: visitor.csrf }))
      .expect(403);
  });
});

describe('the first-start admin', () => {
  it('must choose a new password before anything else', async () => {
    await t.db.deleteFrom('users').execute();
    const created = await ensureAdmin(t.db, { now: TEST_NOW, passwordHashCost: 10 });
    const first = await signIn(created!.email, created!.password);
    expect(first.status).toBe(303);
    const dash = await first.agent.get('/staff').expect(303);
    expect(dash.headers.location).toBe('/staff/account');
    const page = await first.agent.get('/staff/account').expect(200);
    expect(page.text).toContain('Please choose a new password before going on');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1]!;
    await first.agent.post('/staff/settings/site').type('form').send({ siteName: 'X', _csrf: csrf }).expect(403);
    await first.agent
      .post('/staff/account/password')
      .type('form')
      .send({ currentPassword: created!.password, newPassword: 'a lighthouse keeper', confirmPassword: 'a lighthouse keeper', _csrf: csrf })
      .expect(303);
    await first.agent.get('/staff').expect(200);
    await first.agent.get('/staff/users').expect(200);
  });
});

describe('request logs', () => {
  it('keep no one-time link token', async () => {
    let log = '';
    const logged = await buildApp({ ...t.config, logLevel: 'info' }, { db: t.db, clock: () => TEST_NOW, logStream: { write: (line) => void (log += line) } });
    await logged.ready();
    try {
      const admin = await signInAs(logged, t.db, 'admin');
      const res = await admin.agent
        .post('/staff/users')
        .type('form')
        .send(formBody({ name: 'Pia Lund', email: 'pia@example.test', role: 'author', _csrf: admin.csrf }))
        .expect(201);
      const path = linkIn(res.text)!;
      await request(logged.server).get(path).expect(200);
      expect(log).toContain('/password/[token]');
      expect(log).not.toContain(path.split('/').pop());
    } finally {
      await logged.close();
    }
  });
});

describe('npm run user:reset', () => {
  it('prints a one-time link that sets the password, and logs that one was made', async () => {
    const user = await createUser(t.db, 'moderator');
    const env = {
      ...process.env,
      DATABASE_URL: t.config.databaseUrl,
      SITE_URL: 'https://blog.example',
      LOG_LEVEL: 'silent',
      NODE_ENV: 'test',
      SECRET: 'test-secret-0123456789abcdef',
    };
    const out = await run(process.execPath, ['--import', 'tsx', 'server/cli/user-reset.ts', '--email', user.email.toUpperCase()], { cwd: process.cwd(), env });
    const path = /https:\/\/blog\.example(\/password\/[A-Za-z0-9_-]{43})/.exec(out.stdout)?.[1];
    expect(path).toBeDefined();
    const agent = request.agent(t.app.server);
    const form = await agent.get(path!).expect(200);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.text)![1]!;
    await agent.post(path!).type('form').send({ newPassword: 'salt on the wind', confirmPassword: 'salt on the wind', _csrf: csrf }).expect(303);
    expect((await signIn(user.email, 'salt on the wind')).status).toBe(303);
    expect(await auditActions()).toEqual(['user.reset_link', 'user.password_set']);
    const missing = await run(process.execPath, ['--import', 'tsx', 'server/cli/user-reset.ts', '--email', 'nobody@example.test'], {
      cwd: process.cwd(),
      env,
    }).then(
      () => 0,
      (err: { code: number; stderr: string }) => (err.stderr.includes('No account has the email') ? err.code : -1),
    );
    expect(missing).toBe(1);
  });
});
