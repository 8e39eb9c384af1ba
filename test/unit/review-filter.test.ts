import { describe, expect, it } from 'vitest';
import { formatConfidence, parseConfidence, readReviewFilter } from '../../server/review/review-filter.js';

describe('parseConfidence', () => {
  it.each([
    ['', null],
    ['  ', null],
    ['72 %', 0.72],
    ['72%', 0.72],
    ['72', 0.72],
    ['72,5 %', 0.725],
    ['0.72', 0.72],
    ['1', 1],
    ['0', 0],
    ['100 %', 1],
    ['0.5 %', 0.005],
    ['150 %', undefined],
    ['-3', undefined],
    ['abc', undefined],
    ['7 2', undefined],
  ])('%j is %s', (text, share) => {
    expect(parseConfidence(text)).toBe(share);
  });
});

describe('formatConfidence', () => {
  it.each([
    [0.72, '72 %'],
    [0.725, '72.5 %'],
    [1, '100 %'],
  ])('%s is %j', (share, text) => expect(formatConfidence(share)).toBe(text));
});

describe('readReviewFilter', () => {
  it('reads a good query', () => {
    expect(readReviewFilter({ label: 'pro', source: 'auto', max_confidence: '60 %', needs: '1', page: '2' })).toEqual({
      filter: { label: 'pro', source: 'auto', maxConfidence: 0.6, needsReview: true },
      page: 2,
      typed: { max_confidence: '60 %' },
      errors: {},
    });
  });

  it('marks each bad field and drops only its part of the filter', () => {
    const { filter, errors, page } = readReviewFilter({ label: 'maybe', source: 'self', max_confidence: 'lots', page: 'x' });
    expect(Object.keys(errors).sort()).toEqual(['label', 'max_confidence']);
    expect(filter).toEqual({ label: null, source: 'self', maxConfidence: null, needsReview: false });
    expect(page).toBe(1);
  });
});
