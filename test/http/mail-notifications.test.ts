import request from 'supertest';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sendDueMessages } from '../../server/mail/outbox-sender.service.js';
import { createSmtpTransport, type MailTransport } from '../../server/mail/smtp-transport.js';
import { createTestApp, TEST_NOW, type TestContext } from '../support/app.js';
import { signInAs, visitorAgent, type Agent } from '../support/auth.js';
import { createPost, formBody } from '../support/factories.js';
import { startTestSmtp, type TestSmtp } from '../support/smtp.js';
import type { ParsedMail } from 'mailparser';

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
let post: { id: number; slug: string };
let agent: Agent;
let csrf: string;
beforeEach(async () => {
  smtp.received.length = 0;
  smtp.answer = () => ({ accept: true });
  t = await createTestApp({ SITE_URL: 'https://blog.example', SITE_TIME_ZONE: 'Europe/Paris' });
  post = await createPost(t.db, { title: 'The Bridge Debate' });
  ({ agent, csrf } = await visitorAgent(t.app));
});
afterEach(async () => t.close());

const base = { author_url: '', parent_id: '', stance: '', notify_replies: '', notify_post: '' };
const uma = { ...base, author_name: 'Uma Quill', author_email: 'Uma@Example.test', body: 'The bridge should stay.' };

