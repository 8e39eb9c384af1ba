// The first-start admin's one-time password was printed on a terminal: until the admin chooses a new one, the
// session may show its account page, set the password and sign out, and nothing else by any route. The walk below
// reads every route Fastify registered, so a staff route added later is held without being listed here.
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEST_PASSWORD, createUser, fetchCsrfToken, signInAs, type Agent, type TestUser } from '../support/auth.js';
import { createTestApp, type TestContext } from '../support/app.js';
import { createComment, createPost, createRemarks, formBody } from '../support/factories.js';

let t: TestContext;
let held: { agent: Agent; csrf: string; user: TestUser };
let ids: Record<string, number>;
let postSlug: string;
beforeEach(async () => {
  t = await createTestApp();
  const user = await createUser(t.db, 'admin');
  await t.db.updateTable('users').set({ must_change_password: 1 }).where('id', '=', user.id).execute();
  const agent = request.agent(t.app.server);
  const loginToken = await fetchCsrfToken(agent);
  const login = await agent.post('/login').type('form').send({ email: user.email, password: TEST_PASSWORD, next: '/staff', _csrf: loginToken });
  expect(login.status).toBe(303);
  held = { agent, csrf: await fetchCsrfToken(agent, '/staff/account'), user };
  const post = await createPost(t.db, { title: 'Ferry timetables' });
  postSlug = post.slug;
  const comment = await createComment(t.db, post.id, { status: 'pending', body: 'The 7:40 never leaves on time.' });
  const [remark] = await createRemarks(t.db, comment, [{ author: 'Ruth Amari', body: 'Nor the 8:10.' }]);
  const other = await createUser(t.db, 'moderator');
  ids = { id: post.id, commentId: comment, remark: remark!, user: other.id };
});
afterEach(async () => t.close());

/** Every method and path in Fastify's own route tree (printRoutes), HEAD left out (it follows GET). */
function registeredRoutes(tree: string): { method: string; url: string }[] {
  const routes: { method: string; url: string }[] = [];
  const stack: string[] = [];
  for (const line of tree.split('\n')) {
    const m = /^([│├└─ ]*)(\S.*?) \(([A-Z, ]+)\)$/.exec(line);
    if (!m) continue;
    const depth = m[1]!.length / 4;
    stack.length = depth;
    stack.push(m[2]!);
    for (const method of m[3]!.split(', ')) if (method !== 'HEAD') routes.push({ method, url: stack.join('') });
  }
  return routes;
}

/** A path for a route pattern, its parameters filled with rows that exist (so an action would have something to act on). */
function pathFor(url: string): string {
  return url
    .replace(/\/staff\/users\/:id/, `/staff/users/${ids.user}`)
    .replace(/\/staff\/remarks\/:id/, `/staff/remarks/${ids.remark}`)
    .replace(/\/staff\/comments\/:id/, `/staff/comments/${ids.commentId}`)
    .replace(':action', 'approve')
    .replace(':commentId', String(ids.commentId))
    .replace(':id', String(ids.id));
}

/** What a held session could have changed: every table's rows but its own session's, as one string. */
async function snapshot(): Promise<string> {
  const tables = ['users', 'posts', 'comments', 'group_remarks', 'stance_labels', 'settings', 'audit_log', 'comment_votes', 'mail_outbox', 'webhooks'] as const;
  const rows = await Promise.all(tables.map((name) => t.db.selectFrom(name).selectAll().execute()));
  return JSON.stringify(rows);
}

const MAY = ['GET /staff/account', 'POST /staff/account/password'];

