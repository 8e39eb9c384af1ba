// Role × action matrix: every staff action, tried by a reader, an author, another author,
// a moderator and an admin. Allowed actions answer their normal status; the rest 403 (or sign-in).
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../support/app.js';
import { signInAs, visitorAgent, type Agent, type TestUser } from '../support/auth.js';
import { createComment, createPost } from '../support/factories.js';

type Who = 'reader' | 'author' | 'otherAuthor' | 'moderator' | 'admin';
const EVERYONE: Who[] = ['reader', 'author', 'otherAuthor', 'moderator', 'admin'];

interface Fixture {
  users: Record<Exclude<Who, 'reader'>, TestUser>;
  ownPostId: number;
  commentId: number;
}

interface Case {
  action: string;
  method: 'GET' | 'POST';
  path: (f: Fixture) => string;
  body?: (f: Fixture) => Record<string, string>;
  allowed: Who[];
  /** The status an allowed user gets. */
  ok: number;
}

const POST_FORM = {
  title: 'Matrix post',
  slug: '',
  body: 'Body *text*',
  subject_name: 'Jamie Rivera',
  subject_aliases: 'Rivera',
  author_stance: '',
  status: 'published',
  comments_open: '1',
  moderation_mode: 'open',
  intent: 'save',
};

export const CASES: Case[] = [
  { action: 'open the new-post editor', method: 'GET', path: () => '/staff/posts/new', allowed: ['author', 'otherAuthor', 'admin'], ok: 200 },
  { action: 'create a post', method: 'POST', path: () => '/staff/posts', body: () => POST_FORM, allowed: ['author', 'otherAuthor', 'admin'], ok: 303 },
  { action: 'open the editor of the author’s post', method: 'GET', path: (f) => `/staff/posts/${f.ownPostId}/edit`, allowed: ['author', 'admin'], ok: 200 },
  {
    action: 'save the author’s post',
    method: 'POST',
    path: (f) => `/staff/posts/${f.ownPostId}`,
    body: () => ({ ...POST_FORM, slug: 'matrix-own' }),
    allowed: ['author', 'admin'],
    ok: 303,
  },
  { action: 'view the dashboard', method: 'GET', path: () => '/staff', allowed: ['author', 'otherAuthor', 'moderator', 'admin'], ok: 200 },
  { action: 'see the moderation queue', method: 'GET', path: () => '/staff/moderation', allowed: ['moderator', 'admin'], ok: 200 },
  { action: 'approve a comment', method: 'POST', path: (f) => `/staff/comments/${f.commentId}/approve`, allowed: ['moderator', 'admin'], ok: 303 },
  {
    action: 'bulk-trash comments',
    method: 'POST',
    path: () => '/staff/moderation/bulk',
    body: (f) => ({ bulk_action: 'restore', [`c${f.commentId}`]: '1' }),
    allowed: ['moderator', 'admin'],
    ok: 303,
  },
  { action: 'open a comment’s editor', method: 'GET', path: (f) => `/staff/comments/${f.commentId}/edit`, allowed: ['moderator', 'admin'], ok: 200 },
  {
    action: 'edit a comment',
    method: 'POST',
    path: (f) => `/staff/comments/${f.commentId}/edit`,
    body: () => ({ author_name: 'Reader', body: 'Edited', return_to: '' }),
    allowed: ['moderator', 'admin'],
    ok: 303,
  },
  { action: 'see the comment rules', method: 'GET', path: () => '/staff/settings', allowed: ['admin'], ok: 200 },
  {
    action: 'change the comment rules',
    method: 'POST',
    path: () => '/staff/settings',
    body: () => ({
      holdFirstComment: '',
      holdLinks: '1',
      linkLimit: '3',
      holdWordsOn: '1',
      holdWords: '',
      blockWordsOn: '1',
      blockWords: '',
      refuseDuplicates: '1',
      duplicateMinutes: '10',
      throttleByIp: '1',
    }),
    allowed: ['admin'],
    ok: 303,
  },
  { action: 'read the audit log', method: 'GET', path: () => '/staff/audit', allowed: ['admin'], ok: 200 },
  { action: 'review stances', method: 'GET', path: () => '/staff/stances', allowed: ['author', 'otherAuthor', 'moderator', 'admin'], ok: 200 },
  {
    action: 'review the stances of the author’s post',
    method: 'GET',
    path: (f) => `/staff/stances?post=${f.ownPostId}`,
    allowed: ['author', 'moderator', 'admin'],
    ok: 200,
  },
  {
    action: 'relabel a comment',
    method: 'POST',
    path: () => '/staff/stances/label',
    body: (f) => ({ decision: `c${f.commentId}:pro` }),
    allowed: ['moderator', 'admin'],
    ok: 303,
  },
  {
    action: 'bulk-confirm labels',
    method: 'POST',
    path: () => '/staff/stances/confirm',
    body: (f) => ({ [`t_c${f.commentId}`]: '1' }),
    allowed: ['moderator', 'admin'],
    ok: 303,
  },
  {
    action: 'see a post’s stance summary',
    method: 'GET',
    path: (f) => `/staff/posts/${f.ownPostId}/stances`,
    allowed: ['author', 'moderator', 'admin'],
    ok: 200,
  },
  {
    action: 'export a post’s stances',
    method: 'GET',
    path: (f) => `/staff/posts/${f.ownPostId}/stances.csv`,
    allowed: ['author', 'moderator', 'admin'],
    ok: 200,
  },
  {
    action: 'export a post’s stances as JSON',
    method: 'GET',
    path: (f) => `/staff/posts/${f.ownPostId}/stances.json`,
    allowed: ['author', 'moderator', 'admin'],
    ok: 200,
  },
  {
    action: 'open the remark paste tool of the author’s post',
    method: 'GET',
    path: (f) => `/staff/posts/${f.ownPostId}/remarks`,
    allowed: ['author', 'moderator', 'admin'],
    ok: 200,
  },
  { action: 'list users', method: 'GET', path: () => '/staff/users', allowed: ['admin'], ok: 200 },
  {
    action: 'change a role',
    method: 'POST',
    path: (f) => `/staff/users/${f.users.otherAuthor.id}/role`,
    body: () => ({ role: 'author' }),
    allowed: ['admin'],
    ok: 303,
  },
];

