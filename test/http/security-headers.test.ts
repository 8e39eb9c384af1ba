import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../support/app.js';
import { signInAs } from '../support/auth.js';
import { createPost } from '../support/factories.js';

// The response headers OWASP's HTTP Headers Cheat Sheet recommends, on top of the CSP the app already sends.

let t: TestContext | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe('security headers', () => {
  it.each(['/', '/login', '/static/js/reply.js', '/no-such-page'])('isolate %s from other origins and turn off browser features', async (path) => {
    t = await createTestApp();
    const res = await t.app.inject({ method: 'GET', url: path });
    expect(res.headers['cross-origin-opener-policy']).toBe('same-origin');
    expect(res.headers['cross-origin-resource-policy']).toBe('same-origin');
    expect(res.headers['cross-origin-embedder-policy']).toBe('require-corp');
    expect(res.headers['permissions-policy']).toContain('camera=()');
    expect(res.headers['permissions-policy']).toContain('geolocation=()');
    expect(res.headers['x-permitted-cross-domain-policies']).toBe('none');
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  });

  it('send Strict-Transport-Security only over HTTPS, as a trusted proxy reports it', async () => {
    t = await createTestApp({ TRUST_PROXY: '127.0.0.1' });
    const https = await t.app.inject({ method: 'GET', url: '/', headers: { 'x-forwarded-proto': 'https' } });
    expect(https.headers['strict-transport-security']).toBe('max-age=63072000; includeSubDomains');
    const plain = await t.app.inject({ method: 'GET', url: '/' });
    expect(plain.headers['strict-transport-security']).toBeUndefined();
  });

  it('ignore X-Forwarded-Proto from a peer that is not a trusted proxy', async () => {
    t = await createTestApp();
    const res = await t.app.inject({ method: 'GET', url: '/', headers: { 'x-forwarded-proto': 'https' } });
    expect(res.headers['strict-transport-security']).toBeUndefined();
  });

  it('keep staff pages and the sign-in page out of every cache; public pages stay cacheable', async () => {
    t = await createTestApp();
    const post = await createPost(t.db);
    const { agent } = await signInAs(t.app, t.db, 'admin');
    for (const path of ['/staff', '/staff/users', '/staff/moderation', `/staff/posts/${post.id}/stances.csv`, '/login']) {
      const res = await agent.get(path);
      expect([path, res.headers['cache-control']]).toEqual([path, 'no-store']);
    }
    // A signed-in reader's view of a public page carries their staff bar: not for shared caches either.
    expect((await agent.get(`/posts/${post.slug}`)).headers['cache-control']).toBe('no-store');
    const anonymous = await t.app.inject({ method: 'GET', url: `/posts/${post.slug}` });
    expect(anonymous.headers['cache-control']).toBeUndefined();
  });
});
