// Sidebar tallies of stance labels over a post's approved comments and remarks. Pure.
import { STANCES, STANCE_SOURCES, type Stance, type StanceSource } from '../shared/stances.js';

export interface TallyItem {
  participant: string;
  kind: 'comment' | 'remark';
  label: Stance;
  source: StanceSource;
  /** UTC ISO-8601; orders a participant's labels so the latest wins. */
  createdAt: string;
}

export interface StanceTally {
  total: number;
  counts: Record<Stance, number>;
  /** counts / total, 0 when there is nothing to count. */
  shares: Record<Stance, number>;
  /** Each participant counted once, by their latest label. */
  byParticipant: Record<Stance, number>;
  participants: number;
  bySource: Record<StanceSource, number>;
  comments: Record<Stance, number>;
  remarks: Record<Stance, number>;
}

const zeroStances = (): Record<Stance, number> => ({ pro: 0, against: 0, neutral: 0 });

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
  for (const s of STANCES) shares[s] = total ? counts[s] / total : 0;
  return { total, counts, shares, byParticipant, participants: latest.size, bySource, comments, remarks };
}
