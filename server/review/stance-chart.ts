// The per-post stance chart: how many comments and remarks each side has gathered so far, as stacked
// columns over time. The bucket (hour, day, week, month) is the finest that keeps the chart to a few
// dozen columns, and a long quiet stretch is one narrow break instead of hundreds of empty columns
// (the demo has comments from 2009 and two from today). Pure.
import { STANCES, type Stance } from '../shared/stances.js';
import type { TimeFormat } from '../shared/time.js';
import type { ReviewItem } from './review-items.js';

export const CHART_UNITS = ['hour', 'day', 'week', 'month'] as const;
export type ChartUnit = (typeof CHART_UNITS)[number];

/** The most columns (periods and breaks) a chart draws; past it the next coarser bucket is tried. */
const MAX_SLOTS = 48;
/** More empty periods in a row than this are drawn as one break. */
const MAX_EMPTY_RUN = 3;
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const MAX_HOURLY_SPAN_MS = 2 * DAY_MS;
const MAX_DAILY_SPAN_MS = 92 * DAY_MS;
const MAX_WEEKLY_SPAN_MS = 731 * DAY_MS;
/** A silence longer than this does not count toward the span the bucket is chosen from. */
const LONG_SILENCE_MS = 365 * DAY_MS;

type Counts = Record<Stance, number>;
const zero = (): Counts => ({ pro: 0, against: 0, neutral: 0 });

/** What the chart needs of the site's time zone (a TimeFormat has it). */
export type ChartZone = Pick<TimeFormat, 'offsetAt'>;

/**
 * A period starts at `start`, the site's local wall-clock time ("2026-11-20T14:00" for hours, "2026-11-20" for days,
 * weeks from Monday and months); `datetime` is the same moment for a <time> element (the UTC instant for hours, the
 * local date otherwise); `repeated` marks the second of two hours a clock turned back prints alike.
 */
export type ChartSlot =
  { kind: 'period'; start: string; datetime: string; repeated: boolean; offset: string; counts: Counts; total: Counts } | { kind: 'break'; skipped: number };

// Days, weeks and months are counted on the local calendar (wall-clock dates, whose arithmetic has no DST),
// so a day is the site's day and never 23 or 25 hours of columns. Hours are real hours that start on the
// local hour: the hour a clock skips has no column and the hour it repeats has two.
const wallIso = (ms: number, zone: ChartZone) => new Date(ms + zone.offsetAt(ms)).toISOString();

/** The key of the period a moment falls in: the UTC instant an hour starts at, or the local date a day, week or month starts on. */
function periodOf(ms: number, unit: ChartUnit, zone: ChartZone): string {
  if (unit === 'hour') return new Date(ms - mod(ms + zone.offsetAt(ms), HOUR_MS)).toISOString();
  const date = wallIso(ms, zone).slice(0, 10);
  if (unit === 'day') return date;
  if (unit === 'month') return `${date.slice(0, 7)}-01`;
  const d = Date.parse(`${date}T00:00:00Z`);
  return new Date(d - ((new Date(d).getUTCDay() + 6) % 7) * DAY_MS).toISOString().slice(0, 10);
}

const mod = (a: number, b: number) => ((a % b) + b) % b;

function nextPeriod(start: string, unit: ChartUnit): string {
  if (unit === 'hour') return new Date(Date.parse(start) + HOUR_MS).toISOString();
  const d = new Date(`${start}T00:00:00Z`);
  if (unit === 'month') d.setUTCMonth(d.getUTCMonth() + 1);
  else d.setUTCDate(d.getUTCDate() + (unit === 'week' ? 7 : 1));
  return d.toISOString().slice(0, 10);
}

