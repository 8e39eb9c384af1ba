// The admins' side of webhooks: a secret shown once (when the endpoint is added and when it is rotated), its last
// characters after that, deliveries signed with the current secret; and every change in the audit log, secrets left out.
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { recordWebhookOutcome, WEBHOOK_DISABLE_AFTER } from '../../server/mail/webhook-delivery.service.js';
import { createTestApp, TEST_NOW, type TestContext } from '../support/app.js';
import { signInAs, visitorAgent, type Agent } from '../support/auth.js';
import { createPost } from '../support/factories.js';
import { postCommentAs } from '../support/mail-helpers.js';

let receiver: Server;
let hits: { signature: string; timestamp: string; body: string }[];
let hookUrl: string;
beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      hits.push({ signature: String(req.headers['x-rejoinder-signature']), timestamp: String(req.headers['x-rejoinder-timestamp']), body });
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
});
afterAll(() => new Promise<void>((resolve) => receiver.close(() => resolve())));

let t: TestContext;
let admin: Agent;
let csrf: string;
let adminId: number;
beforeEach(async () => {
  hits = [];
  t = await createTestApp({}, { clock: () => TEST_NOW });
  let user;
  ({ agent: admin, csrf, user } = await signInAs(t.app, t.db, 'admin'));
  adminId = user.id;
});
afterEach(async () => t.close());

const postForm = (path: string, fields: Record<string, string> = {}) =>
  admin
    .post(path)
    .type('form')
    .send({ _csrf: csrf, ...fields });
const auditRows = () => t.db.selectFrom('audit_log').selectAll().orderBy('id').execute();
const parsed = (json: string | null) => (json === null ? null : (JSON.parse(json) as unknown));
const freshSecretOn = (html: string) => /<code class="webhook-secret">([^<]+)<\/code>/.exec(html)?.[1];
const storedSecret = async () => (await t.db.selectFrom('webhooks').select('secret').executeTakeFirstOrThrow()).secret;

