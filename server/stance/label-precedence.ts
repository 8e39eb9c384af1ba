import type { Stance, StanceSource } from '../shared/stances.js';

const PRECEDENCE: Record<StanceSource, number> = { auto: 0, self: 1, moderator: 2 };

/** A label row as the precedence rule needs it. */
export interface LabelCore {
  label: Stance;
  source: StanceSource;
  confidence: number;
}

export interface LabelLike extends LabelCore {
  cues: string;
}

export interface CurrentLabel {
  label: Stance;
  source: StanceSource;
  confidence: number;
  cues: string[];
  /** The classifier's latest label, kept beside the winner so reviewers can compare. */
  auto: { label: Stance; confidence: number; cues: string[] } | null;
  self: Stance | null;
}

function parseCues(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((c): c is string => typeof c === 'string') : [];
  } catch {
    return [];
  }
}

/**
 * The label an item carries now, from its history oldest first: a moderator's word beats the
 * commenter's own, which beats the classifier's; within a source the latest wins. Pure.
 */
export function pickCurrentLabel(history: readonly LabelLike[]): CurrentLabel | null {
  const best = pickCurrentRow(history);
  if (!best) return null;
  let auto: LabelLike | undefined;
  let self: LabelLike | undefined;
  for (const row of history) {
    if (row.source === 'auto') auto = row;
    if (row.source === 'self') self = row;
  }
  return {
    label: best.label,
    source: best.source,
    confidence: best.confidence,
    cues: parseCues(best.cues),
    auto: auto ? { label: auto.label, confidence: auto.confidence, cues: parseCues(auto.cues) } : null,
    self: self?.label ?? null,
  };
}

/** The row of a history (oldest first) that is the item's label now, by the precedence above. Pure. */
export function pickCurrentRow<T extends LabelCore>(history: readonly T[]): T | undefined {
  let best: T | undefined;
  for (const row of history) if (!best || PRECEDENCE[row.source] >= PRECEDENCE[best.source]) best = row;
  return best;
}

/** Label rows grouped by the id `idOf` gives (rows it gives null are left out), each history in the order given. */
function groupHistories<T>(rows: readonly T[], idOf: (row: T) => number | null): Map<number, T[]> {
  const groups = new Map<number, T[]>();
  for (const row of rows) {
    const id = idOf(row);
    if (id === null) continue;
    const list = groups.get(id);
    if (list) list.push(row);
    else groups.set(id, [row]);
  }
  return groups;
}

/** Groups label rows by target and picks each target's current label. Pure. */
export function currentLabelsByTarget<T extends LabelLike & { comment_id: number | null; remark_id: number | null }>(rows: readonly T[]) {
  const pick = (m: Map<number, T[]>) => new Map([...m].map(([id, list]) => [id, pickCurrentLabel(list)!]));
  return {
    comments: pick(groupHistories(rows, (row) => row.comment_id)),
    remarks: pick(groupHistories(rows, (row) => (row.comment_id === null ? row.remark_id : null))),
  };
}

/** Each comment's current label row, without reading its cues: for the classifier's context. Pure. */
export function currentRowsByComment<T extends LabelCore & { comment_id: number | null }>(rows: readonly T[]): Map<number, T> {
  return new Map([...groupHistories(rows, (row) => row.comment_id)].map(([id, history]) => [id, pickCurrentRow(history)!]));
}
