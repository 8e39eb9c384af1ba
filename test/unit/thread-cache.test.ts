import { describe, expect, it } from 'vitest';
import { ByteBudgetCache } from '../../server/page-cache/byte-budget-cache.js';
import { threadCacheKey } from '../../server/thread/thread-part.js';

const entry = (bytes: number) => ({ bytes });

describe('ByteBudgetCache', () => {
  it('keeps entries within the byte budget, dropping the least recently used first', () => {
    const cache = new ByteBudgetCache<{ bytes: number }>(100);
    cache.set('a', entry(40));
    cache.set('b', entry(40));
    cache.get('a');
    cache.set('c', entry(40));
    expect([cache.get('a'), cache.get('b'), cache.get('c')].map(Boolean)).toEqual([true, false, true]);
    expect(cache.size).toEqual({ entries: 2, bytes: 80 });
  });

  it('does not keep an entry bigger than the budget, so a budget of 0 turns it off', () => {
    const cache = new ByteBudgetCache<{ bytes: number }>(0);
    cache.set('a', entry(1));
    expect(cache.get('a')).toBeUndefined();
  });

  it('replaces an entry under the same key without double counting', () => {
    const cache = new ByteBudgetCache<{ bytes: number }>(100);
    cache.set('a', entry(60));
    cache.set('a', entry(30));
    expect(cache.size).toEqual({ entries: 1, bytes: 30 });
  });
});

describe('ByteBudgetCache.getOrRender', () => {
  it('renders once for requests that miss together, then serves the entry', async () => {
    const cache = new ByteBudgetCache<{ bytes: number }>(100);
    let renders = 0;
    const render = async () => {
      renders += 1;
      await new Promise((resolve) => setImmediate(resolve));
      return entry(10);
    };
    const [a, b] = await Promise.all([cache.getOrRender('k', render), cache.getOrRender('k', render)]);
    expect(a).toBe(b);
    expect(await cache.getOrRender('k', render)).toBe(a);
    expect(renders).toBe(1);
  });

  it('renders every time without a key, and forgets a failed render', async () => {
    const cache = new ByteBudgetCache<{ bytes: number }>(100);
    let renders = 0;
    await cache.getOrRender(null, async () => entry(++renders));
    await cache.getOrRender(null, async () => entry(++renders));
    expect(renders).toBe(2);
    await expect(cache.getOrRender('bad', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await cache.getOrRender('bad', async () => entry(5))).toEqual(entry(5));
  });
});

describe('ByteBudgetCache expiry', () => {
  it('serves an entry until its expiry, then renders afresh', async () => {
    let now = 1_000;
    const cache = new ByteBudgetCache<{ bytes: number; expiresAt: number; n: number }>(100, () => now);
    let renders = 0;
    const render = async () => ({ bytes: 10, expiresAt: 2_000, n: ++renders });
    expect((await cache.getOrRender('k', render)).n).toBe(1);
    now = 1_999;
    expect((await cache.getOrRender('k', render)).n).toBe(1);
    now = 2_000;
    expect((await cache.getOrRender('k', render)).n).toBe(2);
    expect(cache.size).toEqual({ entries: 1, bytes: 10 });
  });
});

describe('threadCacheKey', () => {
  const post = { id: 7, thread_version: 3, updated_at: '2026-11-26T00:00:00.000Z' };
  const request = { page: null, view: 'all', replyToId: null, sort: 'oldest', side: null };
  it.each([
    ['a new thread version', { ...post, thread_version: 4 }, request],
    ['an edited post', { ...post, updated_at: '2026-11-26T01:00:00.000Z' }, request],
    ['another page', post, { ...request, page: 2 }],
    ['another view', post, { ...request, view: 'top' }],
    ['a reply target', post, { ...request, replyToId: 9 }],
    ['another order', post, { ...request, sort: 'common' }],
    ['a side filter', post, { ...request, side: 'pro' }],
  ])('changes with %s', (_name, p, r) => {
    expect(threadCacheKey(p, r)).not.toBe(threadCacheKey(post, request));
  });
});
