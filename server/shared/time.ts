// Formatting by hand rather than with Intl: a 5,000-comment page formats 10,000 times per request.
const MONTHS = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
];

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
