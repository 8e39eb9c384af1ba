// Webhooks end to end: registered by an admin, signed, delivered through the outbox to a real local HTTP receiver,
// retried with back-off, logged with their status, disabled after a run of failures; private addresses refused.
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isPublicAddress } from '../../server/mail/public-address.js';
import { createTestApp, TEST_NOW, type TestContext } from '../support/app.js';
import { signInAs, visitorAgent, type Agent } from '../support/auth.js';
import { createPost } from '../support/factories.js';
import { postCommentAs } from '../support/mail-helpers.js';

interface Hit {
  headers: Record<string, string | string[] | undefined>;
  body: string;
}
let receiver: Server;
let hits: Hit[];
let answer: number;
let hookUrl: string;
beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      hits.push({ headers: req.headers, body });
      res.writeHead(answer).end(answer === 200 ? 'ok' : 'broken receiver');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
});
afterAll(() => new Promise<void>((resolve) => receiver.close(() => resolve())));

let t: TestContext;
let now: Date;
let admin: Agent;
let adminCsrf: string;
beforeEach(async () => {
  hits = [];
  answer = 200;
  now = TEST_NOW;
  t = await createTestApp({ SITE_URL: 'https://blog.example' }, { clock: () => now });
  ({ agent: admin, csrf: adminCsrf } = await signInAs(t.app, t.db, 'admin'));
});
afterEach(async () => t.close());

/**
 * Lets the app's own outbox loop (running for webhooks without SMTP_URL) deliver what is due at `now`: wakes it,
 * then waits until no delivery is due or held by a claim.
 */