async function deliverAll() {
  const deadline = Date.now() + 10_000;
  for (;;) {
    t.app.wakeOutbox();
    const waiting = await t.db.selectFrom('mail_outbox').select('id').where('webhook_id', 'is not', null).where('status', '=', 'queued').execute();
    if (waiting.length === 0) return;
    if (Date.now() > deadline) throw new Error('deliveries still waiting');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('webhook secrets', () => {
  it('are shown once after adding and after rotating, then only by their last characters; deliveries use the current one', async () => {
    await postForm('/staff/webhooks/settings', { allowPrivateAddresses: '1' }).expect(303);
    const added = await postForm('/staff/webhooks', { url: hookUrl, 'comment.created': '1' }).expect(303);
    const id = (await t.db.selectFrom('webhooks').select('id').executeTakeFirstOrThrow()).id;
    expect(added.headers.location).toBe(`/staff/webhooks#webhook-${id}`);
    const first = await admin.get('/staff/webhooks').expect(200);
    expect(first.headers['cache-control']).toBe('no-store');
    const secret = await storedSecret();
    expect(freshSecretOn(first.text)).toBe(secret);
    expect(first.text).toContain('Copy it to the receiver now: it is not shown again.');
    // Once: the next view, and any other admin's, shows the hint alone.
    const again = await admin.get('/staff/webhooks').expect(200);
    expect(again.text).not.toContain(secret);
    expect(again.text).toContain(`<code class="webhook-secret-hint">…${secret.slice(-4)}</code>`);
    const other = await signInAs(t.app, t.db, 'admin');
    expect((await other.agent.get('/staff/webhooks').expect(200)).text).not.toContain(secret);

    const { agent, csrf: visitorCsrf } = await visitorAgent(t.app);
    const post = await createPost(t.db);
    await postCommentAs(agent, visitorCsrf, post.slug, { author_name: 'Ula', author_email: 'ula@example.test', body: 'Signed with the first.' });
    await deliverAll();

    await postForm(`/staff/webhooks/${id}/rotate-secret`).expect(303);
    const rotated = await storedSecret();
    expect(rotated).not.toBe(secret);
    const shown = await admin.get('/staff/webhooks').expect(200);
    expect(freshSecretOn(shown.text)).toBe(rotated);
    expect(shown.text).not.toContain(secret);
    expect((await admin.get('/staff/webhooks').expect(200)).text).not.toContain(rotated);
    await postCommentAs(agent, visitorCsrf, post.slug, { author_name: 'Ula', author_email: 'ula@example.test', body: 'Signed with the second.' });
    await deliverAll();
    expect(hits).toHaveLength(2);
    const sign = (key: string, hit: (typeof hits)[number]) => `sha256=${createHmac('sha256', key).update(`${hit.timestamp}.${hit.body}`).digest('hex')}`;
    expect(hits.map((hit, i) => hit.signature === sign(i === 0 ? secret : rotated, hit))).toEqual([true, true]);
  });

  it('cross to the page in a sealed, HttpOnly cookie scoped to it; a forged one shows nothing', async () => {
    await postForm('/staff/webhooks/settings', { allowPrivateAddresses: '1' }).expect(303);
    const added = await postForm('/staff/webhooks', { url: hookUrl, 'comment.created': '1' }).expect(303);
    const cookie = ([] as string[]).concat(added.headers['set-cookie'] ?? []).find((c) => c.startsWith('rj_webhook_secret='))!;
    expect(cookie).toMatch(/; Path=\/staff\/webhooks/);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Strict/);
    expect(cookie).not.toContain(await storedSecret());
    // A forged or mangled value shows nothing (and no error).
    const forged = await signInAs(t.app, t.db, 'admin');
    const page = await forged.agent.get('/staff/webhooks').set('cookie', 'rj_webhook_secret=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA').expect(200);
    expect(freshSecretOn(page.text)).toBeUndefined();
  });

  it('cannot be rotated by a moderator, nor for an endpoint that does not exist', async () => {
    const mod = await signInAs(t.app, t.db, 'moderator');
    await mod.agent.post('/staff/webhooks/1/rotate-secret').type('form').send({ _csrf: mod.csrf }).expect(403);
    await postForm('/staff/webhooks/999/rotate-secret').expect(404);
    await postForm('/staff/webhooks/999/disable').expect(404);
    await postForm('/staff/webhooks/999/delete').expect(404);
    expect(await auditRows()).toEqual([]);
  });
});

describe('the audit log of webhooks', () => {
  it('logs the address rule, adding, rotating, turning off and on and removing an endpoint, with before and after and no secret', async () => {
    await postForm('/staff/webhooks/settings', { allowPrivateAddresses: '1' }).expect(303);
    await postForm('/staff/webhooks/settings').expect(303);
    await postForm('/staff/webhooks/settings', { allowPrivateAddresses: '1' }).expect(303);
    await postForm('/staff/webhooks', { url: hookUrl, 'comment.created': '1', 'stance.changed': '1' }).expect(303);
    const id = (await t.db.selectFrom('webhooks').select('id').executeTakeFirstOrThrow()).id;
    const firstSecret = await storedSecret();
    await postForm(`/staff/webhooks/${id}/rotate-secret`).expect(303);
    const secondSecret = await storedSecret();
    await postForm(`/staff/webhooks/${id}/disable`).expect(303);
    expect(await t.db.selectFrom('webhooks').select(['active', 'disabled_reason']).executeTakeFirstOrThrow()).toEqual({
      active: 0,
      disabled_reason: 'turned off by an admin',
    });
    expect((await admin.get('/staff/webhooks').expect(200)).text).toContain('disabled: turned off by an admin');
    await postForm(`/staff/webhooks/${id}/disable`).expect(303);
    await postForm(`/staff/webhooks/${id}/enable`).expect(303);
    await postForm(`/staff/webhooks/${id}/delete`).expect(303);

    const rows = await auditRows();
    const hint = (s: string) => `…${s.slice(-4)}`;
    expect(rows.map((r) => [r.user_id, r.action, r.target_type, r.target_id, parsed(r.before_json), parsed(r.after_json)])).toEqual([
      [adminId, 'settings.webhooks', 'settings', null, { allowPrivateAddresses: false }, { allowPrivateAddresses: true }],
      [adminId, 'settings.webhooks', 'settings', null, { allowPrivateAddresses: true }, { allowPrivateAddresses: false }],
      [adminId, 'settings.webhooks', 'settings', null, { allowPrivateAddresses: false }, { allowPrivateAddresses: true }],
      [
        adminId,
        'webhook.create',
        'webhook',
        id,
        null,
        { url: hookUrl, events: ['comment.created', 'stance.changed'], secret: hint(firstSecret), active: true },
      ],
      [adminId, 'webhook.rotate_secret', 'webhook', id, { secret: hint(firstSecret) }, { secret: hint(secondSecret) }],
      [adminId, 'webhook.disable', 'webhook', id, { active: true, disabled_reason: null }, { active: false, disabled_reason: 'turned off by an admin' }],
      [adminId, 'webhook.enable', 'webhook', id, { active: false, disabled_reason: 'turned off by an admin' }, { active: true, disabled_reason: null }],
      [
        adminId,
        'webhook.delete',
        'webhook',
        id,
        { url: hookUrl, events: ['comment.created', 'stance.changed'], secret: hint(secondSecret), active: true },
        null,
      ],
    ]);
    const everything = JSON.stringify(rows);
    expect(everything).not.toContain(firstSecret);
    expect(everything).not.toContain(secondSecret);
    const page = await admin.get('/staff/audit').expect(200);
    expect(page.text).toContain('webhook.rotate_secret');
    expect(page.text).toContain('settings.webhooks');
  });

  it('logs the endpoint the sender disables after a run of failures, by nobody, with the reason', async () => {
    await postForm('/staff/webhooks/settings', { allowPrivateAddresses: '1' }).expect(303);
    await postForm('/staff/webhooks', { url: hookUrl, 'comment.created': '1' }).expect(303);
    const id = (await t.db.selectFrom('webhooks').select('id').executeTakeFirstOrThrow()).id;
    const at = TEST_NOW.toISOString();
    const message = await t.db
      .insertInto('mail_outbox')
      .values({
        recipient: `webhook:${id}`,
        subject: 'comment.created',
        headers_json: '{}',
        body_text: '{}',
        body_html: '',
        next_attempt_at: at,
        created_at: at,
        webhook_id: id,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    for (let n = 1; n <= WEBHOOK_DISABLE_AFTER; n += 1) {
      await recordWebhookOutcome(t.db, message, { status: 502, error: new Error('HTTP 502') }, 'HTTP 502: bad gateway', TEST_NOW);
      const logged = (await auditRows()).filter((r) => r.action === 'webhook.disable');
      expect(logged, `after ${n} failures`).toHaveLength(n < WEBHOOK_DISABLE_AFTER ? 0 : 1);
    }
    const [entry] = (await auditRows()).filter((r) => r.action === 'webhook.disable');
    expect([entry!.user_id, entry!.target_id, parsed(entry!.after_json)]).toEqual([null, id, { active: false, disabled_reason: 'HTTP 502: bad gateway' }]);
    expect((await admin.get('/staff/audit').expect(200)).text).toContain('webhook.disable');
  });
});
