import { describe, expect, it } from 'vitest';
import type { ReviewItem } from '../../server/review/review-items.js';
import { chooseChartSlots, drawStanceChart, periodLabel, slotLabels, slotsFor, CHART_BOX, type ChartSlot } from '../../server/review/stance-chart.js';
import type { Stance } from '../../server/shared/stances.js';
import { makeTimeFormat } from '../../server/shared/time.js';

const UTC = makeTimeFormat('UTC', 'iso');
const BERLIN = makeTimeFormat('Europe/Berlin', 'iso');
const KOLKATA = makeTimeFormat('Asia/Kolkata', 'iso');

let n = 0;
function said(saidAt: string, label: Stance | null): ReviewItem {
  n += 1;
  return {
    key: `c${n}`,
    kind: 'comment',
    id: n,
    postId: 1,
    postTitle: 'P',
    postSlug: 'p',
    parent: null,
    author: `A${n}`,
    text: 't',
    saidAt,
    current: label ? { label, source: 'auto', confidence: 0.8, cues: [], auto: null, self: null } : null,
    disagreement: false,
    remarkCarrier: false,
    lowConfidence: false,
  };
}

/** A slot list in short form: "start:pro/against/neutral totals", "~N" for a break of N periods. */
const shape = (slots: ChartSlot[]) =>
  slots.map((s) => (s.kind === 'break' ? `~${s.skipped}` : `${s.start}:${s.total.pro}/${s.total.against}/${s.total.neutral}`));

describe('the bucket follows the span of the data', () => {
  it.each([
    [
      'one afternoon: hours',
      ['2026-11-20T13:05:00Z', '2026-11-20T15:40:00Z'],
      'hour',
      ['2026-11-20T13:00:1/0/0', '2026-11-20T14:00:1/0/0', '2026-11-20T15:00:1/1/0'],
    ],
    ['three weeks: days', ['2026-11-01T10:00:00Z', '2026-11-03T10:00:00Z', '2026-11-21T10:00:00Z'], 'day', null],
    ['a year: weeks', ['2026-01-05T10:00:00Z', '2026-06-01T10:00:00Z', '2026-12-28T10:00:00Z'], 'week', null],
  ])('%s', (_name, times, unit, expected) => {
    const items = times.map((t, i) => said(t, i === times.length - 1 ? 'against' : 'pro'));
    const chart = chooseChartSlots(items, UTC);
    expect(chart.unit).toBe(unit);
    expect(chart.slots.length).toBeLessThanOrEqual(48);
    if (expected) expect(shape(chart.slots)).toEqual(expected);
  });

  it('takes an old debate with two new comments as days with one break, not two hundred empty months', () => {
    const old = ['2009-04-17T09:00:00Z', '2009-04-17T18:00:00Z', '2009-04-18T08:00:00Z', '2009-04-20T12:00:00Z'];
    const items = [...old.map((t) => said(t, 'pro')), said('2026-11-26T09:00:00Z', 'against'), said('2026-11-26T10:00:00Z', 'neutral')];
    const { unit, slots } = chooseChartSlots(items, UTC);
    expect(unit).toBe('day');
    expect(shape(slots)).toEqual(['2009-04-17:2/0/0', '2009-04-18:3/0/0', '2009-04-19:3/0/0', '2009-04-20:4/0/0', '~6428', '2026-11-26:4/1/1']);
  });
});

describe('slotsFor', () => {
  it('keeps a short quiet run as empty periods and makes a long one a break', () => {
    const items = [said('2026-11-01T10:00:00Z', 'pro'), said('2026-11-04T10:00:00Z', 'pro'), said('2026-11-20T10:00:00Z', 'neutral')];
    expect(shape(slotsFor(items, 'day', UTC))).toEqual([
      '2026-11-01:1/0/0',
      '2026-11-02:1/0/0',
      '2026-11-03:1/0/0',
      '2026-11-04:2/0/0',
      '~15',
      '2026-11-20:2/0/1',
    ]);
  });

  it('counts weeks from Monday and months by the calendar, and leaves out unlabelled items', () => {
    const items = [said('2026-11-29T23:00:00Z', 'pro'), said('2026-11-30T01:00:00Z', 'pro'), said('2026-11-30T02:00:00Z', null)];
    expect(shape(slotsFor(items, 'week', UTC))).toEqual(['2026-11-23:1/0/0', '2026-11-30:2/0/0']);
    expect(shape(slotsFor(items, 'month', UTC))).toEqual(['2026-11-01:2/0/0']);
    expect(shape(slotsFor([said('2025-12-31T10:00:00Z', 'pro'), said('2026-02-01T10:00:00Z', 'pro')], 'month', UTC))).toEqual([
      '2025-12-01:1/0/0',
      '2026-01-01:1/0/0',
      '2026-02-01:2/0/0',
    ]);
  });

  it('is empty without labelled items', () => {
    expect(chooseChartSlots([said('2026-11-01T10:00:00Z', null)], UTC).slots).toEqual([]);
  });
});

