import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_FAILURES_PER_ACCOUNT, MAX_FAILURES_PER_IP, ensureAdmin } from '../../server/auth/auth.service.js';
import { hashSessionToken } from '../../server/auth/session-token.js';
import { TEST_NOW, createTestApp, type TestContext } from '../support/app.js';
import { TEST_PASSWORD, createUser, fetchCsrfToken, signInAs, visitorAgent } from '../support/auth.js';
import { createPost } from '../support/factories.js';

let t: TestContext;
beforeEach(async () => {
  t = await createTestApp({ PASSWORD_HASH_COST: '10', SESSION_TTL_HOURS: '2' });
});
afterEach(async () => t.close());

function cookiesOf(res: request.Response): string[] {
  return ([] as string[]).concat(res.headers['set-cookie'] ?? []);
}

/** Submits the sign-in form as a fresh visitor (or the given one) and checks the status. */
async function attempt(email: string, password: string, status: number, agentAndToken?: Awaited<ReturnType<typeof visitorAgent>>) {
  const { agent, csrf } = agentAndToken ?? (await visitorAgent(t.app));
  return agent.post('/login').type('form').send({ email, password, next: '/staff', _csrf: csrf }).expect(status);
}

describe('sign-in', () => {
  it('opens a session with an HttpOnly, SameSite=Lax cookie that expires, and stores only its hash', async () => {
    const user = await createUser(t.db, 'author');
    const res = await attempt(user.email, TEST_PASSWORD, 303);
    expect(res.headers.location).toBe('/staff');
    const session = cookiesOf(res).find((c) => c.startsWith('rj_session='))!;
    expect(session).toMatch(/HttpOnly/);
    expect(session).toMatch(/SameSite=Lax/);
    expect(session).not.toMatch(/Secure/);
    // A lifetime, not a date: the browser counts it on its own clock (the suite's clock is fixed, the browser's is not).
    expect(session).toMatch(/Max-Age=7200(;|$)/);
    expect(session).not.toMatch(/Expires=/);
    const token = /^rj_session=([^;]+)/.exec(session)![1]!;
    const [row] = await t.db.selectFrom('sessions').selectAll().execute();
    expect(row).toMatchObject({ user_id: user.id, token_hash: hashSessionToken(token), expires_at: '2026-11-26T14:00:00.000Z' });
    expect(JSON.stringify(row)).not.toContain(token);
  });

  it('answers a wrong password and an unknown account the same way', async () => {
    const user = await createUser(t.db, 'author');
    const wrong = await attempt(user.email, 'not the password', 422);
    const unknown = await attempt('nobody@example.test', 'not the password', 422);
    const message = (text: string) => /class="field-error"[^>]*>([^<]*)</.exec(text)?.[1];
    expect(message(wrong.text)).toBe('That email and password do not match an account.');
    expect(message(unknown.text)).toBe(message(wrong.text));
    expect(wrong.text).toContain(`value="${user.email}"`);
    expect(cookiesOf(wrong).some((c) => c.startsWith('rj_session='))).toBe(false);
  });

  it('refuses a password-less account (the demo author)', async () => {
    await t.db.insertInto('users').values({ email: 'nopass@example.test', name: 'N', role: 'author', password_hash: null, created_at: 'x' }).execute();
    await attempt('nopass@example.test', '', 422);
    await attempt('nopass@example.test', 'anything', 422);
  });

  it(`locks an account after ${MAX_FAILURES_PER_ACCOUNT} failures, for a real and an unknown address alike`, async () => {
    const user = await createUser(t.db, 'author');
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT; i++) {
      await attempt(user.email, `wrong ${i}`, 422);
      await attempt('ghost@example.test', `wrong ${i}`, 422);
    }
    const locked = await attempt(user.email, TEST_PASSWORD, 429);
    const ghost = await attempt('ghost@example.test', TEST_PASSWORD, 429);
    expect(locked.text).toContain('Too many failed sign-ins');
    expect(ghost.text).toContain('Too many failed sign-ins');
    const other = await createUser(t.db, 'author');
    await attempt(other.email, TEST_PASSWORD, 303);
  });

  it(`blocks an IP after ${MAX_FAILURES_PER_IP} failures across accounts`, async () => {
    const user = await createUser(t.db, 'author');
    for (let i = 0; i < MAX_FAILURES_PER_IP; i++) await attempt(`guess${i}@example.test`, 'x', 422);
    await attempt(user.email, TEST_PASSWORD, 429);
  });

  it('rotates the session on sign-in and ends it on sign-out', async () => {
    const user = await createUser(t.db, 'moderator');
    const v = await visitorAgent(t.app);
    await attempt(user.email, TEST_PASSWORD, 303, v);
    const first = (await t.db.selectFrom('sessions').select('token_hash').execute()).map((r) => r.token_hash);
    const again = await fetchCsrfToken(v.agent, '/staff');
    await v.agent.post('/login').type('form').send({ email: user.email, password: TEST_PASSWORD, next: '/staff', _csrf: again }).expect(303);
    const second = (await t.db.selectFrom('sessions').select('token_hash').execute()).map((r) => r.token_hash);
    expect(second).toHaveLength(1);
    expect(second[0]).not.toBe(first[0]);
    const token = await fetchCsrfToken(v.agent, '/staff');
    const out = await v.agent.post('/logout').type('form').send({ _csrf: token }).expect(303);
    expect(cookiesOf(out).find((c) => c.startsWith('rj_session='))).toMatch(/Expires=Thu, 01 Jan 1970/);
    expect(await t.db.selectFrom('sessions').selectAll().execute()).toHaveLength(0);
    const after = await v.agent.get('/staff').expect(303);
    expect(after.headers.location).toBe('/login?next=%2Fstaff');
  });

  it('stops honouring an expired session', async () => {
    const { agent } = await signInAs(t.app, t.db, 'admin');
    await agent.get('/staff').expect(200);
    await t.db
      .updateTable('sessions')
      .set({ expires_at: new Date(TEST_NOW.getTime() - 1000).toISOString() })
      .execute();
    await agent.get('/staff').expect(303);
  });

  it('ignores a forged or malformed session cookie', async () => {
    await request(t.app.server)
      .get('/staff')
      .set('cookie', `rj_session=${'A'.repeat(43)}`)
      .expect(303);
    await request(t.app.server).get('/staff').set('cookie', 'rj_session=../../etc').expect(303);
  });

  it('returns only to same-site paths after sign-in', async () => {
    const user = await createUser(t.db, 'author');
    const { agent, csrf } = await visitorAgent(t.app);
    const res = await agent.post('/login').type('form').send({ email: user.email, password: TEST_PASSWORD, next: '//evil.example/x', _csrf: csrf }).expect(303);
    expect(res.headers.location).toBe('/staff');
  });

  it('re-renders 422 with the email kept when a field is missing', async () => {
    const res = await attempt('someone@example.test', '', 422);
    expect(res.text).toContain('Please enter your password');
    expect(res.text).toContain('value="someone@example.test"');
  });
});