describe('the first-start password hold', () => {
  it('answers every registered staff route with the account page or 403, and changes nothing', async () => {
    const staffRoutes = registeredRoutes(t.app.printRoutes({ commonPrefix: false })).filter((r) => r.url.startsWith('/staff'));
    // The walk found the routes it is meant to hold (a parse that found none would pass trivially).
    expect(staffRoutes.length).toBeGreaterThan(60);
    expect(staffRoutes).toContainEqual({ method: 'POST', url: '/staff/comments/:id/:action' });
    expect(staffRoutes).toContainEqual({ method: 'GET', url: '/staff/posts/:id/stances.json' });
    const before = await snapshot();
    for (const { method, url } of staffRoutes.filter((r) => !MAY.includes(`${r.method} ${r.url}`))) {
      const path = pathFor(url);
      const res =
        method === 'GET'
          ? await held.agent.get(path)
          : await held.agent
              .post(path)
              .type('form')
              .send(
                formBody({
                  _csrf: held.csrf,
                  title: 'Taken over',
                  body: 'Changed',
                  status: 'published',
                  siteName: 'Taken',
                  name: 'X',
                  email: 'x@example.test',
                  role: 'admin',
                }),
              );
      const answer = `${method} ${url} -> ${res.status} ${res.headers.location ?? ''}`;
      if (method === 'GET') expect(answer).toBe(`${method} ${url} -> 303 /staff/account`);
      else {
        expect(answer).toBe(`${method} ${url} -> 403 `);
        expect(res.text).toContain('Please choose a new password first');
      }
    }
    expect(await snapshot()).toBe(before);
  });

  it('lets the account page, the new password and signing out through, and nothing else of the account', async () => {
    const page = await held.agent.get('/staff/account').expect(200);
    expect(page.text).toContain('Please choose a new password before going on');
    // The staff bar offers the account page only.
    expect(page.text).toContain('<li><a href="/staff/account">Your account</a></li>');
    expect(page.text).not.toContain('href="/staff/users"');
    // Name and email wait for the new password too.
    await held.agent
      .post('/staff/account')
      .type('form')
      .send(formBody({ _csrf: held.csrf, name: 'Someone else', email: 'else@example.test', currentPassword: TEST_PASSWORD }))
      .expect(403);
    const out = await held.agent.post('/logout').type('form').send({ _csrf: held.csrf }).expect(303);
    expect(out.headers.location).toBe('/');
    await held.agent.get('/staff/account').expect(303);
    expect(await t.db.selectFrom('sessions').select('user_id').where('user_id', '=', held.user.id).execute()).toEqual([]);
  });

  it('gives the session no staff identity on reader routes: a reply from the post page is a reader’s, the search shows no held comments', async () => {
    const form = { _csrf: held.csrf, body: 'Staff say: the ferry is fine.', parent_id: '' };
    // As staff the name and email would come from the account; held, the form wants a reader's.
    const refused = await held.agent.post(`/posts/${postSlug}/comments`).type('form').send(formBody(form)).expect(422);
    expect(refused.text).toContain('Staff say: the ferry is fine.');
    await held.agent
      .post(`/posts/${postSlug}/comments`)
      .type('form')
      .send(formBody({ ...form, author_name: 'Ann Reader', author_email: 'ann@example.test' }))
      .expect(303);
    const saved = await t.db
      .selectFrom('comments')
      .select(['user_id', 'staff_badge', 'author_name'])
      .where('body_raw', '=', form.body)
      .executeTakeFirstOrThrow();
    expect(saved).toEqual({ user_id: null, staff_badge: null, author_name: 'Ann Reader' });
    const thread = await held.agent.get(`/posts/${postSlug}`).expect(200);
    expect(thread.text).not.toContain('class="staff-nav"');
    expect(thread.text).not.toContain(`/staff/posts/${ids.id}/remarks`);
    const search = await held.agent.get('/search?q=7%3A40').expect(200);
    expect(search.text).not.toContain('never leaves on time');
    // The same search as staff does show it: the check above is not empty by accident.
    const { agent: moderator } = await signInAs(t.app, t.db, 'moderator');
    expect((await moderator.get('/search?q=7%3A40').expect(200)).text).toContain('never leaves on time');
  });
});
