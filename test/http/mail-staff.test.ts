// Mail staff ask for: a writer's news of new comments on their posts, a moderator's digest of held comments.
import request from 'supertest';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSmtpTransport, type MailTransport } from '../../server/mail/smtp-transport.js';
import { createTestApp, TEST_NOW, type TestContext } from '../support/app.js';
import { createUser, signInAs, visitorAgent, type Agent } from '../support/auth.js';
import { createPost } from '../support/factories.js';
import { drainOutbox, linkIn, postCommentAs, rawHeader } from '../support/mail-helpers.js';
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
  t = await createTestApp({ SITE_URL: 'https://blog.example', SITE_TIME_ZONE: 'America/New_York' }, { clock: () => now });
  post = await createPost(t.db, { title: 'The Bridge Debate' });
  ({ agent, csrf } = await visitorAgent(t.app));
});
afterEach(async () => t.close());

const comment = (name: string, body: string) =>
  postCommentAs(agent, csrf, post.slug, { author_name: name, author_email: `${name.split(' ')[0]!.toLowerCase()}@example.test`, body });
const drain = () => drainOutbox(t.db, transport, now);

describe('a writer’s news of new comments on their posts', () => {
  it('is off until the writer turns it on; then mailed (text and HTML, threaded, time in the site zone) and ended by its link', async () => {
    const writer = await createUser(t.db, 'author', { email: 'writer@example.test' });
    await t.db.updateTable('posts').set({ author_id: writer.id }).where('id', '=', post.id).execute();
    await comment('Vic Orr', 'Before the writer asked.');
    await drain();
    expect(smtp.received).toHaveLength(0);

    const { agent: staff, csrf: staffCsrf } = await signInAs(t.app, t.db, writer);
    const page = await staff.get('/staff/mail-preferences').expect(200);
    expect(page.text).toContain('name="newComments"');
    // Writers without moderation rights get no digest to choose, and cannot set one.
    expect(page.text).not.toContain('name="heldDigest"');
    await staff.post('/staff/mail-preferences').type('form').send({ _csrf: staffCsrf, newComments: '1', heldDigest: 'hourly' }).expect(303);
    const saved = await t.db.selectFrom('users').select(['mail_new_comments', 'mail_held_digest']).where('id', '=', writer.id).executeTakeFirstOrThrow();
    expect(saved).toEqual({ mail_new_comments: 1, mail_held_digest: 'off' });

    const id = await comment('Wes Park', 'The writer hears of this <b>one</b>.');
    await drain();
    expect(smtp.received).toHaveLength(1);
    const { mail, envelopeTo } = smtp.received[0]!;
    expect(envelopeTo).toEqual(['writer@example.test']);
    expect(mail.subject).toBe('A new comment on your post “The Bridge Debate”');
    // 12:00 UTC is 07:00 in New York.
    expect(mail.text).toContain('Wes Park, 26 November 2026, 07:00 GMT-5');
    expect(mail.text).toContain(`https://blog.example/posts/${post.slug}/comments/${id}`);
    expect(mail.html).toContain('The writer hears of this &lt;b&gt;one&lt;/b&gt;.');
    expect(mail.inReplyTo).toBe(`<post-${post.id}@blog.example>`);
    expect(mail.messageId).toMatch(new RegExp(`^<post-${post.id}\\.comments-${id}\\.to-user-${writer.id}@blog\\.example>$`));
    expect(linkIn(mail.text!, '/staff/mail-preferences')).toBe('/staff/mail-preferences');

    const unsubscribe = rawHeader(mail, 'list-unsubscribe').slice(1, -1).replace('https://blog.example', '');
    expect((await request(t.app.server).get(unsubscribe).expect(200)).text).toContain('Press the button');
    await request(t.app.server).post(unsubscribe).type('form').send('List-Unsubscribe=One-Click').expect(200);
    expect((await t.db.selectFrom('users').select('mail_new_comments').where('id', '=', writer.id).executeTakeFirstOrThrow()).mail_new_comments).toBe(0);
    now = new Date(TEST_NOW.getTime() + 60 * MINUTE);
    await comment('Xan Lee', 'Nobody is told.');
    await drain();
    expect(smtp.received).toHaveLength(1);
  });
});

describe('the moderators’ digest of held comments', () => {
  it('gathers the comments held in the hour into one message at its end; off by default; a bad choice is a 422', async () => {
    const mod = await createUser(t.db, 'moderator', { email: 'mod@example.test' });
    await createUser(t.db, 'moderator', { email: 'quiet-mod@example.test' });
    const { agent: staff, csrf: staffCsrf } = await signInAs(t.app, t.db, mod);
    const bad = await staff.post('/staff/mail-preferences').type('form').send({ _csrf: staffCsrf, newComments: '', heldDigest: 'weekly' }).expect(422);
    expect(bad.text).toContain('Choose one of the three');
    await staff.post('/staff/mail-preferences').type('form').send({ _csrf: staffCsrf, newComments: '', heldDigest: 'hourly' }).expect(303);
    expect((await staff.get('/staff/mail-preferences').expect(200)).text).toMatch(/value="hourly" checked/);

    await t.db.updateTable('posts').set({ moderation_mode: 'all' }).where('id', '=', post.id).execute();
    await comment('Vic Orr', 'Held <script>one</script>.');
    now = new Date(TEST_NOW.getTime() + 20 * MINUTE);
    await comment('Wes Park', 'Held two.');
    await drain();
    expect(smtp.received).toHaveLength(0);
    now = new Date(TEST_NOW.getTime() + 60 * MINUTE);
    await drain();
    expect(smtp.received).toHaveLength(1);
    const { mail, envelopeTo } = smtp.received[0]!;
    expect(envelopeTo).toEqual(['mod@example.test']);
    expect(mail.subject).toBe('2 comments wait for review on Rejoinder');
    expect(mail.text).toContain('Vic Orr on “The Bridge Debate”, 26 November 2026, 07:00 GMT-5 (held because this post holds every comment)');
    expect(mail.text).toContain('> Held two.');
    expect(mail.text).toContain('https://blog.example/staff/moderation');
    expect(mail.html).not.toContain('<script>');
    expect(mail.inReplyTo).toBe(`<held-digest.${mod.id}@blog.example>`);
    expect(rawHeader(mail, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');

    // The next comment held waits for the next hour, not sent at once.
    now = new Date(TEST_NOW.getTime() + 61 * MINUTE);
    await comment('Xan Lee', 'Held three.');
    await drain();
    expect(smtp.received).toHaveLength(1);
    now = new Date(TEST_NOW.getTime() + 121 * MINUTE);
    await drain();
    expect(smtp.received.map((r) => r.mail.subject)).toEqual(['2 comments wait for review on Rejoinder', '1 comment waits for review on Rejoinder']);
  });
});
