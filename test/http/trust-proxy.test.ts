import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.js';
import { createTestApp, type TestContext } from '../support/app.js';
import { visitorAgent } from '../support/auth.js';
import { createPost, formBody } from '../support/factories.js';

// Behind nginx every request comes from the proxy's address; per-address limits only mean something
// when the app takes the reader's address from X-Forwarded-For, and only from the proxies it trusts.

let t: TestContext | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

/** Posts one comment from a claimed client address (inject's peer address is 127.0.0.1). */
async function commentFrom(t: TestContext, slug: string, forwardedFor: string, n: number): Promise<number> {
  const { csrf, cookie } = await visitorAgent(t.app);
  const res = await t.app.inject({
    method: 'POST',
    url: `/posts/${slug}/comments`,
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, 'x-forwarded-for': forwardedFor },
    payload: formBody({
      _csrf: csrf,
      author_name: 'Reader',
      author_email: `r${n}@example.test`,
      author_url: '',
      body: `Comment ${n}`,
      parent_id: '',
      stance: '',
    }),
  });
  return res.statusCode;
}

describe('TRUST_PROXY', () => {
  it('with the proxy trusted, readers behind it get a comment limit each', async () => {
    t = await createTestApp({ TRUST_PROXY: '127.0.0.1', COMMENT_RATE_LIMIT: '1' });
    const { slug } = await createPost(t.db);
    expect(await commentFrom(t, slug, '203.0.113.1', 1)).toBe(303);
    expect(await commentFrom(t, slug, '203.0.113.2', 2)).toBe(303);
    expect(await commentFrom(t, slug, '203.0.113.1', 3)).toBe(429);
  });

  it('without it, X-Forwarded-For is ignored: a forged header does not dodge the limit', async () => {
    t = await createTestApp({ COMMENT_RATE_LIMIT: '1' });
    const { slug } = await createPost(t.db);
    expect(await commentFrom(t, slug, '203.0.113.1', 1)).toBe(303);
    expect(await commentFrom(t, slug, '203.0.113.2', 2)).toBe(429);
  });

  it.each([
    ['', false],
    ['127.0.0.1', ['127.0.0.1']],
    ['loopback, 10.0.0.0/8', ['loopback', '10.0.0.0/8']],
  ])('TRUST_PROXY=%j is read as %j', (value, expected) => {
    expect(loadConfig({ TRUST_PROXY: value }).trustProxy).toEqual(expected);
  });

  it('refuses a value that is not an address list', () => {
    expect(() => loadConfig({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY/);
  });
});
