import { describe, expect, it } from 'vitest';
import { ConcurrencyLimit, HashingBusy } from '../../server/auth/hash-slots.js';

/** A job that runs until its release() is called, recording how many jobs run at once. */
function gate(stats: { now: number; peak: number; order: number[] }, n: number) {
  let release!: () => void;
  const done = new Promise<void>((resolve) => (release = resolve));
  const job = async () => {
    stats.now += 1;
    stats.peak = Math.max(stats.peak, stats.now);
    stats.order.push(n);
    await done;
    stats.now -= 1;
    return n;
  };
  return { job, release };
}

describe('ConcurrencyLimit', () => {
  it('runs at most the limit at once, queues the next in order and refuses past the queue', async () => {
    const limit = new ConcurrencyLimit(2, 3);
    const stats = { now: 0, peak: 0, order: [] as number[] };
    const gates = Array.from({ length: 7 }, (_, i) => gate(stats, i));
    const runs = gates.map((g) =>
      limit.run(g.job).then(
        (v) => ({ ok: v }),
        (e: unknown) => ({ err: e }),
      ),
    );
    await new Promise((resolve) => setImmediate(resolve));
    expect(stats.order).toEqual([0, 1]);
    for (const g of gates) g.release();
    const results = await Promise.all(runs);
    expect(results.slice(0, 5)).toEqual([0, 1, 2, 3, 4].map((ok) => ({ ok })));
    expect(results.slice(5).every((r) => 'err' in r && r.err instanceof HashingBusy)).toBe(true);
    expect(stats.peak).toBe(2);
    expect(stats.order).toEqual([0, 1, 2, 3, 4]);
  });

  it('frees its slot when a job fails', async () => {
    const limit = new ConcurrencyLimit(1, 0);
    await expect(limit.run(async () => Promise.reject(new Error('scrypt failed')))).rejects.toThrow('scrypt failed');
    await expect(limit.run(async () => 'next')).resolves.toBe('next');
  });
});