describe('CSRF', () => {
  it('refuses the sign-in form without a token or with a token from another visitor', async () => {
    const user = await createUser(t.db, 'author');
    await request(t.app.server).post('/login').type('form').send({ email: user.email, password: TEST_PASSWORD, next: '' }).expect(403);
    const other = await visitorAgent(t.app);
    const mine = await visitorAgent(t.app);
    await mine.agent.post('/login').type('form').send({ email: user.email, password: TEST_PASSWORD, next: '', _csrf: other.csrf }).expect(403);
  });

  it('gives the comment form back with the text kept when the token is missing, and a fresh token that works', async () => {
    const post = await createPost(t.db);
    const agent = request.agent(t.app.server);
    const fields = { author_name: 'Rosa', author_email: 'rosa@example.test', author_url: '', body: 'Keep this text', parent_id: '', stance: '' };
    const res = await agent.post(`/posts/${post.slug}/comments`).type('form').send(fields).expect(403);
    expect(res.text).toContain('this page had expired');
    expect(res.text).toContain('>Keep this text</textarea>');
    const token = /name="_csrf" value="([^"]+)"/.exec(res.text)![1]!;
    await agent
      .post(`/posts/${post.slug}/comments`)
      .type('form')
      .send({ ...fields, _csrf: token })
      .expect(303);
  });

  it('refuses sign-out without a token', async () => {
    const { agent } = await signInAs(t.app, t.db, 'author');
    await agent.post('/logout').type('form').send({}).expect(403);
    await agent.get('/staff').expect(200);
  });
});

describe('security headers', () => {
  it.each(['/', '/login', '/static/js/reply.js', '/no-such-page'])('are on %s', async (path) => {
    const res = await request(t.app.server).get(path);
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['content-security-policy']).not.toContain('unsafe-inline');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
  });

  it('the pages carry no inline script', async () => {
    const post = await createPost(t.db);
    const { agent } = await signInAs(t.app, t.db, 'admin');
    for (const path of ['/', `/posts/${post.slug}`, '/login', '/staff', '/staff/users']) {
      const res = await agent.get(path);
      expect(res.text.match(/<script(?![^>]*\ssrc=)[^>]*>/g) ?? []).toEqual([]);
      expect(res.text).not.toMatch(/\son[a-z]+="/);
    }
  });
});

describe('first admin', () => {
  it('is created once with a one-time password that signs in', async () => {
    const created = await ensureAdmin(t.db, { now: TEST_NOW, passwordHashCost: 10 });
    expect(created?.password.length).toBeGreaterThanOrEqual(20);
    expect(await ensureAdmin(t.db, { now: TEST_NOW, passwordHashCost: 10 })).toBeNull();
    await attempt(created!.email, created!.password, 303);
  });
});
