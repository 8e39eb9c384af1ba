import { describe, expect, it } from 'vitest';
import { buildConfusion, calibrate, computeMetrics } from '../../tools/stance/metrics.js';
import type { Stance } from '../../server/shared/stances.js';

const pairs = (gold: Stance, predicted: Stance, n: number) => Array.from({ length: n }, () => ({ gold, predicted }));

describe('stance metrics', () => {
  // gold pro: 3 right, 1 called against; gold against: 2 right, 1 called neutral; gold neutral: 1 right, 1 called pro.
  const confusion = buildConfusion([
    ...pairs('pro', 'pro', 3),
    ...pairs('pro', 'against', 1),
    ...pairs('against', 'against', 2),
    ...pairs('against', 'neutral', 1),
    ...pairs('neutral', 'neutral', 1),
    ...pairs('neutral', 'pro', 1),
  ]);
  const m = computeMetrics(confusion);

  it('builds the confusion matrix with gold rows', () => {
    expect(confusion.pro).toEqual({ pro: 3, against: 1, neutral: 0 });
    expect(confusion.neutral).toEqual({ pro: 1, against: 0, neutral: 1 });
  });

  it.each([
    // label, precision, recall, f1
    ['pro', 3 / 4, 3 / 4, 3 / 4],
    ['against', 2 / 3, 2 / 3, 2 / 3],
    ['neutral', 1 / 2, 1 / 2, 1 / 2],
  ] as const)('%s precision/recall/F1', (label, p, r, f) => {
    expect(m.labels[label].precision).toBeCloseTo(p);
    expect(m.labels[label].recall).toBeCloseTo(r);
    expect(m.labels[label].f1).toBeCloseTo(f);
  });

  it('computes accuracy and F_avg over pro and against only', () => {
    expect(m.total).toBe(9);
    expect(m.accuracy).toBeCloseTo(6 / 9);
    expect(m.f_avg).toBeCloseTo((3 / 4 + 2 / 3) / 2);
  });

  it('counts a label never predicted as zero, not NaN', () => {
    const none = computeMetrics(buildConfusion(pairs('pro', 'against', 2)));
    expect(none.labels.pro.precision).toBe(0);
    expect(none.labels.pro.f1).toBe(0);
    expect(none.f_avg).toBe(0);
  });
});

describe('calibration', () => {
  it('bands labels by confidence and weighs the gap between confidence and accuracy by items', () => {
    const item = (confidence: number, right: boolean) => ({ gold: 'pro' as Stance, predicted: (right ? 'pro' : 'against') as Stance, confidence });
    // Four at 0.95, three right (0.75); two at 0.55, one right (0.5); one at exactly 1.
    const { bands, ece } = calibrate([
      item(0.95, true),
      item(0.95, true),
      item(0.95, true),
      item(0.95, false),
      item(0.55, true),
      item(0.55, false),
      item(1, true),
    ]);
    expect(bands.map((b) => [b.from, b.items])).toEqual([
      [0.5, 2],
      [0.9, 5],
    ]);
    expect(bands[1]?.accuracy).toBeCloseTo(0.8);
    expect(bands[1]?.mean_confidence).toBeCloseTo(0.96);
    expect(ece).toBeCloseTo((2 * 0.05 + 5 * 0.16) / 7);
    expect(calibrate([]).bands).toEqual([]);
  });
});
