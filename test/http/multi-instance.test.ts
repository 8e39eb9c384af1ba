import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../server/db/database.js';
import { startServer, type ServerProcess } from '../support/server-process.js';
import { createTestDatabase, TEST_DATABASE_URL, type TestDatabase } from '../support/test-db.js';

// Two real server processes on one PostgreSQL schema, started together as an operator would behind
// a load balancer: whatever one instance does, the other must see. SQLite is one machine by design.

const COMMENT_LIMIT = 5;
const SECRET = 'multi-instance-secret-0123456789';

/** A browser's cookies, shared across both instances as a load balancer would let them be. */
class CookieJar {
  private cookies = new Map<string, string>();
  store(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      this.cookies.set(pair!.slice(0, eq), pair!.slice(eq + 1));
    }
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

async function get(server: ServerProcess, path: string, jar: CookieJar): Promise<{ status: number; text: string; location: string | null }> {
  const res = await fetch(server.url + path, { headers: { cookie: jar.header() }, redirect: 'manual' });
  jar.store(res);
  return { status: res.status, text: await res.text(), location: res.headers.get('location') };
}

async function postForm(server: ServerProcess, path: string, jar: CookieJar, fields: Record<string, string>) {
  const res = await fetch(server.url + path, {
    method: 'POST',
    headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });
  jar.store(res);
  return { status: res.status, text: await res.text(), location: res.headers.get('location') };
}

function csrfFrom(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('page has no CSRF token');
  return match[1]!;
}

if (!TEST_DATABASE_URL) console.info('multi-instance tests skipped: they need PostgreSQL (set TEST_DATABASE_URL; .ci/run does)');

describe.skipIf(!TEST_DATABASE_URL)('two instances on one PostgreSQL (needs TEST_DATABASE_URL; .ci/run sets it)', () => {
  let testDb: TestDatabase;
  let db: Db;
  let a: ServerProcess;
  let b: ServerProcess;
  let slug: string;

  beforeAll(async () => {
    testDb = await createTestDatabase('multi');
    const env = {
      DATABASE_URL: testDb.url,
      SECRET,
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      SEED_DEMO: 'auto',
      PASSWORD_HASH_COST: '10',
      COMMENT_RATE_LIMIT: String(COMMENT_LIMIT),
      DB_POOL_SIZE: '4',
    };
    // Started together: both migrate, seed and create the first admin at the same moment.
    const started = await Promise.allSettled([startServer(env), startServer(env)]);
    const failed = started.find((s) => s.status === 'rejected');
    if (failed) {
      // Stop the one that did start, or it outlives the test on a dropped schema.
      await Promise.all(started.map((s) => (s.status === 'fulfilled' ? s.value.stop() : Promise.resolve())));
      throw failed.reason;
    }
    [a, b] = started.map((s) => (s as PromiseFulfilledResult<ServerProcess>).value) as [ServerProcess, ServerProcess];
    db = openDatabase(testDb.url, { poolSize: 2 });
    slug = (await db.selectFrom('posts').select('slug').executeTakeFirstOrThrow()).slug;
  }, 180_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await db?.destroy();
    await testDb?.dispose();
  });

  it('start together without tripping over each other: one demo debate, one first admin', async () => {
    const count = async (table: 'posts' | 'users') =>
      Number(
        (
          await db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    expect(await count('posts')).toBe(1);
    expect(await db.selectFrom('users').select('email').where('role', '=', 'admin').execute()).toHaveLength(1);
    expect((a.output() + b.output()).match(/one-time password/g)).toHaveLength(1);
  });

  it('a comment posted on one appears on the other, with a form token from the first', async () => {
    const jar = new CookieJar();
    const csrf = csrfFrom((await get(a, `/posts/${slug}`, jar)).text);
    const fields = {
      _csrf: csrf,
      author_name: 'Across',
      author_email: 'across@example.test',
      author_url: '',
      body: 'Posted on B, read on A.',
      parent_id: '',
      stance: '',
    };
    const posted = await postForm(b, `/posts/${slug}/comments`, jar, fields);
    expect(posted.status).toBe(303);
    const id = /#comment-(\d+)$/.exec(posted.location ?? '')?.[1];
    expect(id).toBeDefined();
    const onA = await get(a, `/api/posts/${slug}`, jar);
    expect(onA.text).toContain('Posted on B, read on A.');
    const back = await postForm(a, `/posts/${slug}/comments`, jar, { ...fields, body: 'Posted on A, read on B.' });
    expect(back.status).toBe(303);
    expect((await get(b, `/api/posts/${slug}`, jar)).text).toContain('Posted on A, read on B.');
  });

  it('a sign-in made on one is valid on the other, and a sign-out on the other ends it', async () => {
    const password = /one-time password:\s*\n\s*(\S+)/.exec(a.output() + b.output())?.[1];
    expect(password).toBeDefined();
    const jar = new CookieJar();
    const csrf = csrfFrom((await get(a, '/login', jar)).text);
    const signedIn = await postForm(a, '/login', jar, { _csrf: csrf, email: 'admin@rejoinder.local', password: password!, next: '/staff' });
    expect(signedIn.status).toBe(303);
    // The first-start admin must choose a new password before any other staff page: their account page is the one open.
    expect((await get(b, '/staff', jar)).location).toBe('/staff/account');
    const account = await get(b, '/staff/account', jar);
    expect(account.status).toBe(200);
    const logoutCsrf = csrfFrom(account.text);
    expect((await postForm(b, '/logout', jar, { _csrf: logoutCsrf })).status).toBe(303);
    expect((await get(a, '/staff/account', jar)).status).not.toBe(200);
  });

  it('the comment limit per address counts comments sent to both', async () => {
    const jar = new CookieJar();
    const csrf = csrfFrom((await get(b, `/posts/${slug}`, jar)).text);
    const send = (server: ServerProcess, n: number) =>
      postForm(server, `/posts/${slug}/comments`, jar, {
        _csrf: csrf,
        author_name: 'Busy',
        author_email: 'busy@example.test',
        author_url: '',
        body: `Comment number ${n}`,
        parent_id: '',
        stance: '',
      });
    // Every comment the tests sent came from this address; whatever is left of the limit is spread over both.
    const stored = await db
      .selectFrom('comments')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('author_ip_hash', 'is not', null)
      .executeTakeFirstOrThrow();
    const left = COMMENT_LIMIT - Number(stored.n);
    expect(left).toBeGreaterThanOrEqual(2);
    for (let n = 0; n < left; n++) expect((await send(n % 2 === 0 ? a : b, n)).status).toBe(303);
    expect((await send(b, left)).status).toBe(429);
    expect((await send(a, left + 1)).status).toBe(429);
  });
});
