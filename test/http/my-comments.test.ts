// A reader downloads their own comments: the form queues a signed, expiring link (through the real SMTP server),
// the link shows the published and held comments of that address with their labels and serves them as JSON,
// and the form answers the same for an address that wrote nothing.
import request from 'supertest';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { signMailToken } from '../../server/mail/mail-tokens.js';
import { managePath } from '../../server/subscription/subscription-links.js';
import { createSmtpTransport, type MailTransport } from '../../server/mail/smtp-transport.js';
import { createTestApp, TEST_NOW, type TestContext } from '../support/app.js';
import { visitorAgent, type Agent } from '../support/auth.js';
import { createComment, createPost, formBody } from '../support/factories.js';
import { drainOutbox, linkIn } from '../support/mail-helpers.js';
import { startTestSmtp, type TestSmtp } from '../support/smtp.js';

const HOUR = 3600_000;
const UNA = 'una@example.test';
let smtp: TestSmtp;
let transport: MailTransport;
beforeAll(async () => {
  smtp = await startTestSmtp();
  transport = createSmtpTransport(smtp.url, 'Rejoinder <noreply@blog.example>');
});
afterAll(async () => {
  transport.close();
  await smtp.close();
});

let t: TestContext;
let now: Date;
let agent: Agent;
let csrf: string;
let ids: Record<'approved' | 'held' | 'spam' | 'trash' | 'deleted' | 'onDraft' | 'other', number>;

async function commentBy(email: string, postId: number, body: string, status: 'approved' | 'pending' | 'spam' | 'trash', at: string) {
  const id = await createComment(t.db, postId, { name: 'Una Quill', body, status });
  await t.db.updateTable('comments').set({ author_email: email, created_at: at }).where('id', '=', id).execute();
  return id;
}

async function setUp(overrides: Record<string, string> = {}) {
  smtp.received.length = 0;
  now = TEST_NOW;
  t = await createTestApp({ SITE_URL: 'https://blog.example', SITE_TIME_ZONE: 'Europe/Paris', ...overrides }, { clock: () => now });
  const post = await createPost(t.db, { title: 'The Bridge <Debate>' });
  const draft = await createPost(t.db, { title: 'Unpublished plans', status: 'draft' });
  ids = {
    approved: await commentBy('Una@Example.test', post.id, 'The bridge <script>alert(1)</script> rusts.', 'approved', '2026-11-20T10:00:00.000Z'),
    held: await commentBy(UNA, post.id, 'Still waiting for a moderator.', 'pending', '2026-11-21T10:00:00.000Z'),
    spam: await commentBy(UNA, post.id, 'Cheap tickets here.', 'spam', '2026-11-22T10:00:00.000Z'),
    trash: await commentBy(UNA, post.id, 'Binned by staff.', 'trash', '2026-11-22T11:00:00.000Z'),
    deleted: await commentBy(UNA, post.id, 'I took this back.', 'approved', '2026-11-22T12:00:00.000Z'),
    onDraft: await commentBy(UNA, draft.id, 'On a post nobody can read.', 'approved', '2026-11-23T10:00:00.000Z'),
    other: await commentBy('vic@example.test', post.id, 'Vic says hello.', 'approved', '2026-11-23T11:00:00.000Z'),
  };
  await t.db.updateTable('comments').set({ deleted_at: '2026-11-22T13:00:00.000Z' }).where('id', '=', ids.deleted).execute();
  const label = (label: 'pro' | 'against', source: 'auto' | 'moderator', at: string) => ({
    comment_id: ids.approved,
    remark_id: null,
    label,
    source,
    confidence: 0.8,
    cues: '[]',
    created_by: null,
    created_at: at,
  });
  await t.db
    .insertInto('stance_labels')
    .values([label('pro', 'auto', '2026-11-20T10:00:00.000Z'), label('against', 'moderator', '2026-11-20T11:00:00.000Z')])
    .execute();
  ({ agent, csrf } = await visitorAgent(t.app));
}
afterEach(async () => t.close());

const ask = (email: string) =>
  agent
    .post('/my-comments')
    .type('form')
    .send(formBody({ email, _csrf: csrf }));
const drain = () => drainOutbox(t.db, transport, now);

/** Asks for Una's comments and follows the mailed link's path. */
async function unaLink(): Promise<string> {
  await ask('Una@Example.test').expect(303);
  await drain();
  expect(smtp.received).toHaveLength(1);
  return linkIn(smtp.received[0]!.mail.text!, '/my-comments/download?t=');
}