let t: TestContext;
let fixture: Fixture;
const agents = new Map<Who, { agent: Agent; csrf: string }>();

beforeAll(async () => {
  t = await createTestApp();
  const signedIn = {
    author: await signInAs(t.app, t.db, 'author'),
    otherAuthor: await signInAs(t.app, t.db, 'author'),
    moderator: await signInAs(t.app, t.db, 'moderator'),
    admin: await signInAs(t.app, t.db, 'admin'),
  };
  for (const [who, s] of Object.entries(signedIn)) agents.set(who as Who, s);
  agents.set('reader', await visitorAgent(t.app));
  const post = await createPost(t.db);
  await t.db.updateTable('posts').set({ author_id: signedIn.author.user.id }).where('id', '=', post.id).execute();
  const commentId = await createComment(t.db, post.id, { status: 'pending' });
  fixture = {
    users: { author: signedIn.author.user, otherAuthor: signedIn.otherAuthor.user, moderator: signedIn.moderator.user, admin: signedIn.admin.user },
    ownPostId: post.id,
    commentId,
  };
});
afterAll(async () => t.close());

describe.each(CASES)('$action', (c) => {
  it.each(EVERYONE)('as %s', async (who) => {
    const { agent, csrf } = agents.get(who)!;
    const path = c.path(fixture);
    const res =
      c.method === 'GET'
        ? await agent.get(path)
        : await agent
            .post(path)
            .type('form')
            .send({ ...(c.body?.(fixture) ?? {}), _csrf: csrf });
    if (c.allowed.includes(who)) {
      expect(res.status).toBe(c.ok);
    } else if (who === 'reader' && c.method === 'GET') {
      expect(res.status).toBe(303);
      expect(res.headers.location).toMatch(/^\/login\?next=/);
    } else {
      expect(res.status).toBe(403);
    }
  });
});

describe('every staff POST', () => {
  it.each(CASES.filter((c) => c.method === 'POST'))('$action is refused without a CSRF token, even for an admin', async (c) => {
    const { agent } = agents.get('admin')!;
    await agent
      .post(c.path(fixture))
      .type('form')
      .send(c.body?.(fixture) ?? {})
      .expect(403);
  });

  it('is refused for a reader who forges a session-less request', async () => {
    await request(t.app.server).post(`/staff/users/${fixture.users.author.id}/role`).type('form').send({ role: 'admin' }).expect(403);
    const row = await t.db.selectFrom('users').select('role').where('id', '=', fixture.users.author.id).executeTakeFirstOrThrow();
    expect(row.role).toBe('author');
  });
});
