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

/** "26 November 2026" for an ISO time, in UTC. */
export function formatDate(iso: string): string {
  const d = new Date(iso);
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

/** "26 November 2026 at 02:52 UTC" for an ISO time. */
export function formatAbsolute(iso: string): string {
  const d = new Date(iso);
  const hh = String(d.getUTCHours()).padStart(2, '0');
  const mm = String(d.getUTCMinutes()).padStart(2, '0');
  return `${formatDate(iso)} at ${hh}:${mm} UTC`;
}
