// Malformed staff requests get a clear 4xx (or work), never a 500.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../support/app.js';
import { signInAs, type Agent } from '../support/auth.js';
import { createComment, createPost } from '../support/factories.js';

let t: TestContext;
let agent: Agent;
let csrf: string;
let postId: number;
beforeAll(async () => {
  t = await createTestApp();
  ({ agent, csrf } = await signInAs(t.app, t.db, 'admin'));
  postId = (await createPost(t.db)).id;
  await createComment(t.db, postId, { status: 'pending' });
});
afterAll(async () => t.close());

describe('odd staff requests', () => {
  it.each([
    '/staff/moderation?status=pending&status=spam',
    '/staff/moderation?post=abc',
    '/staff/moderation?post[]=1',
    '/staff/moderation?page=0',
    '/staff/moderation?page=99999',
    '/staff/moderation?post=2147483648',
    '/staff/stances?max_confidence=NaN',
    '/staff/stances?label=pro&label=against',
    '/staff/stances?post=999999',
    '/staff/stances?page=-1',
    '/staff/posts/abc/edit',
    '/staff/posts/999999/edit',
    '/staff/posts/1/stances.csv?x=1',
    '/staff/comments/0/edit',
    '/staff/comments/1/edit?return_to=https://evil.example',
    '/staff/audit?page=abc',
    '/login?next[]=x',
  ])('GET %s', async (path) => {
    const res = await agent.get(path);
    expect(res.status).toBeLessThan(500);
    // 422: a bad filter value comes back as the page with the field marked.
    expect([200, 301, 303, 400, 404, 422]).toContain(res.status);
  });

  it.each<[string, Record<string, string>]>([
    ['/staff/posts', { title: 'x' }],
    ['/staff/posts/1', {}],
    ['/staff/posts/999999', { title: 'x' }],
    ['/staff/comments/1/approve', { return_to: '//evil.example' }],
    ['/staff/comments/abc/approve', {}],
    ['/staff/comments/1/edit', { body: 'x' }],
    ['/staff/moderation/bulk', { bulk_action: 'approve', c0: '1', c99999999999: '1' }],
    ['/staff/stances/label', { decision: 'c99999:pro' }],
    ['/staff/stances/confirm', { t_r99999: '1' }],
    ['/staff/settings', { linkLimit: '1e9' }],
    ['/staff/users/1/role', {}],
  ])('POST %s', async (path, body) => {
    const res = await agent
      .post(path)
      .type('form')
      .send({ ...body, _csrf: csrf });
    expect(res.status).toBeLessThan(500);
    if (res.status === 303) expect(res.headers.location).toMatch(/^\/(?!\/)/);
  });
});
