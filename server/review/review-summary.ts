// The per-post stance summary for moderators: daily counts, most active per side, side changes. Pure.
import type { Stance } from '../shared/stances.js';
import type { TimeFormat } from '../shared/time.js';
import type { ReviewItem } from './review-items.js';

export interface DayCount {
  date: string;
  counts: Record<Stance, number>;
}

export interface SideChange {
  participant: string;
  from: Stance;
  to: Stance;
  at: string;
}

const TOP_PER_SIDE = 5;
const zero = (): Record<Stance, number> => ({ pro: 0, against: 0, neutral: 0 });

export type PeriodUnit = 'day' | 'week' | 'month';
/** Spans up to this many days are counted per day, then per week up to two years, then per month. */
const MAX_DAILY_SPAN_DAYS = 92;
const MAX_WEEKLY_SPAN_DAYS = 731;
const DAY_MS = 86_400_000;

function periodStart(date: string, unit: PeriodUnit): string {
  if (unit === 'day') return date;
  if (unit === 'month') return `${date.slice(0, 7)}-01`;
  const d = new Date(`${date}T00:00:00Z`);
  return new Date(d.getTime() - ((d.getUTCDay() + 6) % 7) * DAY_MS).toISOString().slice(0, 10);
}

function nextPeriod(start: string, unit: PeriodUnit): string {
  const d = new Date(`${start}T00:00:00Z`);
  if (unit === 'month') d.setUTCMonth(d.getUTCMonth() + 1);
  else d.setUTCDate(d.getUTCDate() + (unit === 'week' ? 7 : 1));
  return d.toISOString().slice(0, 10);
}

/** The local date (YYYY-MM-DD in the site's zone) of an ISO time. */
const localDate = (iso: string, zone: Pick<TimeFormat, 'offsetAt'>) => {
  const ms = Date.parse(iso);
  return new Date(ms + zone.offsetAt(ms)).toISOString().slice(0, 10);
};

/**
 * Items per period and current label, every period from the first to the last included: per local day
 * (the site's time zone) for short debates, per week or month for long ones, so the chart stays a few dozen points.
 */
export function countByPeriod(items: readonly ReviewItem[], zone: Pick<TimeFormat, 'offsetAt'>): { unit: PeriodUnit; periods: DayCount[] } {
  const dated = items.filter((i) => i.current && /^\d{4}-\d{2}-\d{2}T/.test(i.saidAt) && Number.isFinite(Date.parse(i.saidAt)));
  if (dated.length === 0) return { unit: 'day', periods: [] };
  const dates = dated.map((i) => localDate(i.saidAt, zone)).sort();
  const span = (Date.parse(dates.at(-1)!) - Date.parse(dates[0]!)) / DAY_MS;
  const unit: PeriodUnit = span <= MAX_DAILY_SPAN_DAYS ? 'day' : span <= MAX_WEEKLY_SPAN_DAYS ? 'week' : 'month';
  const buckets = new Map<string, Record<Stance, number>>();
  for (const item of dated) {
    const key = periodStart(localDate(item.saidAt, zone), unit);
    const counts = buckets.get(key) ?? zero();
    counts[item.current!.label] += 1;
    buckets.set(key, counts);
  }
  const last = periodStart(dates.at(-1)!, unit);
  const periods: DayCount[] = [];
  for (let date = periodStart(dates[0]!, unit); date <= last; date = nextPeriod(date, unit)) {
    periods.push({ date, counts: buckets.get(date) ?? zero() });
  }
  return { unit, periods };
}

/** The most active participants on each side (by their items' current labels). */
export function topParticipantsBySide(items: readonly ReviewItem[]): Record<Stance, { name: string; count: number }[]> {
  const bySide: Record<Stance, Map<string, { name: string; count: number }>> = { pro: new Map(), against: new Map(), neutral: new Map() };
  for (const item of items) {
    if (!item.current) continue;
    const key = item.author.trim().toLowerCase();
    const entry = bySide[item.current.label].get(key) ?? { name: item.author, count: 0 };
    entry.count += 1;
    bySide[item.current.label].set(key, entry);
  }
  const top = (m: Map<string, { name: string; count: number }>) =>
    [...m.values()].sort((a, b) => b.count - a.count || a.name.localeCompare(b.name)).slice(0, TOP_PER_SIDE);
  return { pro: top(bySide.pro), against: top(bySide.against), neutral: top(bySide.neutral) };
}

/** Participants whose items went from one side (pro/against) to the other, in the order they said them. */
export function findSideChanges(items: readonly ReviewItem[]): SideChange[] {
  const byPerson = new Map<string, ReviewItem[]>();
  for (const item of items) {
    if (!item.current || item.current.label === 'neutral') continue;
    const key = item.author.trim().toLowerCase();
    byPerson.set(key, [...(byPerson.get(key) ?? []), item]);
  }
  const changes: SideChange[] = [];
  for (const list of byPerson.values()) {
    const ordered = [...list].sort((a, b) => a.saidAt.localeCompare(b.saidAt) || a.id - b.id);
    for (let i = 1; i < ordered.length; i++) {
      const before = ordered[i - 1]!;
      const after = ordered[i]!;
      if (before.current!.label !== after.current!.label) {
        changes.push({ participant: after.author, from: before.current!.label, to: after.current!.label, at: after.saidAt });
      }
    }
  }
  return changes.sort((a, b) => a.at.localeCompare(b.at));
}

// A leading = + - @ (or tab / carriage return) would make a spreadsheet run the cell as a formula.
// Semicolons and tabs are quoted too: spreadsheets set to many locales (or sniffing the separator)
// split on them, and an unquoted one would shift the rest of the row into other columns.
function csvCell(value: unknown): string {
  let text =
    typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : value == null ? '' : JSON.stringify(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",;\t\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The labels of a post's items as CSV (header row first); times stay ISO-8601 UTC, as the header says. */
export function reviewCsv(items: readonly ReviewItem[]): string {
  const header = [
    'kind',
    'id',
    'post_id',
    'parent_comment_id',
    'author',
    'said_at_utc',
    'label',
    'source',
    'confidence',
    'auto_label',
    'auto_confidence',
    'auto_cues',
    'self_label',
    'text',
  ];
  const rows = items.map((i) => [
    i.kind,
    i.id,
    i.postId,
    i.parent?.id,
    i.author,
    i.saidAt,
    i.current?.label,
    i.current?.source,
    i.current?.confidence,
    i.current?.auto?.label,
    i.current?.auto?.confidence,
    i.current?.auto?.cues.join(' | '),
    i.current?.self,
    i.text,
  ]);
  return [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** The labels and the summary as one JSON document: times ISO-8601 UTC, periods counted by the site's local days. */
export function reviewJson(post: { id: number; slug: string; title: string }, items: readonly ReviewItem[], zone: Pick<TimeFormat, 'offsetAt' | 'timeZone'>) {
  return {
    post,
    summary: {
      time_zone: zone.timeZone,
      periods: countByPeriod(items, zone),
      top_participants: topParticipantsBySide(items),
      side_changes: findSideChanges(items),
    },
    items: items.map((i) => ({
      kind: i.kind,
      id: i.id,
      author: i.author,
      said_at: i.saidAt,
      label: i.current?.label ?? null,
      source: i.current?.source ?? null,
      confidence: i.current?.confidence ?? null,
      auto: i.current?.auto ?? null,
      self: i.current?.self ?? null,
    })),
  };
}
