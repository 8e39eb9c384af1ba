import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../support/app.js';
import { visitorAgent } from '../support/auth.js';
import { createPost, formBody } from '../support/factories.js';

// Parallel comment POSTs over real sockets: the per-address throttle and the duplicate check must hold
// on PostgreSQL as they do on SQLite, where one writer at a time already serialises them.

let t: TestContext | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

interface Send {
  email: string;
  body: string;
  /** Sent as X-Forwarded-For (loopback is the trusted proxy here). */
  ip: string;
}

/** Opens one visitor per comment first, then posts them all at once; returns the statuses. */
async function postAllAtOnce(ctx: TestContext, slug: string, sends: Send[]): Promise<number[]> {
  await ctx.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = ctx.app.server.address() as { port: number };
  const visitors: Awaited<ReturnType<typeof visitorAgent>>[] = [];
  for (let i = 0; i < sends.length; i++) visitors.push(await visitorAgent(ctx.app));
  return Promise.all(
    sends.map(async (s, i) => {
      const res = await fetch(`http://127.0.0.1:${port}/posts/${slug}/comments`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: visitors[i]!.cookie, 'x-forwarded-for': s.ip },
        body: formBody({ _csrf: visitors[i]!.csrf, author_name: 'Reader', author_email: s.email, author_url: '', body: s.body, parent_id: '', stance: '' }),
      });
      await res.arrayBuffer();
      return res.status;
    }),
  );
}

const count = (statuses: number[], status: number) => statuses.filter((s) => s === status).length;

describe('comment limits under parallel POSTs', () => {
  it('accepts only COMMENT_RATE_LIMIT of 40 parallel comments from one address', async () => {
    t = await createTestApp({ TRUST_PROXY: '127.0.0.1', COMMENT_RATE_LIMIT: '10' });
    const post = await createPost(t.db);
    const statuses = await postAllAtOnce(
      t,
      post.slug,
      Array.from({ length: 40 }, (_, i) => ({ email: `r${i}@example.test`, body: `Comment number ${i}`, ip: '203.0.113.9' })),
    );
    expect([count(statuses, 303), count(statuses, 429)]).toEqual([10, 30]);
    const stored = await t.db.selectFrom('comments').select('id').where('post_id', '=', post.id).execute();
    expect(stored).toHaveLength(10);
  });

  it('stores one of 20 identical parallel comments and refuses the rest as duplicates', async () => {
    t = await createTestApp({ TRUST_PROXY: '127.0.0.1' });
    const post = await createPost(t.db);
    const statuses = await postAllAtOnce(
      t,
      post.slug,
      Array.from({ length: 20 }, (_, i) => ({ email: 'same@example.test', body: 'Exactly this, once.', ip: `198.51.100.${i + 1}` })),
    );
    expect([count(statuses, 303), count(statuses, 409)]).toEqual([1, 19]);
    const stored = await t.db.selectFrom('comments').select('id').where('post_id', '=', post.id).execute();
    expect(stored).toHaveLength(1);
  });
});
