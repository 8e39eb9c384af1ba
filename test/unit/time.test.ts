import { describe, expect, it } from 'vitest';
import { formatRelative, relativeLabelChangesAt } from '../../server/shared/time.js';

const NOW = new Date('2026-11-26T12:00:00.000Z');
const ago = (seconds: number) => new Date(NOW.getTime() - seconds * 1000).toISOString();

describe('formatRelative', () => {
  it.each([
    [0, 'just now'],
    [59, 'just now'],
    [60, '1 minute ago'],
    [3 * 3600, '3 hours ago'],
    [8 * 86400, '1 week ago'],
    [31 * 86400, '1 month ago'],
    [400 * 86400, '1 year ago'],
  ])('%i s ago reads "%s"', (seconds, label) => {
    expect(formatRelative(ago(seconds), NOW)).toBe(label);
  });
});

describe('relativeLabelChangesAt', () => {
  it.each([
    ['just now turns into a minute', 10, 60],
    ['minutes count up', 90, 120],
    ['59 minutes become an hour', 59 * 60 + 5, 3600],
    ['days become a week', 6 * 86400 + 5, 7 * 86400],
    ['4 weeks become a month before a fifth week', 29 * 86400, 30 * 86400],
    ['11 months become a year', 360 * 86400, 365 * 86400],
  ])('%s', (_name, ageSeconds, changesAtAge) => {
    const iso = ago(ageSeconds);
    const at = relativeLabelChangesAt(iso, NOW);
    expect(at).toBe(Date.parse(iso) + changesAtAge * 1000 - 500);
    expect(formatRelative(iso, new Date(at - 1))).toBe(formatRelative(iso, NOW));
    expect(formatRelative(iso, new Date(at))).not.toBe(formatRelative(iso, NOW));
  });

  it('re-checks a time in the future within a minute', () => {
    expect(relativeLabelChangesAt(ago(-600), NOW)).toBe(NOW.getTime() + 60_000);
  });
});
