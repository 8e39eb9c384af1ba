// Relative "posted …" labels, as group pages print them, turned into the dates they stood for.

/** Longer than any relative label a group page prints; longer lines are remark text, not labels. */
export const MAX_POSTED_LABEL_CHARS = 100;

type Unit = 'second' | 'minute' | 'hour' | 'day' | 'week' | 'month' | 'year';

const SECOND_MS = 1000;
const MINUTE_MS = 60 * SECOND_MS;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
const WEEK_MS = 7 * DAY_MS;

// "m" is minutes and "mo" months, as in LinkedIn's compact labels ("5m", "3mo"). Maps, not object
// literals, so a label like "3 constructor ago" cannot reach Object.prototype.
const UNITS = new Map<string, Unit>(
  Object.entries({
    s: 'second',
    sec: 'second',
    secs: 'second',
    second: 'second',
    seconds: 'second',
    m: 'minute',
    min: 'minute',
    mins: 'minute',
    minute: 'minute',
    minutes: 'minute',
    h: 'hour',
    hr: 'hour',
    hrs: 'hour',
    hour: 'hour',
    hours: 'hour',
    d: 'day',
    day: 'day',
    days: 'day',
    w: 'week',
    wk: 'week',
    wks: 'week',
    week: 'week',
    weeks: 'week',
    mo: 'month',
    mos: 'month',
    month: 'month',
    months: 'month',
    y: 'year',
    yr: 'year',
    yrs: 'year',
    year: 'year',
    years: 'year',
  } satisfies Record<string, Unit>),
);

const WORD_AMOUNTS = new Map<string, number>(
  Object.entries({
    a: 1,
    an: 1,
    one: 1,
    two: 2,
    three: 3,
    four: 4,
    five: 5,
    six: 6,
    seven: 7,
    eight: 8,
    nine: 9,
    ten: 10,
    eleven: 11,
    twelve: 12,
  }),
);

const NOW_WORDS = new Set(['now', 'just now', 'moments ago', 'a moment ago', 'seconds ago', 'a few seconds ago', 'today']);
// Approximations ("about 2 hours ago") stand for the plain amount; the label keeps the wording.
const QUALIFIER = /^(?:about|around|approximately|approx\.?|almost|nearly|over|more than|less than|under|~)\s*/;
const DIGIT_AMOUNT = /^(\d{1,6})\s*([a-z]+)(?:\s+ago)?$/;
const WORD_AMOUNT = /^([a-z]+)\s+([a-z]+)(?:\s+ago)?$/;
const LAST_UNIT = /^last\s+([a-z]+)$/;
// A "posted …" line whose date we cannot read is still a label ("posted on 3 March"), not remark text.
const POSTED_PREFIX = /^posted\s+\S/i;
const MAX_POSTED_WORDS = 6;

function normaliseLabel(label: string): string {
  return label
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[·•|–-]\s*/, '')
    .replace(/^posted\s*/, '')
    .replace(/\s*\(?edited\)?$/, '')
    .replace(/[.!]+$/, '')
    .replace(/^a couple of /, '2 ')
    .replace(QUALIFIER, '')
    .trim();
}

function isValidDate(date: Date): boolean {
  return date instanceof Date && Number.isFinite(date.getTime());
}

// Calendar months in UTC, clamped to the month's last day, so "1 month ago" on 31 March is 29 February.
function subtractMonths(now: Date, months: number): Date {
  const result = new Date(now.getTime());
  const day = result.getUTCDate();
  result.setUTCDate(1);
  result.setUTCMonth(result.getUTCMonth() - months);
  const lastDay = new Date(result.getTime());
  lastDay.setUTCMonth(lastDay.getUTCMonth() + 1, 0);
  result.setUTCDate(Math.min(day, lastDay.getUTCDate()));
  return result;
}

function subtract(now: Date, amount: number, unit: Unit): Date | null {
  const t = now.getTime();
  const units: Record<Unit, () => Date> = {
    second: () => new Date(t - amount * SECOND_MS),
    minute: () => new Date(t - amount * MINUTE_MS),
    hour: () => new Date(t - amount * HOUR_MS),
    day: () => new Date(t - amount * DAY_MS),
    week: () => new Date(t - amount * WEEK_MS),
    month: () => subtractMonths(now, amount),
    year: () => subtractMonths(now, amount * 12),
  };
  const result = units[unit]();
  return isValidDate(result) ? result : null;
}

function amountAndUnit(text: string): { amount: number; unit: Unit } | null {
  const last = LAST_UNIT.exec(text);
  if (last) {
    const unit = UNITS.get(last[1] ?? '');
    return unit === 'day' || unit === 'week' || unit === 'month' || unit === 'year' ? { amount: 1, unit } : null;
  }
  const digits = DIGIT_AMOUNT.exec(text);
  const words = digits ? null : WORD_AMOUNT.exec(text);
  const amount = digits ? Number(digits[1]) : WORD_AMOUNTS.get(words?.[1] ?? '');
  const unit = UNITS.get((digits ?? words)?.[2] ?? '');
  return amount !== undefined && unit ? { amount, unit } : null;
}

/** Turns 'posted 3 days ago' / '2 weeks ago' / 'yesterday' / '5 minutes ago' / '1 month ago' into a date relative to now; null if unknown. */
export function parsePostedLabel(label: string, now: Date): Date | null {
  if (typeof label !== 'string' || label.length > MAX_POSTED_LABEL_CHARS || !isValidDate(now)) return null;
  const text = normaliseLabel(label);
  if (text === '') return null;
  // Day-sized labels stand for the same clock time on that day: the page never said which hour.
  if (NOW_WORDS.has(text)) return new Date(now.getTime());
  if (text === 'yesterday') return subtract(now, 1, 'day');
  const parsed = amountAndUnit(text);
  return parsed ? subtract(now, parsed.amount, parsed.unit) : null;
}

/** Whether a whole line is a posted label: one we can read, or a short "posted …" we cannot. */
export function isPostedLabelLine(line: string): boolean {
  const text = line.trim();
  if (text === '' || text.length > MAX_POSTED_LABEL_CHARS) return false;
  if (parsePostedLabel(text, new Date(0)) !== null) return true;
  return POSTED_PREFIX.test(text) && text.split(/\s+/).length <= MAX_POSTED_WORDS && !/[?!]$/.test(text);
}

/** The label as pasted, with its whitespace tidied; the stored label keeps words like "posted". */
export function tidyPostedLabel(line: string): string {
  return line.replace(/\s+/g, ' ').trim();
}