describe('periodLabel', () => {
  it.each([
    ['2026-11-20T14:00', 'hour', false, '20 Nov 14:00'],
    ['2026-11-20', 'day', false, '20 Nov'],
    ['2009-04-07', 'day', true, '7 Apr 2009'],
    ['2026-11-01', 'month', false, 'Nov 2026'],
  ] as const)('%s per %s', (start, unit, withYear, text) => expect(periodLabel(start, unit, withYear)).toBe(text));
});

describe('drawStanceChart', () => {
  const items = [
    said('2026-11-01T10:00:00Z', 'pro'),
    said('2026-11-02T10:00:00Z', 'against'),
    said('2026-11-02T11:00:00Z', 'neutral'),
    said('2026-11-20T10:00:00Z', 'pro'),
  ];
  const { unit, slots } = chooseChartSlots(items, UTC);
  const chart = drawStanceChart(unit, slots);

  it('stacks each side’s total so far, for at the bottom, within the box', () => {
    expect(chart.columns).toHaveLength(3);
    const lastColumn = chart.columns.at(-1)!;
    expect(lastColumn.bars.map((b) => b.side)).toEqual(['pro', 'against', 'neutral']);
    const bottom = CHART_BOX.height - CHART_BOX.bottom;
    const pro = lastColumn.bars[0]!;
    expect(Number(pro.y) + Number(pro.height)).toBeCloseTo(bottom, 0);
    // 4 of the axis' 5: the column stops at four fifths of the height.
    const top = lastColumn.bars[2]!;
    expect(Number(top.y)).toBeCloseTo(bottom - (4 / 5) * (bottom - CHART_BOX.top), 0);
    for (const c of chart.columns) expect(Number(c.x) + Number(c.width)).toBeLessThanOrEqual(CHART_BOX.width - CHART_BOX.right);
    expect(pro.title).toBe('20 Nov: For 2 so far (1 new)');
  });

  it('marks the break, labels the axes and leaves a side with nothing yet out of a column', () => {
    expect(chart.breaks).toHaveLength(1);
    expect(chart.breaks[0]!.title).toBe('17 quiet days left out');
    expect(chart.yTicks.map((t) => t.text)).toEqual(['0', '5']);
    expect(chart.xLabels.map((l) => l.text)).toEqual(['1 Nov', '20 Nov']);
    expect(chart.xTitle.text).toBe('Per day, quiet stretches left out (≈)');
    expect(chart.yTitle.text).toBe('Comments and remarks so far');
    expect(chart.columns[0]!.bars.map((b) => b.side)).toEqual(['pro']);
  });

  it('draws one column in the middle for a single period', () => {
    const one = chooseChartSlots([said('2026-11-20T10:00:00Z', 'pro')], UTC);
    const drawn = drawStanceChart(one.unit, one.slots);
    expect(drawn.columns).toHaveLength(1);
    expect(drawn.xLabels).toEqual([expect.objectContaining({ text: '20 Nov 10:00', anchor: 'middle' })]);
  });
});

/** One labelled item per moment, all pro: the shape then shows how many fell in each period. */
const counted = (slots: ChartSlot[]) => slots.map((s) => (s.kind === 'break' ? `~${s.skipped}` : `${s.start}:${s.counts.pro}`));
const at = (times: string[]) => times.map((t) => said(t, 'pro'));