async function deliver() {
  t.app.wakeOutbox();
  const deadline = Date.now() + 10_000;
  for (;;) {
    const rows = await t.db.selectFrom('mail_outbox').select(['status', 'claimed_until', 'next_attempt_at']).where('webhook_id', 'is not', null).execute();
    const pending = rows.filter((r) => r.status === 'queued' && (r.claimed_until !== null || r.next_attempt_at <= now.toISOString()));
    if (pending.length === 0) return;
    if (Date.now() > deadline) throw new Error(`deliveries still pending: ${JSON.stringify(pending)}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
    t.app.wakeOutbox();
  }
}

async function allowPrivate(on: boolean) {
  await admin
    .post('/staff/webhooks/settings')
    .type('form')
    .send({ _csrf: adminCsrf, ...(on ? { allowPrivateAddresses: '1' } : {}) })
    .expect(303);
}

function register(events: Record<string, string>) {
  return admin
    .post('/staff/webhooks')
    .type('form')
    .send({ _csrf: adminCsrf, url: hookUrl, ...events });
}

describe('webhooks', () => {
  it('refuses private and loopback addresses unless the admin allows them, and keeps what was typed', async () => {
    for (const address of ['127.0.0.1', '10.1.2.3', '169.254.169.254', '192.168.0.1', '::1', 'fe80::1', '::ffff:127.0.0.1', 'fd00::1'])
      expect(isPublicAddress(address), address).toBe(false);
    for (const address of ['93.184.216.34', '2606:4700::1111']) expect(isPublicAddress(address), address).toBe(true);
    const refused = await register({ 'comment.created': '1' }).expect(422);
    expect(refused.text).toContain('127.0.0.1, which is not a public address');
    expect(refused.text).toContain(`value="${hookUrl}"`);
    const named = await admin.post('/staff/webhooks').type('form').send({ _csrf: adminCsrf, url: 'http://localhost:9/x', 'comment.created': '1' }).expect(422);
    expect(named.text).toContain('which is not a public address');
    expect((await register({}).expect(422)).text).toContain('Choose at least one event');
    expect(
      (await admin.post('/staff/webhooks').type('form').send({ _csrf: adminCsrf, url: 'ftp://example.com/', 'comment.created': '1' }).expect(422)).text,
    ).toContain('An http:// or https:// address');
    const { agent: mod } = await signInAs(t.app, t.db, 'moderator');
    await mod.get('/staff/webhooks').expect(403);
  });

  it('posts each event signed (HMAC-SHA256 over the timestamp and body) through the outbox, and logs its status', async () => {
    await allowPrivate(true);
    await register({ 'comment.created': '1', 'comment.approved': '1' }).expect(303);
    const hook = await t.db.selectFrom('webhooks').selectAll().executeTakeFirstOrThrow();
    const post = await createPost(t.db, { title: 'The Bridge Debate' });
    const { agent, csrf } = await visitorAgent(t.app);
    const id = await postCommentAs(agent, csrf, post.slug, { author_name: 'Vic Orr', author_email: 'vic@example.test', body: 'It <b>rusts</b>.' });
    // Through the outbox: both deliveries are rows by the time the POST is answered. Whether one is sent yet is up to
    // the sender, which the POST wakes (on PostgreSQL it could deliver before this line ran).
    const queued = await t.db.selectFrom('mail_outbox').select('id').where('webhook_id', '=', hook.id).execute();
    expect(queued).toHaveLength(2);
    await deliver();
    expect(hits.map((h) => h.headers['x-rejoinder-event'])).toEqual(['comment.created', 'comment.approved']);
    for (const hit of hits) {
      const timestamp = hit.headers['x-rejoinder-timestamp'] as string;
      expect(timestamp).toBe(String(TEST_NOW.getTime() / 1000));
      const expected = `sha256=${createHmac('sha256', hook.secret).update(`${timestamp}.${hit.body}`).digest('hex')}`;
      expect(hit.headers['x-rejoinder-signature']).toBe(expected);
      expect(hit.headers['content-type']).toBe('application/json');
    }
    const body = JSON.parse(hits[0]!.body) as { event: string; data: { comment: Record<string, unknown>; post: Record<string, unknown> } };
    expect(body.event).toBe('comment.created');
    expect(body.data.comment).toMatchObject({
      id,
      author_name: 'Vic Orr',
      body: 'It <b>rusts</b>.',
      status: 'approved',
      url: `https://blog.example/posts/${post.slug}/comments/${id}`,
    });
    expect(body.data.comment).not.toHaveProperty('author_email');
    expect(body.data.post).toMatchObject({ id: post.id, title: 'The Bridge Debate' });

    const rows = await t.db.selectFrom('mail_outbox').select(['status', 'last_status']).where('webhook_id', '=', hook.id).execute();
    expect(rows).toEqual([
      { status: 'sent', last_status: 200 },
      { status: 'sent', last_status: 200 },
    ]);
    const page = await admin.get('/staff/webhooks').expect(200);
    expect(page.text).toContain(hookUrl);
    expect(page.text).toContain('comment.approved');
  });

  it('retries a failing receiver with back-off, logs each status, and disables the endpoint after 5 failures in a row', async () => {
    await allowPrivate(true);
    await register({ 'comment.created': '1' }).expect(303);
    const post = await createPost(t.db, { title: 'The Bridge Debate' });
    const { agent, csrf } = await visitorAgent(t.app);
    answer = 500;
    await postCommentAs(agent, csrf, post.slug, { author_name: 'Vic Orr', author_email: 'vic@example.test', body: 'One.' });
    await deliver();
    expect(hits).toHaveLength(1);
    const [first] = await t.db.selectFrom('mail_outbox').selectAll().where('webhook_id', 'is not', null).execute();
    expect(first).toMatchObject({ status: 'queued', attempts: 1, last_status: 500, next_attempt_at: new Date(TEST_NOW.getTime() + 30_000).toISOString() });
    expect(first!.last_error).toContain('HTTP 500: broken receiver');
    // Not before its back-off.
    await deliver();
    expect(hits).toHaveLength(1);
    for (let n = 2; n <= 5; n += 1) {
      now = new Date(now.getTime() + 7 * 3600_000);
      await deliver();
      expect(hits).toHaveLength(n);
    }
    const hook = await t.db.selectFrom('webhooks').selectAll().executeTakeFirstOrThrow();
    expect(hook).toMatchObject({ active: 0, consecutive_failures: 5 });
    expect(hook.disabled_reason).toContain('HTTP 500');
    expect((await t.db.selectFrom('mail_outbox').select('status').executeTakeFirstOrThrow()).status).toBe('failed');
    // Disabled: a new event queues nothing.
    await postCommentAs(agent, csrf, post.slug, { author_name: 'Wes Park', author_email: 'wes@example.test', body: 'Two.' });
    expect(await t.db.selectFrom('mail_outbox').select('id').execute()).toHaveLength(1);
    // A day and more has passed: the admin's session has ended, so they sign in again.
    ({ agent: admin, csrf: adminCsrf } = await signInAs(t.app, t.db, 'admin'));
    const page = await admin.get('/staff/webhooks').expect(200);
    expect(page.text).toContain('disabled: HTTP 500');

    answer = 200;
    await admin.post(`/staff/webhooks/${hook.id}/enable`).type('form').send({ _csrf: adminCsrf }).expect(303);
    await postCommentAs(agent, csrf, post.slug, { author_name: 'Xan Lee', author_email: 'xan@example.test', body: 'Three.' });
    await deliver();
    expect(hits).toHaveLength(6);
    expect((await t.db.selectFrom('webhooks').select('consecutive_failures').executeTakeFirstOrThrow()).consecutive_failures).toBe(0);
  });

  it('checks the address again when sending: an endpoint accepted while private addresses were allowed is refused once they are not', async () => {
    await allowPrivate(true);
    await register({ 'comment.created': '1' }).expect(303);
    await allowPrivate(false);
    const post = await createPost(t.db, { title: 'The Bridge Debate' });
    const { agent, csrf } = await visitorAgent(t.app);
    await postCommentAs(agent, csrf, post.slug, { author_name: 'Vic Orr', author_email: 'vic@example.test', body: 'One.' });
    await deliver();
    expect(hits).toHaveLength(0);
    const row = await t.db.selectFrom('mail_outbox').selectAll().executeTakeFirstOrThrow();
    expect(row.status).toBe('failed');
    expect(row.last_error).toContain('not a public address');
  });

  it('sends stance.changed when a moderator sets a comment to another side, with the side before and after', async () => {
    await allowPrivate(true);
    await register({ 'stance.changed': '1' }).expect(303);
    const post = await createPost(t.db, { title: 'The Bridge Debate' });
    const { agent, csrf } = await visitorAgent(t.app);
    const id = await postCommentAs(agent, csrf, post.slug, { author_name: 'Vic Orr', author_email: 'vic@example.test', body: 'I am for it.', stance: 'pro' });
    const { agent: mod, csrf: modCsrf } = await signInAs(t.app, t.db, 'moderator');
    await mod
      .post('/staff/stances/label')
      .type('form')
      .send({ _csrf: modCsrf, decision: `c${id}:against` })
      .expect(303);
    await deliver();
    expect(hits.map((h) => h.headers['x-rejoinder-event'])).toEqual(['stance.changed']);
    const body = JSON.parse(hits[0]!.body) as { data: { comment: { id: number }; stance: Record<string, unknown> } };
    expect(body.data.comment.id).toBe(id);
    expect(body.data.stance).toEqual({ from: 'pro', to: 'against', source: 'moderator' });
    // Confirming the side it has is no change.
    await mod
      .post('/staff/stances/label')
      .type('form')
      .send({ _csrf: modCsrf, decision: `c${id}:confirm` })
      .expect(303);
    expect(await t.db.selectFrom('mail_outbox').select('id').where('subject', '=', 'stance.changed').execute()).toHaveLength(1);
  });
});
