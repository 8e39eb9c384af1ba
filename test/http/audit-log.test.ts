// The audit log as an admin reads it: each entry names what it touched and links to it, shows what
// changed field by field, and the list filters by person, action and day.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { insertAuditEntries } from '../../server/audit/audit.repository.js';
import { createTestApp, type TestContext } from '../support/app.js';
import { signInAs, type Agent, type TestUser } from '../support/auth.js';
import { createComment, createPost, createRemarks, formBody } from '../support/factories.js';

let t: TestContext;
let agent: Agent;
let csrf: string;
let admin: TestUser;
let moderator: TestUser;
let post: { id: number; slug: string };
let comment: number;
beforeEach(async () => {
  t = await createTestApp();
  ({ agent, csrf, user: admin } = await signInAs(t.app, t.db, 'admin'));
  ({ user: moderator } = await signInAs(t.app, t.db, 'moderator'));
  post = await createPost(t.db, { title: 'Night buses' });
  comment = await createComment(t.db, post.id, { name: 'Oskar Lind', body: 'The 2 a.m. bus saved my job.' });
  const [remark] = await createRemarks(t.db, comment, [{ author: 'Ruth Amari', body: 'Same for my shift.' }]);
  const entry = (userId: number, action: string, targetType: string, targetId: number | null, before: unknown, after: unknown, createdAt: string) => ({
    userId,
    action,
    targetType,
    targetId,
    before,
    after,
    createdAt,
  });
  await insertAuditEntries(t.db, [
    entry(moderator.id, 'comment.approve', 'comment', comment, { status: 'pending' }, { status: 'approved' }, '2026-11-20T09:00:00.000Z'),
    entry(
      admin.id,
      'post.edit',
      'post',
      post.id,
      { title: 'Night bus', slug: 'night-buses' },
      { title: 'Night buses', slug: 'night-buses' },
      '2026-11-21T09:00:00.000Z',
    ),
    entry(moderator.id, 'remark.edit', 'remark', remark!, { body: 'Same.' }, { body: 'Same for my shift.' }, '2026-11-22T09:00:00.000Z'),
    entry(admin.id, 'comment.delete', 'comment', 999, { status: 'spam', body: 'Buy now' }, undefined, '2026-11-23T09:00:00.000Z'),
  ]);
});
afterEach(async () => t.close());

const entryIds = (html: string) => [...html.matchAll(/id="audit-(\d+)"/g)].length;

describe('the audit log', () => {
  it('links each entry to what it touched, with an excerpt and the changed fields', async () => {
    const res = await agent.get('/staff/audit').expect(200);
    expect(res.text).toContain(`approved a comment:\n        <a href="/staff/comments/${comment}/edit">Oskar Lind’s comment on “Night buses”</a>`);
    expect(res.text).toContain('<p class="audit-excerpt">The 2 a.m. bus saved my job.</p>');
    expect(res.text).toContain('<dt>status</dt><dd><del>pending</del> → <ins>approved</ins></dd>');
    expect(res.text).toContain(`<a href="/staff/posts/${post.id}/edit">“Night buses”</a>`);
    // The slug did not change, so it is not listed.
    expect(res.text).toContain('<dt>title</dt><dd><del>Night bus</del> → <ins>Night buses</ins></dd>');
    expect(res.text).not.toContain('<dt>slug</dt>');
    expect(res.text).toContain('Ruth Amari’s remark');
    expect(res.text).toContain('comment #999, since deleted');
  });

  it('filters by person, action and days, and says when nothing matches', async () => {
    expect(entryIds((await agent.get(`/staff/audit?user=${moderator.id}`).expect(200)).text)).toBe(2);
    expect(entryIds((await agent.get('/staff/audit?action=post.edit').expect(200)).text)).toBe(1);
    expect(entryIds((await agent.get('/staff/audit?from=2026-11-21&to=2026-11-22').expect(200)).text)).toBe(2);
    expect(entryIds((await agent.get('/staff/audit?to=2026-11-20').expect(200)).text)).toBe(1);
    const none = await agent.get('/staff/audit?action=user.role').expect(200);
    expect(none.text).toContain('No entries match these filters.');
  });

  it('reads the days as the site’s local days and prints the times in its zone', async () => {
    // 09:00 UTC on 20 to 23 November is 22:00 the same day in Auckland (UTC+13), 04:00 in New York (UTC-5).
    const site = { siteName: 'Rejoinder', tagline: '', dateFormat: 'iso', showDemo: '1', _csrf: csrf };
    await agent
      .post('/staff/settings/site')
      .type('form')
      .send(formBody({ ...site, timeZone: 'Pacific/Auckland' }))
      .expect(303);
    const auckland = (await agent.get('/staff/audit?from=2026-11-21&to=2026-11-22&action=post.edit').expect(200)).text;
    expect(entryIds(auckland)).toBe(1);
    expect(auckland).toContain('<time datetime="2026-11-21T09:00:00.000Z">2026-11-21 22:00</time>');
    // The entry at 09:00 UTC on the 23rd is 22:00 on the 23rd there; 2026-11-23 begins at 11:00 UTC on the 22nd.
    expect(entryIds((await agent.get('/staff/audit?from=2026-11-23&to=2026-11-23').expect(200)).text)).toBe(1);
    expect(entryIds((await agent.get('/staff/audit?from=2026-11-24&to=2026-11-24').expect(200)).text)).toBe(0);
    await agent
      .post('/staff/settings/site')
      .type('form')
      .send(formBody({ ...site, timeZone: 'Pacific/Kiritimati' }))
      .expect(303);
    // UTC+14: 09:00 UTC on the 23rd is 23:00 there, still the 23rd; 10:00 UTC would be the 24th.
    expect(entryIds((await agent.get('/staff/audit?from=2026-11-23&to=2026-11-23').expect(200)).text)).toBe(1);
    await agent
      .post('/staff/settings/site')
      .type('form')
      .send(formBody({ ...site, timeZone: 'America/New_York' }))
      .expect(303);
    const ny = (await agent.get('/staff/audit?from=2026-11-20&to=2026-11-20').expect(200)).text;
    expect(entryIds(ny)).toBe(1);
    expect(ny).toContain('<time datetime="2026-11-20T09:00:00.000Z">2026-11-20 04:00</time>');
    expect(entryIds((await agent.get('/staff/audit?from=2026-11-19&to=2026-11-19').expect(200)).text)).toBe(0);
  });

  it('comes back with the field marked when a day is not one', async () => {
    const res = await agent.get('/staff/audit?from=2026-02-30&to=tomorrow').expect(422);
    expect(res.text).toContain('id="a-from-error"');
    expect(res.text).toContain('id="a-to-error"');
    expect(res.text).toContain('value="tomorrow"');
  });

  it('is closed to moderators', async () => {
    const { agent: other } = await signInAs(t.app, t.db, moderator);
    await other.get('/staff/audit').expect(403);
  });
});
