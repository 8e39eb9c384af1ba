// The stance review list: each item's current label beside the automatic and self labels,
// filtered, with the items most likely wrong first. Pure.
import { currentLabelsByTarget, type CurrentLabel } from '../stance/label-precedence.js';
import type { LabelRow } from '../stance/stance.repository.js';
import type { Stance, StanceSource } from '../shared/stances.js';
import type { ReviewTarget } from './review.repository.js';
import { isUnsure, type StanceSettings } from '../settings/stance-settings.js';

export interface ReviewItem {
  key: string;
  kind: 'comment' | 'remark';
  id: number;
  postId: number;
  postTitle: string;
  postSlug: string;
  /** The comment it answers (or, for a remark, the comment that carries it), with its author and text. */
  parent: { id: number; author: string; text: string } | null;
  author: string;
  text: string;
  saidAt: string;
  current: CurrentLabel | null;
  /** The commenter's own label and the classifier's differ (however sure the classifier is), and no moderator decided. */
  disagreement: boolean;
  /** A staff comment that carries pasted remarks: not a participant, left out of the per-post summary. */
  remarkCarrier: boolean;
  /** No label, or an automatic one below the site's unsure threshold: the sidebar counts it as unsure. */
  lowConfidence: boolean;
}

export interface ReviewFilter {
  label: Stance | null;
  source: StanceSource | null;
  /** Only items whose current confidence is at most this. */
  maxConfidence: number | null;
  needsReview: boolean;
}

/** Joins targets with their label history; "low confidence" is the sidebar's unsure, by the same setting. */
export function buildReviewItems(targets: readonly ReviewTarget[], labels: readonly LabelRow[], settings: StanceSettings): ReviewItem[] {
  const current = currentLabelsByTarget(labels);
  const carrying = new Set(targets.filter((t) => t.kind === 'remark').map((t) => t.parent_id));
  return targets.map((t) => {
    const label = (t.kind === 'comment' ? current.comments : current.remarks).get(t.id) ?? null;
    const disagreement = !!label?.self && !!label.auto && label.self !== label.auto.label && label.source !== 'moderator';
    const lowConfidence = label === null || isUnsure(label, settings);
    return {
      key: `${t.kind === 'comment' ? 'c' : 'r'}${t.id}`,
      kind: t.kind,
      id: t.id,
      postId: t.post_id,
      postTitle: t.post_title,
      postSlug: t.post_slug,
      parent: t.parent_id === null ? null : { id: t.parent_id, author: t.parent_author ?? '', text: t.parent_text ?? '' },
      author: t.author_name,
      text: t.body_raw,
      saidAt: t.said_at,
      current: label,
      disagreement,
      remarkCarrier: t.kind === 'comment' && t.staff_badge !== null && carrying.has(t.id),
      lowConfidence,
    };
  });
}

/** Applies the filters. */
export function filterReviewItems(items: readonly ReviewItem[], filter: ReviewFilter): ReviewItem[] {
  return items.filter((item) => {
    const c = item.current;
    if (filter.label && c?.label !== filter.label) return false;
    if (filter.source && c?.source !== filter.source) return false;
    if (filter.maxConfidence !== null && (c?.confidence ?? 0) > filter.maxConfidence) return false;
    if (filter.needsReview && !item.disagreement && !item.lowConfidence) return false;
    return true;
  });
}

function rank(item: ReviewItem): number {
  if (item.disagreement) return 0;
  if (item.lowConfidence) return 1;
  return item.current?.source === 'moderator' ? 3 : 2;
}

/** Self-vs-auto disagreements first, then low confidence (least sure first), then the rest, newest first. */
export function sortReviewItems(items: readonly ReviewItem[]): ReviewItem[] {
  return [...items].sort(
    (a, b) => rank(a) - rank(b) || (a.current?.confidence ?? 0) - (b.current?.confidence ?? 0) || b.saidAt.localeCompare(a.saidAt) || b.id - a.id,
  );
}
