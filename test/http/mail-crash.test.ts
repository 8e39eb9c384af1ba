import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../server/db/database.js';
import { startServer, type ServerProcess } from '../support/server-process.js';
import { startTestSmtp, type TestSmtp } from '../support/smtp.js';
import { createTestDatabase, type TestDatabase } from '../support/test-db.js';

// A real server process killed (SIGKILL) after the comment committed and while its message was on the wire,
// before the SMTP server had answered: a second process sends it once its claim has lapsed, and only once.

const WAIT_MS = 30_000;

/** Polls until check() is true: the process under test works at its own pace. */
async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('the outbox across a crash', () => {
  let testDb: TestDatabase;
  let db: Db;
  let smtp: TestSmtp;
  const servers: ServerProcess[] = [];

  beforeAll(async () => {
    testDb = await createTestDatabase('mailcrash');
    smtp = await startTestSmtp();
  }, 60_000);
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop('SIGKILL')));
    await db?.destroy();
    await smtp.close();
    await testDb.dispose();
  });

  it('sends a message committed before the kill exactly once after the restart', async () => {
    const env = {
      DATABASE_URL: testDb.url,
      SECRET: 'mail-crash-secret-0123456789abc',
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      PASSWORD_HASH_COST: '10',
      SMTP_URL: smtp.url,
      PUBLIC_URL: 'https://blog.example',
      MAIL_LEASE_SECONDS: '1',
      MAIL_POLL_MS: '50',
    };
    // The first message reaches the SMTP server, which never answers it.
    smtp.answer = (i) => (i === 0 ? { hold: true } : { accept: true });
    const first = await startServer(env);
    servers.push(first);
    db = openDatabase(testDb.url, { poolSize: 2 });
    const post = await db.selectFrom('posts').select('slug').where('status', '=', 'published').executeTakeFirstOrThrow();

    const page = await fetch(`${first.url}/posts/${post.slug}`);
    const cookie = page.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1]!;
    const posted = await fetch(`${first.url}/posts/${post.slug}/comments`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        _csrf: csrf,
        author_name: 'Wren Hale',
        author_email: 'wren@example.test',
        author_url: '',
        body: 'Tell me when someone answers.',
        parent_id: '',
        stance: '',
        notify_replies: '1',
      }).toString(),
    });
    expect(posted.status).toBe(303);

    await smtp.waitForArrived(1);
    await first.stop('SIGKILL');
    const [held] = await db.selectFrom('mail_outbox').selectAll().execute();
    expect(held).toMatchObject({ recipient: 'wren@example.test', status: 'queued', attempts: 1 });

    const second = await startServer(env);
    servers.push(second);
    await smtp.waitForAccepted(1);
    await until(async () => (await db.selectFrom('mail_outbox').select('status').executeTakeFirstOrThrow()).status === 'sent', 'the message marked sent');
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]!.envelopeTo).toEqual(['wren@example.test']);
    expect(smtp.received[0]!.mail.subject).toBe('Confirm your email address for Rejoinder');
    expect(await db.selectFrom('mail_outbox').select(['status', 'attempts']).execute()).toEqual([{ status: 'sent', attempts: 2 }]);
    await second.stop();
    expect(second.output()).not.toMatch(/outbox: a sending pass failed/);
  }, 180_000);
});