describe('download my comments', () => {
  beforeEach(() => setUp());

  it('is linked from the site footer and the subscriptions page, and asks for an address', async () => {
    const home = await request(t.app.server).get('/').expect(200);
    expect(home.text).toContain('<a href="/my-comments">Download my comments</a>');
    const subscriptions = await request(t.app.server).get(managePath(t.config.secret, UNA)).expect(200);
    expect(subscriptions.text).toContain('<a href="/my-comments">Download my comments</a>');
    const form = await request(t.app.server).get('/my-comments').expect(200);
    expect(form.text).toContain('<form class="staff-form" method="post" action="/my-comments">');
    expect(form.text).toContain('name="email" type="email"');
  });

  it('mails a signed link that shows the published and held comments, labelled, and serves them as JSON', async () => {
    const path = await unaLink();
    const mail = smtp.received[0]!;
    expect(mail.mail.to).toMatchObject({ text: UNA });
    expect(mail.mail.subject).toMatch(/^Your comments on /);
    expect(mail.mail.text).toContain('It works for 24 hours');

    const page = await request(t.app.server).get(path).expect(200);
    expect(page.headers['cache-control']).toBe('private, no-store');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.text).toContain(`id="my-comment-${ids.approved}"`);
    expect(page.text).toContain(`id="my-comment-${ids.held}"`);
    for (const hidden of [ids.spam, ids.trash, ids.deleted, ids.onDraft, ids.other]) expect(page.text).not.toContain(`id="my-comment-${hidden}"`);
    expect(page.text).not.toContain('<script>alert(1)');
    expect(page.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page.text).toContain('The Bridge &lt;Debate&gt;');
    expect(page.text).toContain('against the subject, set by a moderator');
    expect(page.text).toContain('awaiting moderation');

    const fileHref = /href="([^"]*download\.json[^"]*)"/
      .exec(page.text)![1]!
      .replace(/&amp;/g, '&')
      .replace(/&#x3D;/g, '=');
    const json = await request(t.app.server).get(fileHref).expect(200);
    expect(json.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(json.headers['content-disposition']).toBe('attachment; filename="my-comments.json"');
    expect(json.headers['cache-control']).toBe('private, no-store');
    const file = JSON.parse(json.text) as { format: string; email: string; comments: Record<string, unknown>[] };
    expect(file).toMatchObject({ format: 'rejoinder-my-comments', version: 1, email: UNA, exported_at: TEST_NOW.toISOString() });
    expect(file.comments.map((c) => [c.id, c.status, c.body])).toEqual([
      [ids.approved, 'published', 'The bridge <script>alert(1)</script> rusts.'],
      [ids.held, 'held', 'Still waiting for a moderator.'],
    ]);
    expect(file.comments[0]).toMatchObject({
      post: { title: 'The Bridge <Debate>' },
      stance: { label: 'against', source: 'moderator' },
      created_at: '2026-11-20T10:00:00.000Z',
    });
    expect(file.comments[0]!.url).toMatch(new RegExp(`^https://blog\\.example/posts/[^/]+/comments/${ids.approved}$`));
    expect(file.comments[1]).toMatchObject({ stance: null });
  });

  it('answers an address with no comments exactly as one with comments, and mails it nothing', async () => {
    const known = await ask(UNA).expect(303);
    const unknown = await ask('nobody@example.test').expect(303);
    expect(unknown.headers.location).toBe(known.headers.location);
    const after = await agent.get(known.headers.location as string).expect(200);
    expect(after.text).toContain('If comments were written here from that address, a message with a link to them is on its way.');
    await drain();
    expect(smtp.received.map((r) => r.mail.to)).toEqual([expect.objectContaining({ text: UNA })]);
  });

  it('keeps a malformed address in the form with its message beside the field (422)', async () => {
    const res = await ask('una at example').expect(422);
    expect(res.text).toContain('value="una at example"');
    expect(res.text).toMatch(/<span class="field-error" id="email-error">[^<]+<\/span>/);
    await drain();
    expect(smtp.received).toHaveLength(0);
  });

  it('refuses a link that expired, was altered, or was made for something else', async () => {
    const path = await unaLink();
    now = new Date(TEST_NOW.getTime() + 23 * HOUR);
    await request(t.app.server).get(path).expect(200);
    now = new Date(TEST_NOW.getTime() + 25 * HOUR);
    const expired = await request(t.app.server).get(path).expect(400);
    expect(expired.text).toContain('This link is not valid or has expired');
    expect(expired.text).not.toContain('my-comment-');
    await request(t.app.server).get(path.replace('/download?', '/download.json?')).expect(400);
    now = TEST_NOW;
    const token = decodeURIComponent(path.split('t=')[1]!);
    const [payload, mac] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ purpose: 'my-comments', email: 'vic@example.test', expiresAt: now.getTime() + HOUR })).toString('base64url');
    await request(t.app.server)
      .get(`/my-comments/download?t=${encodeURIComponent(`${forged}.${mac}`)}`)
      .expect(400);
    await request(t.app.server)
      .get(`/my-comments/download?t=${encodeURIComponent(`${payload}.x${mac!.slice(1)}`)}`)
      .expect(400);
    const manage = signMailToken(t.config.secret, { purpose: 'manage', email: UNA });
    await request(t.app.server)
      .get(`/my-comments/download?t=${encodeURIComponent(manage)}`)
      .expect(400);
    await request(t.app.server).get('/my-comments/download?t[]=1').expect(400);
  });
});

describe('download my comments under the daily limit', () => {
  beforeEach(() => setUp({ MAIL_DAILY_LIMIT: '2' }));

  it('queues no more than the address’s daily limit, answering the same', async () => {
    for (let i = 0; i < 4; i++) await ask(UNA).expect(303).expect('location', '/my-comments?sent=1');
    await drain();
    expect(smtp.received).toHaveLength(2);
    now = new Date(TEST_NOW.getTime() + 25 * HOUR);
    await ask(UNA).expect(303);
    await drain();
    expect(smtp.received).toHaveLength(3);
  });
});
