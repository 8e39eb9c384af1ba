// Sidebar tallies of stance labels over a post's approved comments and remarks. Pure.
import { STANCES, STANCE_SOURCES, type Stance, type StanceSource } from '../shared/stances.js';

/** A side in the tallies: a stance, or unsure for an automatic label below the site's threshold. */
export type TallySide = Stance | 'unsure';
export const TALLY_SIDES: readonly TallySide[] = [...STANCES, 'unsure'];

export interface TallyItem {
  participant: string;
  kind: 'comment' | 'remark';
  label: TallySide;
  source: StanceSource;
  /** UTC ISO-8601; orders a participant's labels so the latest wins. */
  createdAt: string;
}

export interface StanceTally {
  total: number;
  counts: Record<TallySide, number>;
  /** counts / total, 0 when there is nothing to count. */
  shares: Record<TallySide, number>;
  /** Each participant counted once, by their latest label. */
  byParticipant: Record<TallySide, number>;
  participants: number;
  bySource: Record<StanceSource, number>;
  comments: Record<TallySide, number>;
  remarks: Record<TallySide, number>;
}

const zeroStances = (): Record<TallySide, number> => ({ pro: 0, against: 0, neutral: 0, unsure: 0 });

/** Counts, shares, per-participant latest labels and label sources for the sidebar. */
export function tallyStances(items: readonly TallyItem[]): StanceTally {
  const counts = zeroStances();
  const comments = zeroStances();
  const remarks = zeroStances();
  const bySource = Object.fromEntries(STANCE_SOURCES.map((s) => [s, 0])) as Record<StanceSource, number>;
  const latest = new Map<string, TallyItem>();
  for (const item of items) {
    counts[item.label] += 1;
    (item.kind === 'comment' ? comments : remarks)[item.label] += 1;
    bySource[item.source] += 1;
    const key = item.participant.trim().toLowerCase();
    const seen = latest.get(key);
    // ISO-8601 UTC strings sort chronologically; on a tie the later item in the list wins.
    if (!seen || seen.createdAt <= item.createdAt) latest.set(key, item);
  }
  const byParticipant = zeroStances();
  for (const item of latest.values()) byParticipant[item.label] += 1;
  const total = items.length;
  const shares = zeroStances();
  for (const s of TALLY_SIDES) shares[s] = total ? counts[s] / total : 0;
  return { total, counts, shares, byParticipant, participants: latest.size, bySource, comments, remarks };
}
