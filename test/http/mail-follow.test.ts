// Followers of a post hear of its new approved comments, batched: at most one message per post per interval.
import request from 'supertest';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSmtpTransport, type MailTransport } from '../../server/mail/smtp-transport.js';
import { createTestApp, TEST_NOW, type TestContext } from '../support/app.js';
import { signInAs, visitorAgent, type Agent } from '../support/auth.js';
import { createPost } from '../support/factories.js';
import { confirmFrom, drainOutbox, linkIn, postCommentAs, rawHeader } from '../support/mail-helpers.js';
import { startTestSmtp, type TestSmtp } from '../support/smtp.js';

const MINUTE = 60_000;
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
let post: { id: number; slug: string };
let agent: Agent;
let csrf: string;
beforeEach(async () => {
  smtp.received.length = 0;
  now = TEST_NOW;
  t = await createTestApp({ SITE_URL: 'https://blog.example', SITE_TIME_ZONE: 'Europe/Paris' }, { clock: () => now });
  post = await createPost(t.db, { title: 'The Bridge Debate' });
  ({ agent, csrf } = await visitorAgent(t.app));
});
afterEach(async () => t.close());

const comment = (name: string, body: string, extra: Record<string, string> = {}) =>
  postCommentAs(agent, csrf, post.slug, { author_name: name, author_email: `${name.split(' ')[0]!.toLowerCase()}@example.test`, body, ...extra });
const drain = () => drainOutbox(t.db, transport, now);

/** Uma follows the post and confirms her address. */
async function umaFollows() {
  await comment('Uma Quill', 'I will watch this one.', { notify_post: '1' });
  await drain();
  await confirmFrom(t.app, smtp.received.at(-1)!.mail);
  smtp.received.length = 0;
}