async function postComment(fields: Record<string, string>) {
  const res = await agent
    .post(`/posts/${post.slug}/comments`)
    .type('form')
    .send(formBody({ ...fields, _csrf: csrf }));
  expect(res.status).toBe(303);
  return Number(/#comment-(\d+)/.exec(res.headers.location as string)![1]);
}

/** Sends everything due, as the background loop would, until nothing is left. */
async function drain(now = TEST_NOW) {
  while ((await sendDueMessages(t.db, transport, { now: () => now, leaseSeconds: 60 })) > 0);
}

/** A form action as printed in a page (Handlebars escapes & and =). */
function actionIn(html: string, pattern: RegExp): string {
  return pattern
    .exec(html)![1]!
    .replace(/&#x3D;/g, '=')
    .replace(/&amp;/g, '&');
}

/** The raw value of a header as sent. */
function rawHeader(mail: ParsedMail, name: string): string {
  const line = mail.headerLines.find((h) => h.key === name);
  if (!line) throw new Error(`no ${name} header`);
  return line.line.slice(line.line.indexOf(':') + 1).trim();
}

function outbox() {
  return t.db.selectFrom('mail_outbox').selectAll().orderBy('id').execute();
}

/** The path and query of a link in a message's text that starts with the site's address and the given path. */
function linkIn(text: string, path: string): string {
  const match = new RegExp(`https://blog\\.example(${path.replace(/[?]/g, '\\?')}[^\\s]*)`).exec(text);
  if (!match) throw new Error(`no ${path} link in:\n${text}`);
  return match[1]!;
}

/** Uma comments with "email me replies" ticked and confirms her address; returns her comment's id. */
async function umaSubscribedAndConfirmed(): Promise<number> {
  const id = await postComment({ ...uma, notify_replies: '1' });
  await drain();
  const confirm = smtp.received.at(-1)!.mail;
  await request(t.app.server).get(linkIn(confirm.text!, '/mail/confirm?t=')).expect(200);
  smtp.received.length = 0;
  return id;
}

describe('subscriptions from the comment form', () => {
  it('queues the confirmation in the comment transaction and sends it through SMTP; nothing else before it is confirmed', async () => {
    const id = await postComment({ ...uma, notify_replies: '1', notify_post: '1' });
    const queued = await outbox();
    expect(queued).toHaveLength(1);
    expect(queued[0]).toMatchObject({ recipient: 'uma@example.test', status: 'queued', created_at: TEST_NOW.toISOString() });

    await drain();
    expect(smtp.received).toHaveLength(1);
    const { mail, envelopeTo } = smtp.received[0]!;
    expect(envelopeTo).toEqual(['uma@example.test']);
    expect(mail.subject).toBe('Confirm your email address for Rejoinder');
    expect(mail.from?.text).toContain('noreply@blog.example');
    expect(mail.messageId).toMatch(/^<confirm\.[\w-]+@blog\.example>$/);
    expect(mail.text).toContain('“The Bridge Debate”');
    expect(mail.html).toContain('href="https://blog.example/mail/confirm?t&#61;');
    expect((await outbox())[0]).toMatchObject({ status: 'sent', attempts: 1, sent_at: TEST_NOW.toISOString() });

    // A reply before confirmation sends nothing.
    await postComment({ ...base, author_name: 'Vic Orr', author_email: 'vic@example.test', body: 'It should go.', parent_id: String(id) });
    expect(await outbox()).toHaveLength(1);

    const confirmPath = linkIn(mail.text!, '/mail/confirm?t=');
    const confirmed = await request(t.app.server).get(confirmPath).expect(200);
    expect(confirmed.text).toContain('uma@example.test is confirmed');
    expect((await t.db.selectFrom('mail_addresses').selectAll().executeTakeFirstOrThrow()).confirmed_at).toBe(TEST_NOW.toISOString());
  });

  it('sends no subscription mail when the boxes are left unticked, and refuses a forged or expired link', async () => {
    await postComment(uma);
    expect(await outbox()).toHaveLength(0);
    await postComment({ ...uma, body: 'Second thought.', notify_replies: '1' });
    await drain();
    const link = linkIn(smtp.received[0]!.mail.text!, '/mail/confirm?t=');
    await request(t.app.server)
      .get(`${link.slice(0, -2)}xx`)
      .expect(400);
    const later = await createTestApp({ SITE_URL: 'https://blog.example' }, { clock: () => new Date(TEST_NOW.getTime() + 8 * 24 * 3600_000) });
    try {
      const res = await request(later.app.server).get(link).expect(400);
      expect(res.text).toContain('not valid or has expired');
    } finally {
      await later.close();
    }
  });
});

describe('reply notifications', () => {
  it('mails a confirmed subscriber a reply, threaded, escaped, with one-click unsubscribe that works end to end', async () => {
    const umaId = await umaSubscribedAndConfirmed();
    const replyId = await postComment({
      ...base,
      author_name: 'Vic <b>Orr</b>',
      author_email: 'vic@example.test',
      body: 'Uma, no: <script>alert(1)</script> it rusts.',
      parent_id: String(umaId),
      stance: 'against',
    });
    await drain();
    expect(smtp.received).toHaveLength(1);
    const { mail } = smtp.received[0]!;
    expect(mail.subject).toBe('Vic <b>Orr</b> replied to you on “The Bridge Debate”');
    expect(mail.messageId).toMatch(new RegExp(`^<comment-${replyId}\\.to-\\d+@blog\\.example>$`));
    expect(mail.inReplyTo).toBe(`<comment-${umaId}@blog.example>`);
    expect(mail.references).toEqual([`<post-${post.id}@blog.example>`, `<comment-${umaId}@blog.example>`]);
    expect(mail.text).toContain('Where they stand: against');
    expect(mail.text).toContain('> Uma, no: <script>alert(1)</script> it rusts.');
    // Site time zone: 12:00 UTC is 13:00 in Paris.
    expect(mail.text).toContain('26 November 2026, 13:00 CET');
    expect(mail.text).toContain(`https://blog.example/posts/${post.slug}/comments/${replyId}`);
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(mail.html).not.toContain('<b>Orr');

    const unsubscribe = rawHeader(mail, 'list-unsubscribe');
    expect(unsubscribe).toMatch(/^<https:\/\/blog\.example\/mail\/unsubscribe\?t=[\w.-]+>$/);
    expect(rawHeader(mail, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');

    // The link opened in a browser asks first; a mail client's one-click POST (no cookie, no CSRF token) ends it.
    const path = unsubscribe.slice(1, -1).replace('https://blog.example', '');
    const ask = await request(t.app.server).get(path).expect(200);
    expect(ask.text).toContain('Press the button');
    expect(await t.db.selectFrom('mail_subscriptions').selectAll().execute()).toHaveLength(1);
    await request(t.app.server).post(path).type('form').send('List-Unsubscribe=One-Click').expect(200);
    expect(await t.db.selectFrom('mail_subscriptions').selectAll().execute()).toHaveLength(0);

    await postComment({ ...base, author_name: 'Vic Orr', author_email: 'vic@example.test', body: 'Still rusts.', parent_id: String(umaId) });
    await drain();
    expect(smtp.received).toHaveLength(1);
  });

  it('accepts RFC 8058 one-click unsubscribe sent as multipart/form-data', async () => {
    const umaId = await umaSubscribedAndConfirmed();
    await postComment({ ...base, author_name: 'Vic Orr', author_email: 'vic@example.test', body: 'No.', parent_id: String(umaId) });
    await drain();
    const url = rawHeader(smtp.received[0]!.mail, 'list-unsubscribe').slice(1, -1).replace('https://blog.example', '');
    await request(t.app.server).post(url).field('List-Unsubscribe', 'One-Click').expect(200);
    expect(await t.db.selectFrom('mail_subscriptions').selectAll().execute()).toHaveLength(0);
  });

  it('says nothing about a held reply until a moderator approves it, then mails it with the approval', async () => {
    const umaId = await umaSubscribedAndConfirmed();
    const { agent: mod, csrf: modCsrf } = await signInAs(t.app, t.db, 'moderator');
    await t.db.updateTable('posts').set({ moderation_mode: 'all' }).where('id', '=', post.id).execute();
    const held = await postComment({ ...base, author_name: 'Vic Orr', author_email: 'vic@example.test', body: 'Held for a look.', parent_id: String(umaId) });
    expect((await t.db.selectFrom('comments').select('status').where('id', '=', held).executeTakeFirstOrThrow()).status).toBe('pending');
    await drain();
    expect(smtp.received).toHaveLength(0);
    await mod.post(`/staff/comments/${held}/approve`).type('form').send({ _csrf: modCsrf }).expect(303);
    await drain();
    expect(smtp.received.map((r) => r.mail.subject)).toEqual(['Vic Orr replied to you on “The Bridge Debate”']);
  });

  it('mails a held reply with the text its writer edited it to before approval, not the text first sent', async () => {
    const umaId = await umaSubscribedAndConfirmed();
    const { agent: mod, csrf: modCsrf } = await signInAs(t.app, t.db, 'moderator');
    await t.db.updateTable('posts').set({ moderation_mode: 'all' }).where('id', '=', post.id).execute();
    const held = await postComment({
      ...base,
      author_name: 'Vic Orr',
      author_email: 'vic@example.test',
      body: 'Frist draft, typo and all.',
      parent_id: String(umaId),
    });
    await agent
      .post(`/posts/${post.slug}/comments/${held}/edit`)
      .type('form')
      .send(formBody({ body: 'Second draft: the bridge should go.', _csrf: csrf }))
      .expect(303);
    await mod.post(`/staff/comments/${held}/approve`).type('form').send({ _csrf: modCsrf }).expect(303);
    await drain();
    expect(smtp.received).toHaveLength(1);
    const mail = smtp.received[0]!.mail;
    expect(mail.text).toContain('Second draft: the bridge should go.');
    expect(`${mail.text}${String(mail.html)}`).not.toContain('Frist draft');
  });

  it('never mails people about their own replies, and the subscriptions page ends them', async () => {
    const umaId = await umaSubscribedAndConfirmed();
    await postComment({ ...uma, body: 'Answering myself.', parent_id: String(umaId), author_email: 'uma@example.test' });
    await drain();
    expect(smtp.received).toHaveLength(0);
    await postComment({ ...base, author_name: 'Vic Orr', author_email: 'vic@example.test', body: 'No.', parent_id: String(umaId) });
    await drain();
    const manage = linkIn(smtp.received[0]!.mail.text!, '/mail/subscriptions?t=');
    const page = await request(t.app.server).get(manage).expect(200);
    expect(page.text).toContain('Replies to your comment on');
    const endAll = actionIn(page.text, /action="([^"]*end-all[^"]*)"/);
    await request(t.app.server).post(endAll).expect(303);
    expect((await request(t.app.server).get(manage).expect(200)).text).toContain('None: nothing is sent');
  });

  it('sends at most MAIL_DAILY_LIMIT messages to one address a day', async () => {
    await t.close();
    t = await createTestApp({ SITE_URL: 'https://blog.example', MAIL_DAILY_LIMIT: '2' });
    post = await createPost(t.db, { title: 'The Bridge Debate' });
    ({ agent, csrf } = await visitorAgent(t.app));
    const umaId = await umaSubscribedAndConfirmed();
    for (const n of [1, 2, 3])
      await postComment({ ...base, author_name: `Vic ${n}`, author_email: `vic${n}@example.test`, body: `Reply ${n}`, parent_id: String(umaId) });
    // The confirmation and one reply: the limit of two is reached.
    expect((await outbox()).map((m) => m.recipient)).toEqual(['uma@example.test', 'uma@example.test']);
  });
});

describe('sending failures', () => {
  it('retries a temporary refusal with back-off, gives up on a permanent one, and shows admins the reason', async () => {
    await postComment({ ...uma, notify_replies: '1' });
    await postComment({ ...uma, author_email: 'nobody@example.test', body: 'Other', notify_replies: '1' });
    smtp.answer = (_i, to) =>
      to[0] === 'uma@example.test'
        ? { accept: false, code: 451, message: 'Try again later, greylisted' }
        : { accept: false, code: 550, message: 'No such mailbox here' };
    await drain();
    const [first, second] = await outbox();
    expect(first).toMatchObject({ status: 'queued', attempts: 1, next_attempt_at: new Date(TEST_NOW.getTime() + 30_000).toISOString() });
    expect(first!.last_error).toContain('greylisted');
    expect(second).toMatchObject({ status: 'failed', attempts: 1 });
    expect(second!.last_error).toContain('No such mailbox');

    const { agent: admin, csrf: adminCsrf } = await signInAs(t.app, t.db, 'admin');
    const list = await admin.get('/staff/outbox').expect(200);
    expect(list.text).toContain('No such mailbox here');
    expect(list.text).toContain('greylisted');
    const failedOnly = await admin.get('/staff/outbox?status=failed').expect(200);
    expect(failedOnly.text).toContain(`id="message-${second!.id}"`);
    expect(failedOnly.text).not.toContain(`id="message-${first!.id}"`);
    const one = await admin.get(`/staff/outbox/${second!.id}`).expect(200);
    expect(one.text).toContain('Confirm my address');

    // Not due yet: nothing is sent until its back-off has passed; then it goes.
    smtp.answer = () => ({ accept: true });
    await drain();
    expect(smtp.received).toHaveLength(0);
    await drain(new Date(TEST_NOW.getTime() + 31_000));
    expect(smtp.received).toHaveLength(1);
    await admin.post(`/staff/outbox/${second!.id}/retry`).type('form').send({ _csrf: adminCsrf }).expect(303);
    await drain(new Date(TEST_NOW.getTime() + 31_000));
    expect(smtp.received).toHaveLength(2);
    expect((await outbox()).map((m) => m.status)).toEqual(['sent', 'sent']);
  });

  it('keeps the outbox to admins', async () => {
    const { agent: mod } = await signInAs(t.app, t.db, 'moderator');
    await mod.get('/staff/outbox').expect(403);
    await request(t.app.server).get('/staff/outbox').expect(303);
  });
});
