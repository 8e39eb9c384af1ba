// Formatting by hand rather than with Intl: a 5,000-comment page formats 10,000 times per request.
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

const UNITS: [string, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

/** "3 days ago" (or "in 2 hours") for an ISO time relative to now. */
export function formatRelative(iso: string, now: Date): string {
  const seconds = Math.round((now.getTime() - Date.parse(iso)) / 1000);
  for (const [unit, size] of UNITS) {
    const n = Math.trunc(Math.abs(seconds) / size);
    if (n >= 1) {
      const words = `${n} ${unit}${n === 1 ? '' : 's'}`;
      return seconds >= 0 ? `${words} ago` : `in ${words}`;
    }
  }
  return 'just now';
}

/**
 * The moment (ms since the epoch) at which formatRelative(iso, ·) first prints something else than
 * it prints at `now`: a cached page that shows relative times is good until the earliest of these. Pure.
 */
export function relativeLabelChangesAt(iso: string, now: Date): number {
  const then = Date.parse(iso);
  const seconds = Math.round((now.getTime() - then) / 1000);
  // A time still ahead counts down; re-check it each minute rather than mirror the countdown.
  if (seconds < 0) return now.getTime() + 60_000;
  let next = Infinity;
  for (const [, size] of UNITS) {
    const n = Math.trunc(seconds / size);
    // The label shows the largest unit that fits; it changes when that count grows or a larger unit starts to fit.
    next = Math.min(next, (n + 1) * size);
    if (n >= 1) break;
  }
  // formatRelative rounds to the nearest second, so the label turns half a second early.
  return then + next * 1000 - 500;
}

/** The date formats an admin chooses from; this constant drives the type, the zod enum and the form's labels. */
export const DATE_FORMATS = ['long', 'iso', 'us'] as const;
export type DateFormat = (typeof DATE_FORMATS)[number];
/** How each format prints a moment, as the settings form shows it. */
export const DATE_FORMAT_EXAMPLES: Record<DateFormat, string> = {
  long: '2 December 2026, 14:05',
  iso: '2026-12-02 14:05',
  us: 'Dec 2, 2026 at 2:05 pm',
};

/** Dates and times as people read them, in the site's time zone; machine attributes (datetime=, feeds) stay ISO UTC. */
export interface TimeFormat {
  readonly timeZone: string;
  readonly format: DateFormat;
  /** "2 December 2026" (or "2026-12-02", "Dec 2, 2026"). */
  date(iso: string): string;
  /** "2 December 2026, 14:05" (or "2026-12-02 14:05", "Dec 2, 2026 at 2:05 pm"). */
  dateTime(iso: string): string;
  /** The zone's short name at that moment: "CET", "GMT-5", "UTC". */
  zoneName(iso: string): string;
  /** The zone's offset from UTC (ms) at a moment (ms since the epoch): local wall-clock time is ms + offsetAt(ms). */
  offsetAt(ms: number): number;
  /** The moment (ISO UTC) a local YYYY-MM-DD day begins: its first midnight, or the end of a gap that skips it. */
  dayStart(date: string): string;
}

/** Whether Intl knows this IANA time zone name. */
export function isTimeZone(tz: string): boolean {
  if (tz.trim() === '' || tz !== tz.trim()) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** Past this many remembered hours the offsets are forgotten and found again (a bound, not a tuning). */
const MAX_REMEMBERED_HOURS = 200_000;
const SHORT_MONTHS = MONTHS.map((m) => m.slice(0, 3));
const pad = (n: number) => String(n).padStart(2, '0');

/**
 * The zone's offset from UTC (ms) at a moment. Intl is asked once per hour of time, at the hour's two ends:
 * when they agree (no change of offset within it, which is every hour but the few a year around a change)
 * every moment of the hour has that offset; otherwise each moment is asked on its own.
 */
function offsetFinder(timeZone: string): (ms: number) => number {
  if (timeZone === 'UTC' || timeZone === 'Etc/UTC') return () => 0;
  const dtf = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
    era: 'short',
  });
  const exact = (ms: number): number => {
    const at = Math.floor(ms / 1000) * 1000;
    const f: Record<string, string> = {};
    for (const p of dtf.formatToParts(at)) f[p.type] = p.value;
    const year = f.era === 'BC' ? 1 - Number(f.year) : Number(f.year);
    const local = Date.UTC(year, Number(f.month) - 1, Number(f.day), Number(f.hour), Number(f.minute), Number(f.second));
    return local - at;
  };
  const byHour = new Map<number, number | null>();
  return (ms) => {
    const hour = Math.floor(ms / HOUR_MS);
    let offset = byHour.get(hour);
    if (offset === undefined) {
      if (byHour.size >= MAX_REMEMBERED_HOURS) byHour.clear();
      const start = exact(hour * HOUR_MS);
      offset = start === exact((hour + 1) * HOUR_MS - 1000) ? start : null;
      byHour.set(hour, offset);
    }
    return offset ?? exact(ms);
  };
}

/**
 * The first moment whose local wall-clock time is `wall` (ms, read as if UTC), from the offsets just before and
 * after it: the earlier of two when a clock turned back repeats it, the moment the clock jumped when it skipped it.
 */
function firstMomentAt(wall: number, offsetAt: (ms: number) => number): number {
  const candidates = [wall - offsetAt(wall - 2 * DAY_MS), wall - offsetAt(wall + 2 * DAY_MS)];
  const exact = candidates.filter((t) => t + offsetAt(t) === wall);
  return exact.length > 0 ? Math.min(...exact) : Math.max(...candidates);
}

const formats = new Map<string, TimeFormat>();

/**
 * The formatter of a time zone and date format, made once per pair and shared (pure: the same input
 * always prints the same). Formats by hand on the shifted time (not with Intl per call), for long threads.
 */
export function makeTimeFormat(timeZone: string, format: DateFormat): TimeFormat {
  const key = `${timeZone}|${format}`;
  let made = formats.get(key);
  if (made) return made;
  const offsetAt = offsetFinder(timeZone);
  const zoneNames = new Intl.DateTimeFormat('en-GB', { timeZone, timeZoneName: 'short' });
  const local = (iso: string) => {
    const ms = Date.parse(iso);
    return new Date(ms + offsetAt(ms));
  };
  const dateOf = (d: Date): string => {
    const [y, m, day] = [d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()];
    if (format === 'iso') return `${y}-${pad(m + 1)}-${pad(day)}`;
    if (format === 'us') return `${SHORT_MONTHS[m]} ${day}, ${y}`;
    return `${day} ${MONTHS[m]} ${y}`;
  };
  const timeOf = (d: Date): string => {
    const [h, min] = [d.getUTCHours(), d.getUTCMinutes()];
    if (format === 'us') return `${h % 12 === 0 ? 12 : h % 12}:${pad(min)} ${h < 12 ? 'am' : 'pm'}`;
    return `${pad(h)}:${pad(min)}`;
  };
  const separator = format === 'iso' ? ' ' : format === 'us' ? ' at ' : ', ';
  made = Object.freeze({
    timeZone,
    format,
    date: (iso: string) => dateOf(local(iso)),
    dateTime: (iso: string) => {
      const d = local(iso);
      return `${dateOf(d)}${separator}${timeOf(d)}`;
    },
    zoneName: (iso: string) => zoneNames.formatToParts(new Date(iso)).find((p) => p.type === 'timeZoneName')?.value ?? timeZone,
    offsetAt,
    dayStart: (date: string) => new Date(firstMomentAt(Date.parse(`${date}T00:00:00.000Z`), offsetAt)).toISOString(),
  });
  formats.set(key, made);
  return made;
}
