import { describe, expect, it } from 'vitest';
import { formatRelative, isTimeZone, makeTimeFormat, relativeLabelChangesAt } from '../../server/shared/time.js';

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

describe('makeTimeFormat', () => {
  it.each([
    ['UTC', 'long', '2026-12-02T14:05:00.000Z', '2 December 2026', '2 December 2026, 14:05'],
    ['UTC', 'iso', '2026-12-02T14:05:00.000Z', '2026-12-02', '2026-12-02 14:05'],
    ['UTC', 'us', '2026-12-02T14:05:00.000Z', 'Dec 2, 2026', 'Dec 2, 2026 at 2:05 pm'],
    ['UTC', 'us', '2026-12-02T00:05:00.000Z', 'Dec 2, 2026', 'Dec 2, 2026 at 12:05 am'],
    ['UTC', 'us', '2026-12-02T12:00:00.000Z', 'Dec 2, 2026', 'Dec 2, 2026 at 12:00 pm'],
    // A day later east of UTC, a day earlier west of it.
    ['Europe/Paris', 'iso', '2026-11-20T23:30:00.000Z', '2026-11-21', '2026-11-21 00:30'],
    ['America/New_York', 'long', '2026-11-21T02:30:00.000Z', '20 November 2026', '20 November 2026, 21:30'],
    // Summer time starts in Paris at 01:00 UTC on 29 March 2026: the last minute before and the first after.
    ['Europe/Paris', 'iso', '2026-03-29T00:59:00.000Z', '2026-03-29', '2026-03-29 01:59'],
    ['Europe/Paris', 'iso', '2026-03-29T01:00:00.000Z', '2026-03-29', '2026-03-29 03:00'],
    // And ends at 01:00 UTC on 25 October: 02:59 summer time, then 02:00 again.
    ['Europe/Paris', 'iso', '2026-10-25T00:59:00.000Z', '2026-10-25', '2026-10-25 02:59'],
    ['Europe/Paris', 'iso', '2026-10-25T01:00:00.000Z', '2026-10-25', '2026-10-25 02:00'],
    // Lord Howe Island moves by half an hour, at 02:00 local (15:30 UTC the day before, inside an hour).
    ['Australia/Lord_Howe', 'iso', '2026-10-03T15:29:00.000Z', '2026-10-04', '2026-10-04 01:59'],
    ['Australia/Lord_Howe', 'iso', '2026-10-03T15:30:00.000Z', '2026-10-04', '2026-10-04 02:30'],
    // Quarter-hour offsets, and the past before a zone kept standard time.
    ['Asia/Kathmandu', 'iso', '2026-12-02T12:00:00.000Z', '2026-12-02', '2026-12-02 17:45'],
    ['America/New_York', 'iso', '2009-06-15T16:00:00.000Z', '2009-06-15', '2009-06-15 12:00'],
  ] as const)('%s %s: %s reads %s / %s', (zone, format, iso, date, dateTime) => {
    const time = makeTimeFormat(zone, format);
    expect(time.date(iso)).toBe(date);
    expect(time.dateTime(iso)).toBe(dateTime);
  });

  it('agrees with Intl at every quarter hour of a year with two changes', () => {
    const time = makeTimeFormat('America/Santiago', 'iso');
    const intl = new Intl.DateTimeFormat('sv-SE', {
      timeZone: 'America/Santiago',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    for (let ms = Date.parse('2026-01-01T00:00:00Z'); ms < Date.parse('2027-01-01T00:00:00Z'); ms += 15 * 60_000) {
      const iso = new Date(ms).toISOString();
      expect(time.dateTime(iso)).toBe(intl.format(ms));
    }
  });

  it.each(['Europe/Berlin', 'America/Santiago', 'Asia/Kolkata', 'Australia/Lord_Howe', 'America/St_Johns', 'UTC'])(
    '%s: each local day of 2026 starts at its dayStart (its first moment, a minute before is the day before)',
    (zone) => {
      const time = makeTimeFormat(zone, 'iso');
      for (let d = Date.parse('2026-01-01T00:00:00Z'); d < Date.parse('2027-01-01T00:00:00Z'); d += 86_400_000) {
        const date = new Date(d).toISOString().slice(0, 10);
        const start = Date.parse(time.dayStart(date));
        expect(time.date(new Date(start).toISOString())).toBe(date);
        expect(time.date(new Date(start - 60_000).toISOString()) < date).toBe(true);
      }
    },
  );

  it('starts a day the clock skips midnight of at the jump, and one it repeats at the first midnight', () => {
    const santiago = makeTimeFormat('America/Santiago', 'iso');
    // 6 September 2026 00:00 (UTC-4) became 01:00 (UTC-3); on 5 April 00:00 (UTC-3) went back to 23:00 (UTC-4).
    expect(santiago.dayStart('2026-09-06')).toBe('2026-09-06T04:00:00.000Z');
    expect(santiago.dateTime('2026-09-06T04:00:00.000Z')).toBe('2026-09-06 01:00');
    expect(santiago.dayStart('2026-04-05')).toBe('2026-04-05T04:00:00.000Z');
    expect(makeTimeFormat('Asia/Kolkata', 'iso').dayStart('2026-11-21')).toBe('2026-11-20T18:30:00.000Z');
    expect(makeTimeFormat('Europe/Berlin', 'iso').offsetAt(Date.parse('2026-07-01T00:00:00Z'))).toBe(2 * 3_600_000);
  });

  it('names the zone for mail', () => {
    expect(makeTimeFormat('Europe/Paris', 'long').zoneName('2026-11-26T12:00:00.000Z')).toBe('CET');
    expect(makeTimeFormat('UTC', 'long').zoneName('2026-11-26T12:00:00.000Z')).toBe('UTC');
  });

  it('knows IANA zones from anything else', () => {
    expect(['Europe/Paris', 'UTC', 'America/Argentina/Buenos_Aires'].map(isTimeZone)).toEqual([true, true, true]);
    expect(['Mars/Olympus_Mons', '', ' Europe/Paris', 'CEST+2'].map(isTimeZone)).toEqual([false, false, false, false]);
  });
});
