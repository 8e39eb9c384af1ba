import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertSession } from '../../server/auth/session.repository.js';
import { SESSION_COOKIE, createSessionToken } from '../../server/auth/session-token.js';
import { openDatabase } from '../../server/db/database.js';
import { migrateToLatest } from '../../server/db/migrator.js';
import { READ_ONLY_NOTICE } from '../../server/plugins/read-only.js';
import { createUser } from '../support/auth.js';
import { createComment, createPost } from '../support/factories.js';
import { startServer, type ServerProcess } from '../support/server-process.js';
import { TEST_ENGINE } from '../support/test-db.js';

// A database file the server cannot write, for real: mode 0444 in a directory of mode 0555. Root
// writes through any mode, so as root (as the suite runs here) the server process runs as the
// unprivileged user `nobody`, for whom the modes hold. The server must start, say so plainly, serve
// pages, and refuse writes with a readable message that keeps the text.

const NOBODY = { uid: 65534, gid: 65534 };

// A directory of mode 0555 leaves SQLite no room for the -shm file a WAL database is read through, so
// the server reads the file into memory; in a writable directory it opens the file itself, read-only.
describe.skipIf(TEST_ENGINE === 'postgres').each([
  { dirMode: 0o555, where: 'in a read-only directory', copied: true },
  { dirMode: 0o777, where: 'in a writable directory', copied: false },
])('a server on a read-only SQLite file $where', ({ dirMode, copied }) => {
  let dir: string;
  let file: string;
  let server: ServerProcess;
  let slug: string;
  let staffCookie: string;
  let fileBefore: string;
  const digest = () => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rejoinder-readonly-'));
    file = path.join(dir, 'site.db');
    const db = openDatabase(file);
    await migrateToLatest(db);
    const post = await createPost(db, { title: 'Still readable' });
    slug = post.slug;
    await createComment(db, post.id, { body: 'Written before the file was made read-only.' });
    const moderator = await createUser(db, 'moderator');
    const { token, tokenHash } = createSessionToken();
    const now = Date.now();
    await insertSession(db, { tokenHash, userId: moderator.id, createdAt: new Date(now).toISOString(), expiresAt: new Date(now + 3_600_000).toISOString() });
    staffCookie = `${SESSION_COOKIE}=${token}`;
    // Closing the last connection folds the write-ahead log into the file and removes it, as a clean shutdown does.
    await db.destroy();
    fs.chmodSync(file, 0o444);
    fs.chmodSync(dir, dirMode);
    fileBefore = digest();
    server = await startServer(
      { DATABASE_URL: file, SECRET: 'read-only-test-secret-0123456789', NODE_ENV: 'test', LOG_LEVEL: 'warn', SEED_DEMO: 'auto' },
      90_000,
      process.getuid?.() === 0 ? NOBODY : undefined,
    );
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    fs.chmodSync(dir, 0o755);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('starts, with one plain line in the log saying why it is read-only', () => {
    expect(server.output()).toMatch(/READ-ONLY: .*site\.db (is not writable|cannot be written)/);
    expect(server.output()).not.toMatch(/SQLITE_CANTOPEN.*\n\s+at /);
    expect(server.output()).not.toContain('one-time password');
    expect(server.output().includes('serving a copy read into memory')).toBe(copied);
  });

  it('serves the pages and the API', async () => {
    const home = await fetch(`${server.url}/`);
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('Still readable');
    const page = await fetch(`${server.url}/posts/${slug}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Written before the file was made read-only.');
    expect(html).not.toContain(READ_ONLY_NOTICE);
    expect((await fetch(`${server.url}/api/posts/${slug}`)).status).toBe(200);
  });

  it('refuses a comment with a readable 503 that keeps the text', async () => {
    const page = await fetch(`${server.url}/posts/${slug}`);
    const cookie = page.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1]!;
    const body = 'A reply that cannot be saved today.';
    const res = await fetch(`${server.url}/posts/${slug}/comments`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        _csrf: csrf,
        author_name: 'Rosa',
        author_email: 'rosa@example.test',
        author_url: '',
        body,
        parent_id: '',
        stance: '',
      }).toString(),
      redirect: 'manual',
    });
    expect(res.status).toBe(503);
    const html = await res.text();
    expect(html).toContain(`>${body}</textarea>`);
    expect(html).toContain('the site is read-only for the moment');
  });

  it('shows staff a banner, on their pages and on the sign-in page, and refuses a sign-in readably', async () => {
    const staff = await fetch(`${server.url}/staff/moderation`, { headers: { cookie: staffCookie } });
    expect(staff.status).toBe(200);
    expect(await staff.text()).toContain(READ_ONLY_NOTICE);
    const login = await fetch(`${server.url}/login`);
    const loginHtml = await login.text();
    expect(loginHtml).toContain(READ_ONLY_NOTICE);
    const cookie = login.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(loginHtml)![1]!;
    const signIn = await fetch(`${server.url}/login`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrf, email: 'someone@example.test', password: 'not the password', next: '/staff' }).toString(),
      redirect: 'manual',
    });
    expect(signIn.status).toBe(503);
    const text = await signIn.text();
    expect(text).toContain('read-only');
    expect(text).not.toContain('not the password');
  });

  it('leaves the file as it was', () => {
    expect(digest()).toBe(fileBefore);
    if (copied) expect(fs.readdirSync(dir)).toEqual(['site.db']);
  });
});
