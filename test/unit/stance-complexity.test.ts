import { describe, expect, it } from 'vitest';
import { MAX_READ_CHARS } from '../../server/stance/rules/tokens.js';
import { classifyStance } from '../../server/stance/stance-classifier.js';
import type { StanceContext, ThreadItem } from '../../server/stance/stance-types.js';
import { adversarialBodies, MAX_BODY_BYTES } from '../../tools/stance/adversarial-bodies.js';

// A complexity guard, not a benchmark (the speed is in `npm run bench`): the classifier must cost at most 50 ms
// on anything the forms accept, and its cost must grow with the text, not with its square. CPU time of this
// thread, the best of a few runs, so other work on the machine does not count; the bound is generous for CI.
const BUDGET_MS = 50;
const CI_FACTOR = 4;
const RUNS = 3;
// Below this a measurement is mostly clock grain and garbage collection; a quadratic shape is far above it.
const FLOOR_MS = 2;
// Four times the text: linear work costs 4x; sorting the cues and collecting more garbage add a little
// (up to 8x seen under load); a scan per word costs 16x (12-15x measured with the old sarcasm check).
const MAX_RATIO = 10;
// The checks read CPU time; the wall clock only says how busy the machine is (these ran past 20 s at a load of 20).
const WALL_TIMEOUT_MS = 180_000;

const context: StanceContext = {
  subject: { name: 'Jamie Rivera', aliases: ['Rivera', '@jamie', 'the coach'] },
  post: { author: 'Post Author', title: 'Jamie Rivera and the cup', body: 'Jamie Rivera said she would stay. The coach disagreed.', stance: 'against' },
  earlier: [
    {
      id: 'c1',
      parentId: null,
      author: 'Critic',
      body: 'Jamie Rivera is a fraud and everyone knows it. '.repeat(1300),
      kind: 'comment',
      stance: 'against',
      source: 'auto',
      confidence: 0.8,
    },
    { id: 'c2', parentId: 'c1', author: 'Fan', body: '', kind: 'comment', stance: 'pro' },
    { id: 'c3', parentId: null, author: 'Dave Other', body: '', kind: 'comment', stance: 'neutral', source: 'self' },
  ],
};

function item(body: string, parentId: string | null): ThreadItem {
  return { id: 'x', parentId, author: 'Adversary', body, kind: 'comment' };
}

/** CPU milliseconds of classifying the body `times` over, best of `runs`. */
function cost(body: string, parentId: string | null, times = 1, runs = RUNS): number {
  let best = Infinity;
  for (let r = 0; r < runs; r += 1) {
    const started = process.cpuUsage();
    for (let k = 0; k < times; k += 1) classifyStance(item(body, parentId), context);
    const used = process.cpuUsage(started);
    best = Math.min(best, (used.user + used.system) / 1000);
  }
  return best;
}

// Warm the JIT first: a cold first call is compilation, not the classifier's cost.
for (const { body } of adversarialBodies(2000)) cost(body, null);

describe('the classifier on adversarial comments', () => {
  // The most the forms accept, and the most the classifier reads of it.
  for (const size of [MAX_BODY_BYTES, MAX_READ_CHARS]) {
    it(
      `labels every shape of ${size.toLocaleString('en')} bytes within ${BUDGET_MS} ms (x${CI_FACTOR} for CI)`,
      () => {
        const slow: string[] = [];
        for (const { name, body } of adversarialBodies(size)) {
          for (const parentId of [null, 'c1']) {
            const ms = cost(body, parentId);
            if (ms > BUDGET_MS * CI_FACTOR) slow.push(`${name} (${parentId ? 'reply' : 'top level'}): ${ms.toFixed(1)} ms`);
          }
        }
        expect(slow).toEqual([]);
      },
      WALL_TIMEOUT_MS,
    );
  }

  it(
    'costs about four times as much for four times the text, not sixteen',
    () => {
      const small = MAX_READ_CHARS / 4;
      const ratios: string[] = [];
      const smallBodies = adversarialBodies(small);
      adversarialBodies(MAX_READ_CHARS).forEach(({ name, body }, k) => {
        // Repeated so that each measurement is a few milliseconds at least, well above the clock's grain.
        const quarter = cost(smallBodies[k]!.body, 'c1', 24, 5);
        const whole = cost(body, 'c1', 6, 5);
        const ratio = (Math.max(whole, FLOOR_MS) * 4) / Math.max(quarter, FLOOR_MS);
        if (ratio > MAX_RATIO) ratios.push(`${name}: x${ratio.toFixed(1)} (${quarter.toFixed(1)} ms / 24 -> ${whole.toFixed(1)} ms / 6)`);
      });
      expect(ratios).toEqual([]);
    },
    WALL_TIMEOUT_MS,
  );
});