/** How many whole periods lie between two period keys (0 when adjacent), counted without walking them. */
function periodsBetween(from: string, to: string, unit: ChartUnit): number {
  if (unit === 'month') return (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 + Number(to.slice(5, 7)) - Number(from.slice(5, 7)) - 1;
  const ms = (s: string) => Date.parse(unit === 'hour' ? s : `${s}T00:00:00Z`);
  const size = unit === 'hour' ? HOUR_MS : unit === 'day' ? DAY_MS : 7 * DAY_MS;
  return Math.round((ms(to) - ms(from)) / size) - 1;
}

/** "UTC+1", "UTC+5:30", "UTC-3": an offset as a reader tells two alike hours apart. */
function offsetText(offsetMs: number): string {
  const minutes = Math.round(Math.abs(offsetMs) / 60_000);
  const rest = minutes % 60;
  return `UTC${offsetMs < 0 ? '-' : '+'}${Math.floor(minutes / 60)}${rest ? `:${String(rest).padStart(2, '0')}` : ''}`;
}

/** The columns for one bucket size in the site's zone: every period with something in it, short quiet runs kept, long ones one break. Pure. */
export function slotsFor(items: readonly ReviewItem[], unit: ChartUnit, zone: ChartZone): ChartSlot[] {
  const buckets = new Map<string, Counts>();
  for (const item of items) {
    const ms = Date.parse(item.saidAt);
    if (!item.current || !/^\d{4}-\d{2}-\d{2}T\d{2}/.test(item.saidAt) || !Number.isFinite(ms)) continue;
    const key = periodOf(ms, unit, zone);
    const counts = buckets.get(key) ?? zero();
    counts[item.current.label] += 1;
    buckets.set(key, counts);
  }
  const keys = [...buckets.keys()].sort();
  const slots: ChartSlot[] = [];
  const total = zero();
  let previousStart = '';
  const push = (key: string, counts: Counts) => {
    for (const s of STANCES) total[s] += counts[s];
    const hourMs = unit === 'hour' ? Date.parse(key) : 0;
    const start = unit === 'hour' ? wallIso(hourMs, zone).slice(0, 16) : key;
    slots.push({
      kind: 'period',
      start,
      datetime: key,
      repeated: start === previousStart,
      offset: unit === 'hour' ? offsetText(zone.offsetAt(hourMs)) : '',
      counts,
      total: { ...total },
    });
    previousStart = start;
  };
  keys.forEach((key, i) => {
    if (i > 0) {
      const empty = periodsBetween(keys[i - 1]!, key, unit);
      if (empty > MAX_EMPTY_RUN) {
        slots.push({ kind: 'break', skipped: empty });
        previousStart = '';
      } else for (let p = nextPeriod(keys[i - 1]!, unit); p < key; p = nextPeriod(p, unit)) push(p, zero());
    }
    push(key, buckets.get(key)!);
  });
  return slots;
}

/**
 * How long the debate was active: the time from first to last item without the silences of more than a
 * year between them (the demo's 2009 thread and today's two comments are a few days of debate, not 17 years).
 */
function activeSpanMs(items: readonly ReviewItem[]): number {
  const times = items
    .filter((i) => i.current)
    .map((i) => Date.parse(i.saidAt))
    .filter(Number.isFinite)
    .sort((a, b) => a - b);
  let span = 0;
  for (let i = 1; i < times.length; i++) {
    const gap = times[i]! - times[i - 1]!;
    if (gap <= LONG_SILENCE_MS) span += gap;
  }
  return span;
}

/** The bucket an active span asks for: hours for a day or two, days up to a season, weeks up to two years. */
function unitForSpan(spanMs: number): ChartUnit {
  if (spanMs <= MAX_HOURLY_SPAN_MS) return 'hour';
  if (spanMs <= MAX_DAILY_SPAN_MS) return 'day';
  return spanMs <= MAX_WEEKLY_SPAN_MS ? 'week' : 'month';
}

/** The bucket the active span asks for (coarser if that still draws more than MAX_SLOTS columns), and its columns. Pure. */
export function chooseChartSlots(items: readonly ReviewItem[], zone: ChartZone): { unit: ChartUnit; slots: ChartSlot[] } {
  for (const unit of CHART_UNITS.slice(CHART_UNITS.indexOf(unitForSpan(activeSpanMs(items))), -1)) {
    const slots = slotsFor(items, unit, zone);
    if (slots.length <= MAX_SLOTS) return { unit, slots };
  }
  return { unit: 'month', slots: slotsFor(items, 'month', zone) };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * A period's local start as the axis prints it: "20 Nov 14:00" or "20 Nov" or "Nov 2026", the year added where it is
 * needed, and the UTC offset after an hour a clock turned back prints twice (`offset`, for both of the two).
 */
export function periodLabel(start: string, unit: ChartUnit, withYear: boolean, offset = ''): string {
  const month = MONTHS[Number(start.slice(5, 7)) - 1]!;
  if (unit === 'month') return `${month} ${start.slice(0, 4)}`;
  const day = `${Number(start.slice(8, 10))} ${month}${withYear ? ` ${start.slice(0, 4)}` : ''}`;
  return unit === 'hour' ? `${day} ${start.slice(11, 16)}${offset ? ` (${offset})` : ''}` : day;
}

/** Each period slot's label, the offset added to both hours of a pair a clock turned back prints alike. Pure. */
export function slotLabels(slots: readonly ChartSlot[], unit: ChartUnit, withYear: boolean): string[] {
  return slots.map((slot, i) => {
    if (slot.kind === 'break') return '';
    const next = slots[i + 1];
    const twin = slot.repeated || (next?.kind === 'period' && next.repeated);
    return periodLabel(slot.start, unit, withYear, twin ? slot.offset : '');
  });
}

const UNIT_WORDS: Record<ChartUnit, string> = { hour: 'hour', day: 'day', week: 'week (from Monday)', month: 'month' };
const SIDE_WORDS: Record<Stance, string> = { pro: 'For', against: 'Against', neutral: 'Neither' };

/** The drawing area, in SVG user units: narrow enough that its text still reads on a 360 px screen. */
export const CHART_BOX = { width: 420, height: 250, left: 34, right: 8, top: 22, bottom: 46 };
/** A break is drawn this much narrower than a period's column. */
const BREAK_WIDTH = 0.6;
const MAX_X_LABELS = 4;

/** A round number at or above n for the y axis' top: 1, 2, 5, 10, 20, 50... */
function niceCeil(n: number): number {
  const p = 10 ** Math.floor(Math.log10(Math.max(1, n)));
  return [1, 2, 5, 10].map((m) => m * p).find((v) => v >= n)!;
}

/**
 * The chart's shapes: for each period a column of three stacked bars (for at the bottom, then against,
 * then neither), each as tall as that side's total so far; a break mark where a quiet stretch was left
 * out; the y axis' ticks and the x axis' labels (first and last period, and after each break). Pure.
 */
export function drawStanceChart(unit: ChartUnit, slots: readonly ChartSlot[]) {
  const { width, height, left, right, top, bottom } = CHART_BOX;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const last = [...slots].reverse().find((s) => s.kind === 'period');
  const grand = last && last.kind === 'period' ? STANCES.reduce((n, s) => n + last.total[s], 0) : 0;
  const max = niceCeil(grand);
  const units = slots.reduce((n, s) => n + (s.kind === 'break' ? BREAK_WIDTH : 1), 0);
  const step = plotW / Math.max(1, units);
  const barW = Math.max(1, step * 0.78);
  const y = (n: number) => top + plotH - (n * plotH) / max;
  const years = new Set(slots.map((s) => (s.kind === 'period' ? s.start.slice(0, 4) : ''))).size > 2;
  let x = left;
  const columns: { x: string; width: string; bars: { side: Stance; y: string; height: string; title: string }[] }[] = [];
  const breaks: { x: string; title: string }[] = [];
  const labelled: { at: number; text: string }[] = [];
  const labels = slotLabels(slots, unit, years || unit === 'month');
  slots.forEach((slot, i) => {
    if (slot.kind === 'break') {
      breaks.push({ x: (x + (step * BREAK_WIDTH) / 2).toFixed(1), title: `${slot.skipped} quiet ${UNIT_WORDS[unit].split(' ')[0]}s left out` });
      x += step * BREAK_WIDTH;
      return;
    }
    let base = 0;
    const label = labels[i]!;
    const bars = STANCES.map((side) => {
      const h = (slot.total[side] * plotH) / max;
      base += slot.total[side];
      return {
        side,
        y: y(base).toFixed(1),
        height: h.toFixed(1),
        title: `${label}: ${SIDE_WORDS[side]} ${slot.total[side]} so far (${slot.counts[side]} new)`,
      };
    });
    columns.push({ x: (x + (step - barW) / 2).toFixed(1), width: barW.toFixed(1), bars: bars.filter((b) => b.height !== '0.0') });
    if (i === 0 || i === slots.length - 1 || slots[i - 1]?.kind === 'break') labelled.push({ at: x + step / 2, text: label });
    x += step;
  });
  // Labels that would overlap give way: at most a few, the first and last kept.
  const minGap = plotW / MAX_X_LABELS;
  const xLabels = labelled.filter((l, i) => i === 0 || i === labelled.length - 1 || (l.at - labelled[0]!.at >= minGap && labelled.at(-1)!.at - l.at >= minGap));
  const deduped = xLabels.filter((l, i) => i === 0 || l.at - xLabels[i - 1]!.at >= minGap / 2);
  return {
    width,
    height,
    axis: { x1: left, x2: width - right, y: top + plotH, yTop: top },
    yTicks: [0, max / 2, max]
      .filter((v, i, all) => Number.isInteger(v) && all.indexOf(v) === i)
      .map((v) => ({ text: String(v), x: left - 5, y: (y(v) + 4).toFixed(1), lineY: y(v).toFixed(1) })),
    yTitle: { text: 'Comments and remarks so far', x: left, y: 12 },
    xTitle: { text: `Per ${UNIT_WORDS[unit]}${breaks.length ? ', quiet stretches left out (≈)' : ''}`, x: left + plotW / 2, y: height - 6 },
    columns,
    breaks: breaks.map((b) => ({ ...b, y: top + plotH })),
    xLabels: deduped.map((l, i) => ({
      text: l.text,
      x: l.at.toFixed(1),
      y: top + plotH + 16,
      anchor: deduped.length === 1 ? 'middle' : i === 0 ? 'start' : i === deduped.length - 1 ? 'end' : 'middle',
    })),
  };
}
