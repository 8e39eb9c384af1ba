import { afterEach, describe, expect, it } from 'vitest';
import { MAX_FAILURES_PER_ACCOUNT, MAX_FAILURES_PER_IP } from '../../server/auth/auth.service.js';
import { MAX_CONCURRENT_HASHES, MAX_WAITING_HASHES } from '../../server/auth/hash-slots.js';
import { hashPassword, verifyPassword } from '../../server/auth/password.js';
import { createTestApp, type TestContext } from '../support/app.js';
import { TEST_PASSWORD, createUser, visitorAgent } from '../support/auth.js';
import { formBody } from '../support/factories.js';

// Real parallel sign-ins over sockets against the listening app, on whichever engine the suite runs on.

let t: TestContext | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

interface Attempt {
  email: string;
  password: string;
  /** Sent as X-Forwarded-For (the app trusts loopback as its proxy in these tests). */
  ip?: string;
}

/** Opens one visitor per attempt first, then sends every sign-in at once; returns status and page of each. */
async function signInAllAtOnce(ctx: TestContext, attempts: Attempt[]): Promise<{ status: number; text: string }[]> {
  if (!ctx.app.server.listening) await ctx.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = ctx.app.server.address() as { port: number };
  const base = `http://127.0.0.1:${port}`;
  const visitors: Awaited<ReturnType<typeof visitorAgent>>[] = [];
  for (let i = 0; i < attempts.length; i++) visitors.push(await visitorAgent(ctx.app));
  return Promise.all(
    attempts.map(async (a, i) => {
      const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', cookie: visitors[i]!.cookie };
      if (a.ip) headers['x-forwarded-for'] = a.ip;
      const res = await fetch(`${base}/login`, {
        method: 'POST',
        redirect: 'manual',
        headers,
        body: formBody({ email: a.email, password: a.password, next: '/staff', _csrf: visitors[i]!.csrf }),
      });
      return { status: res.status, text: await res.text() };
    }),
  );
}

const tally = (results: { status: number }[]) => results.reduce<Record<number, number>>((acc, r) => ({ ...acc, [r.status]: (acc[r.status] ?? 0) + 1 }), {});
const failuresFor = async (ctx: TestContext, column: 'email' | 'ip', value: string) =>
  (await ctx.db.selectFrom('login_failures').select('id').where(column, '=', value).execute()).length;

describe('sign-in limits under parallel attempts', () => {
  it(`checks only ${MAX_FAILURES_PER_ACCOUNT} of 40 parallel wrong passwords for one account`, async () => {
    t = await createTestApp({ TRUST_PROXY: '127.0.0.1' });
    const user = await createUser(t.db, 'author');
    // A hash slow enough (a few tens of ms) that unchecked guesses would pile up behind the first ones.
    await t.db
      .updateTable('users')
      .set({ password_hash: await hashPassword(TEST_PASSWORD, 14) })
      .where('id', '=', user.id)
      .execute();
    const results = await signInAllAtOnce(
      t,
      Array.from({ length: 40 }, (_, i) => ({ email: user.email, password: `wrong ${i}`, ip: `203.0.113.${i + 1}` })),
    );
    expect(tally(results)).toEqual({ 422: MAX_FAILURES_PER_ACCOUNT, 429: 40 - MAX_FAILURES_PER_ACCOUNT });
    expect(results.filter((r) => r.status === 429).every((r) => r.text.includes('Too many failed sign-ins'))).toBe(true);
    expect(await failuresFor(t, 'email', user.email)).toBe(MAX_FAILURES_PER_ACCOUNT);
  });

  it(`checks only ${MAX_FAILURES_PER_IP} of 40 parallel guesses from one address across accounts`, async () => {
    t = await createTestApp({ TRUST_PROXY: '127.0.0.1' });
    const results = await signInAllAtOnce(
      t,
      Array.from({ length: 40 }, (_, i) => ({ email: `guess${i}@example.test`, password: 'x', ip: '198.51.100.7' })),
    );
    expect(tally(results)).toEqual({ 422: MAX_FAILURES_PER_IP, 429: 40 - MAX_FAILURES_PER_IP });
    expect(await failuresFor(t, 'ip', '198.51.100.7')).toBe(MAX_FAILURES_PER_IP);
  });

  it('refuses sign-ins past the hashing queue with a readable 429 page, and counts none of them', async () => {
    // A cost high enough that the queue cannot drain while the burst arrives.
    t = await createTestApp({ TRUST_PROXY: '127.0.0.1', PASSWORD_HASH_COST: '15' });
    const burst = MAX_CONCURRENT_HASHES + MAX_WAITING_HASHES + 26;
    const results = await signInAllAtOnce(
      t,
      Array.from({ length: burst }, (_, i) => ({ email: `flood${i}@example.test`, password: 'x', ip: `192.0.2.${i + 1}` })),
    );
    const busy = results.filter((r) => r.status === 429);
    expect(busy.length).toBeGreaterThan(0);
    expect(busy.every((r) => r.text.includes('Too many sign-ins are being checked right now'))).toBe(true);
    expect(busy[0]!.text).toContain('<form class="staff-form" method="post" action="/login">');
    expect(results.every((r) => r.status === 422 || r.status === 429)).toBe(true);
    // Refused before their password was checked: they are not failures, the checked ones are.
    const rows = await t.db.selectFrom('login_failures').select('id').execute();
    expect(rows).toHaveLength(results.filter((r) => r.status === 422).length);
  });
});

describe('password hash cost', () => {
  it('signs in with a hash of an older, lower cost and stores it again at the configured cost', async () => {
    t = await createTestApp({ PASSWORD_HASH_COST: '11' });
    const user = await createUser(t.db, 'author');
    const before = await t.db.selectFrom('users').select('password_hash').where('id', '=', user.id).executeTakeFirstOrThrow();
    expect(before.password_hash).toMatch(/^scrypt\$10\$/);
    const [result] = await signInAllAtOnce(t, [{ email: user.email, password: TEST_PASSWORD }]);
    expect(result!.status).toBe(303);
    const after = await t.db.selectFrom('users').select('password_hash').where('id', '=', user.id).executeTakeFirstOrThrow();
    expect(after.password_hash).toMatch(/^scrypt\$11\$/);
    expect(await verifyPassword(TEST_PASSWORD, after.password_hash!)).toBe(true);
    // A wrong password leaves the hash alone.
    await t.db.updateTable('users').set({ password_hash: before.password_hash }).where('id', '=', user.id).execute();
    await signInAllAtOnce(t, [{ email: user.email, password: 'not it' }]);
    expect((await t.db.selectFrom('users').select('password_hash').where('id', '=', user.id).executeTakeFirstOrThrow()).password_hash).toBe(
      before.password_hash,
    );
  });

  it('defaults to OWASP’s minimum, N = 2^17, within the memory scrypt needs for it', async () => {
    const { loadConfig } = await import('../../server/config.js');
    expect(loadConfig({}).passwordHashCost).toBe(17);
    // 128 MiB: above Node's default maxmem, so this fails unless maxmem is passed.
    const hash = await hashPassword('a password at full cost', 17);
    expect(hash).toMatch(/^scrypt\$17\$/);
    expect(await verifyPassword('a password at full cost', hash)).toBe(true);
  });
});