describe('periods in the site’s time zone', () => {
  // 2026: Berlin goes from UTC+1 to UTC+2 at 01:00 UTC on 29 March and back at 01:00 UTC on 25 October.
  it.each([
    [
      'Berlin days across the spring change',
      BERLIN,
      'day',
      ['2026-03-27T23:00:00Z', '2026-03-28T23:30:00Z', '2026-03-29T21:59:00Z', '2026-03-29T22:00:00Z'],
      ['2026-03-28:1', '2026-03-29:2', '2026-03-30:1'],
    ],
    [
      'Berlin days across the autumn change',
      BERLIN,
      'day',
      ['2026-10-24T22:00:00Z', '2026-10-25T22:59:00Z', '2026-10-25T23:00:00Z'],
      ['2026-10-25:2', '2026-10-26:1'],
    ],
    ['Berlin weeks start on the local Monday', BERLIN, 'week', ['2026-03-29T21:30:00Z', '2026-03-29T22:30:00Z'], ['2026-03-23:1', '2026-03-30:1']],
    ['Berlin months start on the local first', BERLIN, 'month', ['2026-03-31T21:30:00Z', '2026-03-31T22:30:00Z'], ['2026-03-01:1', '2026-04-01:1']],
    ['the same moments in UTC', UTC, 'month', ['2026-03-31T21:30:00Z', '2026-03-31T22:30:00Z'], ['2026-03-01:2']],
    [
      'Berlin hours skip the hour the clock jumps over',
      BERLIN,
      'hour',
      ['2026-03-29T00:30:00Z', '2026-03-29T01:30:00Z'],
      ['2026-03-29T01:00:1', '2026-03-29T03:00:1'],
    ],
    [
      'Berlin hours count the repeated hour twice',
      BERLIN,
      'hour',
      ['2026-10-25T00:30:00Z', '2026-10-25T01:30:00Z', '2026-10-25T02:30:00Z'],
      ['2026-10-25T02:00:1', '2026-10-25T02:00:1', '2026-10-25T03:00:1'],
    ],
    [
      'Kolkata hours start on its half-past-UTC hours',
      KOLKATA,
      'hour',
      ['2026-11-20T08:45:00Z', '2026-11-20T09:15:00Z', '2026-11-20T09:40:00Z'],
      ['2026-11-20T14:00:2', '2026-11-20T15:00:1'],
    ],
    ['Kolkata days end at 18:30 UTC', KOLKATA, 'day', ['2026-11-20T18:29:00Z', '2026-11-20T18:30:00Z'], ['2026-11-20:1', '2026-11-21:1']],
  ] as const)('%s', (_name, zone, unit, times, expected) => {
    expect(counted(slotsFor(at([...times]), unit, zone))).toEqual(expected);
  });

  it.each([
    ['Europe/Berlin', BERLIN],
    ['Asia/Kolkata', KOLKATA],
    ['America/St_Johns', makeTimeFormat('America/St_Johns', 'iso')],
  ])('%s: a moment every 15 minutes for a year fills each local day once and each real hour with four', (_name, zone) => {
    const start = Date.parse(zone.dayStart('2026-01-01'));
    const end = Date.parse(zone.dayStart('2027-01-01'));
    const times: string[] = [];
    for (let t = start; t < end; t += 15 * 60_000) times.push(new Date(t).toISOString());
    const days = slotsFor(at(times), 'day', zone);
    expect(days).toHaveLength(365);
    const perDay = days.map((d) => (d.kind === 'period' ? d.counts.pro : -1));
    // A local day is 92, 96 or 100 quarter hours (23, 24 or 25 hours), never none and never two days' worth.
    expect(new Set(perDay)).toEqual(new Set(zone === KOLKATA ? [96] : [92, 96, 100]));
    expect(days[0]).toMatchObject({ start: '2026-01-01' });
    expect(days.at(-1)).toMatchObject({ start: '2026-12-31' });
    // The hours of a week around each change of clock (late March, late October and, for St John's, early March and November).
    const week = (fromDay: number) => slotsFor(at(times.slice(fromDay * 96, (fromDay + 7) * 96)), 'hour', zone);
    const hours = [week(64), week(84), week(294), week(303)].flat();
    expect(new Set(hours.map((h) => (h.kind === 'period' ? h.counts.pro : -1)))).toEqual(new Set([4]));
  });

  it('labels both of the repeated hours with their UTC offset', () => {
    const slots = slotsFor(at(['2026-10-25T00:30:00Z', '2026-10-25T01:30:00Z', '2026-10-25T02:30:00Z']), 'hour', BERLIN);
    expect(slotLabels(slots, 'hour', false)).toEqual(['25 Oct 02:00 (UTC+2)', '25 Oct 02:00 (UTC+1)', '25 Oct 03:00']);
    expect(slots.map((s) => (s.kind === 'period' ? s.datetime : ''))).toEqual([
      '2026-10-25T00:00:00.000Z',
      '2026-10-25T01:00:00.000Z',
      '2026-10-25T02:00:00.000Z',
    ]);
    const kolkata = slotsFor(at(['2026-11-20T08:45:00Z']), 'hour', KOLKATA);
    expect(slotLabels(kolkata, 'hour', true)).toEqual(['20 Nov 2026 14:00']);
  });
});