describe('new comments on a followed post', () => {
  it('mails the first at once, then gathers the next ones into one message per interval, threaded under the post', async () => {
    await umaFollows();
    const first = await comment('Vic Orr', 'The bridge <em>rusts</em>.', { stance: 'against' });
    await drain();
    expect(smtp.received).toHaveLength(1);
    const one = smtp.received[0]!.mail;
    expect(one.subject).toBe('A new comment on “The Bridge Debate”');
    expect(one.text).toContain('Vic Orr, 26 November 2026, 13:00 CET');
    expect(one.text).toContain('> The bridge <em>rusts</em>.');
    expect(one.text).toContain(`https://blog.example/posts/${post.slug}/comments/${first}`);
    expect(one.html).toContain('The bridge &lt;em&gt;rusts&lt;/em&gt;.');
    expect(one.messageId).toMatch(new RegExp(`^<post-${post.id}\\.comments-${first}\\.to-\\d+@blog\\.example>$`));
    expect(one.inReplyTo).toBe(`<post-${post.id}@blog.example>`);
    expect(rawHeader(one, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');

    // Two more a minute later, and one by Uma herself: one message, not before 15 minutes after the first.
    now = new Date(TEST_NOW.getTime() + MINUTE);
    const second = await comment('Wes Park', 'It should stay.');
    await comment('Uma Quill', 'My own comment is no news to me.');
    const third = await comment('Xan Lee', 'Paint it.');
    await drain();
    expect(smtp.received).toHaveLength(1);
    now = new Date(TEST_NOW.getTime() + 15 * MINUTE);
    await drain();
    expect(smtp.received).toHaveLength(2);
    const batch = smtp.received[1]!.mail;
    expect(batch.subject).toBe('2 new comments on “The Bridge Debate”');
    expect(batch.text).toContain('> It should stay.');
    expect(batch.text).toContain('> Paint it.');
    expect(batch.text).not.toContain('no news to me');
    expect(batch.text).toContain(`/comments/${second}`);
    expect(batch.text).toContain(`/comments/${third}`);
    expect(batch.messageId).toMatch(new RegExp(`^<post-${post.id}\\.comments-${second}\\.to-\\d+@blog\\.example>$`));
    expect(batch.references).toBe(`<post-${post.id}@blog.example>`);
    const rows = await t.db.selectFrom('mail_outbox').select(['batch_key', 'status']).where('batch_key', 'is not', null).execute();
    expect(rows.map((r) => r.status)).toEqual(['sent', 'sent']);

    // Unsubscribing through the message's link ends the news.
    const path = rawHeader(batch, 'list-unsubscribe').slice(1, -1).replace('https://blog.example', '');
    await request(t.app.server).post(path).type('form').send('List-Unsubscribe=One-Click').expect(200);
    now = new Date(TEST_NOW.getTime() + 60 * MINUTE);
    await comment('Yan Ho', 'Anyone?');
    await drain();
    expect(smtp.received).toHaveLength(2);
  });

  it('tells followers of a held comment only once it is approved, and not before their address is confirmed', async () => {
    await comment('Uma Quill', 'Following, unconfirmed.', { notify_post: '1' });
    await comment('Vic Orr', 'Nobody hears of this.');
    await drain();
    expect(smtp.received.map((r) => r.mail.subject)).toEqual(['Confirm your email address for Rejoinder']);
    await confirmFrom(t.app, smtp.received[0]!.mail);
    smtp.received.length = 0;

    await t.db.updateTable('posts').set({ moderation_mode: 'all' }).where('id', '=', post.id).execute();
    const held = await comment('Wes Park', 'Held for a look.');
    await drain();
    expect(smtp.received).toHaveLength(0);
    const { agent: mod, csrf: modCsrf } = await signInAs(t.app, t.db, 'moderator');
    await mod.post(`/staff/comments/${held}/approve`).type('form').send({ _csrf: modCsrf }).expect(303);
    await drain();
    expect(smtp.received.map((r) => r.mail.subject)).toEqual(['A new comment on “The Bridge Debate”']);
    expect(smtp.received[0]!.mail.text).toContain('Held for a look.');
    expect(linkIn(smtp.received[0]!.mail.text!, '/mail/subscriptions?t=')).toMatch(/^\/mail\/subscriptions\?t=/);
  });

  it('follows a post once however many of the reader’s comments tick the box, before and after confirming', async () => {
    await comment('Uma Quill', 'First word.', { notify_post: '1' });
    await umaFollows();
    await comment('Uma Quill', 'Second word, ticked again.', { notify_post: '1', notify_replies: '1' });
    const follows = await t.db.selectFrom('mail_subscriptions').select(['kind', 'confirmed']).where('email', '=', 'uma@example.test').orderBy('id').execute();
    expect(follows).toEqual([
      { kind: 'post', confirmed: 1 },
      { kind: 'replies', confirmed: 1 },
    ]);
    await comment('Vic Orr', 'One message, not three.');
    await drain();
    expect(smtp.received.map((r) => r.mail.subject)).toEqual(['A new comment on “The Bridge Debate”']);
  });

  it('shows the first 20 comments of a busy interval and counts the rest, so a batch costs the same however busy', async () => {
    await t.close();
    t = await createTestApp({ SITE_URL: 'https://blog.example', SITE_TIME_ZONE: 'Europe/Paris', COMMENT_RATE_LIMIT: '1000' }, { clock: () => now });
    post = await createPost(t.db, { title: 'The Bridge Debate' });
    ({ agent, csrf } = await visitorAgent(t.app));
    await umaFollows();
    await comment('Vic Orr', 'The first one goes at once.');
    await drain();
    now = new Date(TEST_NOW.getTime() + MINUTE);
    const ids: number[] = [];
    for (let n = 1; n <= 25; n++) ids.push(await comment(`Reader${n} Roe`, `Point number ${n} about the bridge.`));
    now = new Date(TEST_NOW.getTime() + 15 * MINUTE);
    await drain();
    const batch = smtp.received.at(-1)!.mail;
    expect(batch.subject).toBe('25 new comments on “The Bridge Debate”');
    expect(batch.text).toContain('The first 20 are below; read the other 5 in the debate.');
    expect(batch.text).toContain('> Point number 20 about the bridge.');
    expect(batch.text).not.toContain('Point number 21 ');
    expect(batch.text).toContain(`/comments/${ids[19]}`);
    expect(batch.text).not.toContain(`/comments/${ids[20]}`);
  });

  it('takes its interval from the admins’ mail settings, refusing a bad value with 422 and the text kept', async () => {
    const { agent: admin, csrf: adminCsrf } = await signInAs(t.app, t.db, 'admin');
    const bad = await admin.post('/staff/mail').type('form').send({ _csrf: adminCsrf, followBatchMinutes: '9999' }).expect(422);
    expect(bad.text).toContain('value="9999"');
    expect(bad.text).toContain('At most 1440 minutes');
    await admin.post('/staff/mail').type('form').send({ _csrf: adminCsrf, followBatchMinutes: '60' }).expect(303);
    expect((await admin.get('/staff/mail').expect(200)).text).toContain('value="60"');
    const { agent: mod } = await signInAs(t.app, t.db, 'moderator');
    await mod.get('/staff/mail').expect(403);

    await umaFollows();
    await comment('Vic Orr', 'First.');
    await comment('Wes Park', 'Second, right after: waits in the outbox for the first one to go.');
    await drain();
    // Both arrived before anything was sent: they go out together, at once.
    expect(smtp.received.map((r) => r.mail.subject)).toEqual(['2 new comments on “The Bridge Debate”']);
    now = new Date(TEST_NOW.getTime() + 30 * MINUTE);
    await comment('Xan Lee', 'Third.');
    await drain();
    expect(smtp.received).toHaveLength(1);
    now = new Date(TEST_NOW.getTime() + 60 * MINUTE);
    await drain();
    expect(smtp.received.map((r) => r.mail.subject)).toEqual(['2 new comments on “The Bridge Debate”', 'A new comment on “The Bridge Debate”']);
  });
});
