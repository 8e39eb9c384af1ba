import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importWordpress } from '../../server/import/wordpress-import.service.js';
import { readWxr } from '../../server/import/wxr-reader.js';
import { createTestApp, TEST_NOW, type TestContext } from '../support/app.js';
import { signInAs, type Agent } from '../support/auth.js';
import { createComment } from '../support/factories.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/import/linkbacks.xml', import.meta.url));

let t: TestContext;
let moderator: Agent;
let spamId: number;
beforeAll(async () => {
  t = await createTestApp();
  await importWordpress(t.db, readWxr(fs.createReadStream(FIXTURE)), { skipPages: false, dryRun: false, subject: null, subjects: new Map(), now: TEST_NOW });
  const post = await t.db.selectFrom('posts').select('id').executeTakeFirstOrThrow();
  // A later comment of hers, held as spam, written with the address in capitals.
  spamId = await createComment(t.db, post.id, { name: 'Odile M.', body: 'Second thoughts about the dam.', status: 'spam' });
  await t.db.updateTable('comments').set({ author_email: 'ODILE@Example.org', created_at: '2011-07-01T09:00:00.000Z' }).where('id', '=', spamId).execute();
  moderator = (await signInAs(t.app, t.db, 'moderator')).agent;
});
afterAll(async () => t.close());

const exportOf = (agent: Agent, email: string) => agent.get(`/staff/commenters/export?email=${encodeURIComponent(email)}`);
const auditRows = () =>
  t.db.selectFrom('audit_log').select(['action', 'target_type', 'target_id', 'after_json']).where('action', '=', 'commenter.export').execute();

describe('exporting one commenter’s comments', () => {
  it('is offered on the moderation page: a form, and a link on each comment', async () => {
    const res = await moderator.get('/staff/moderation?status=approved').expect(200);
    expect(res.text).toContain('<form class="inline-form commenter-export" method="get" action="/staff/commenters/export">');
    expect(res.text).toContain('<a class="small-link" href="/staff/commenters/export?email&#x3D;odile%40example.org">Export this commenter’s comments</a>');
  });

  it('downloads every comment from the address, any status and any case, as JSON, and logs it', async () => {
    const res = await exportOf(moderator, 'Odile@Example.org').expect(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="comments-odile@example.org.json"');
    expect(res.headers['cache-control']).toBe('no-store');
    const file = JSON.parse(res.text) as { format: string; version: number; email: string; comments: Record<string, unknown>[] };
    expect(file).toMatchObject({ format: 'rejoinder-commenter-export', version: 1, email: 'Odile@Example.org' });
    expect(file.comments.map((c) => [c.author_name, c.status, c.body])).toEqual([
      ['Odile Marsh', 'approved', 'Bram is right: the dam floods the lower fields every spring.'],
      ['Odile M.', 'spam', 'Second thoughts about the dam.'],
    ]);
    expect(file.comments[0]).toMatchObject({ post: { slug: 'bram-keller-mill-dam', title: 'Is Bram Keller right about the mill dam?' }, stance: null });
    expect(file.comments[1]).toMatchObject({ id: spamId, permalink: `/posts/bram-keller-mill-dam/comments/${spamId}` });
    expect(res.text).not.toContain('Jonas');
    expect(res.text).not.toContain('author_ip_hash');
    expect(await auditRows()).toEqual([
      { action: 'commenter.export', target_type: 'commenter', target_id: null, after_json: JSON.stringify({ email: 'Odile@Example.org', comments: 2 }) },
    ]);
    const admin = (await signInAs(t.app, t.db, 'admin')).agent;
    const audit = await admin.get('/staff/audit').expect(200);
    expect(audit.text).toContain('exported a commenter’s comments');
    expect(audit.text).toContain('the comments from Odile@Example.org');
  });

  it.each([
    ['not an address', 'not-an-address', /<span class="field-error" id="export-email-error">[^<]+<\/span>/],
    [
      'an address that wrote nothing',
      'nobody@example.org',
      /<span class="field-error" id="export-email-error">No comments were written from that address\.<\/span>/,
    ],
    ['hostile text', '"><script>alert(1)</script>', /<span class="field-error" id="export-email-error">[^<]+<\/span>/],
  ])('re-renders the queue with 422 for %s, the text kept and nothing logged', async (_name, email, message) => {
    const before = (await auditRows()).length;
    const res = await exportOf(moderator, email).expect(422);
    expect(res.text).toMatch(message);
    expect(res.text).toContain('aria-invalid="true" aria-describedby="export-email-error"');
    expect(res.text).not.toContain('<script>alert(1)</script>');
    const kept = /id="export-email" name="email" type="email" value="([^"]*)"/.exec(res.text)?.[1];
    expect(kept).toBe(email.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;').replaceAll('>', '&gt;'));
    expect((await auditRows()).length).toBe(before);
  });

  it('is for moderators only', async () => {
    const author = (await signInAs(t.app, t.db, 'author')).agent;
    await exportOf(author, 'odile@example.org').expect(403);
    const anonymous = await request(t.app.server).get('/staff/commenters/export?email=odile%40example.org');
    expect(anonymous.status).not.toBe(200);
    expect(anonymous.text).not.toContain('Odile');
  });
});
