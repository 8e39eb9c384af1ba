import type { PublicComment } from '../comment/comment.repository.js';
import type { PublicRemark } from '../remark/remark.repository.js';
import { currentLabelsByTarget } from '../stance/label-precedence.js';
import { TALLY_SIDES, tallyStances, type TallyItem, type TallySide } from '../stance/stance-tally.js';
import type { LabelRow } from '../stance/stance.repository.js';
import { isUnsure, type StanceSettings } from '../settings/stance-settings.js';

const SIDE_NAMES: Record<TallySide, string> = { pro: 'For', against: 'Against', neutral: 'Neither', unsure: 'Unsure' };

function percent(count: number, total: number): number {
  return total === 0 ? 0 : Math.round((count / total) * 1000) / 10;
}

/** One stacked bar: SVG rectangles in a 0..100 box, and the same figures in words for screen readers. */
function bar(counts: Record<TallySide, number>) {
  const total = TALLY_SIDES.reduce((sum, s) => sum + counts[s], 0);
  let x = 0;
  // Unsure is printed only when there is some: a site with a threshold of 0 sees the three sides as before.
  const sides = TALLY_SIDES.filter((s) => s !== 'unsure' || counts.unsure > 0);
  const segments = sides.map((s) => {
    const width = total === 0 ? 0 : (counts[s] / total) * 100;
    const segment = { side: s, name: SIDE_NAMES[s], count: counts[s], percent: percent(counts[s], total), x: x.toFixed(2), width: width.toFixed(2) };
    x += width;
    return segment;
  });
  return { total, segments, summary: segments.map((s) => `${s.name} ${s.count} (${s.percent}%)`).join(', ') };
}

/**
 * Staff comments that carry pasted remarks: they introduce an outside discussion rather than take part in this
 * one, so they are left out of the tally (their remarks are counted).
 */
function remarkCarriers(comments: readonly PublicComment[], remarks: readonly PublicRemark[]): Set<number> {
  const carrying = new Set(remarks.map((r) => r.comment_id));
  return new Set(comments.filter((c) => c.staff_badge !== null && carrying.has(c.id)).map((c) => c.id));
}

/**
 * The post page's stance summary: current labels of approved comments (staff remark carriers aside) and remarks, tallied by side, an automatic
 * label below the site's threshold counted as unsure rather than as a side. Pure.
 */
export function buildStanceSidebar(subjectName: string, comments: PublicComment[], remarks: PublicRemark[], labels: LabelRow[], settings: StanceSettings) {
  const current = currentLabelsByTarget(labels);
  const items: TallyItem[] = [];
  const sideOf = (label: { label: TallySide; source: string; confidence: number }): TallySide => (isUnsure(label, settings) ? 'unsure' : label.label);
  const carriers = remarkCarriers(comments, remarks);
  for (const c of comments) {
    if (carriers.has(c.id)) continue;
    const label = current.comments.get(c.id);
    if (label) items.push({ participant: c.author_name, kind: 'comment', label: sideOf(label), source: label.source, createdAt: c.created_at });
  }
  for (const r of remarks) {
    const label = current.remarks.get(r.id);
    if (label) items.push({ participant: r.author_name, kind: 'remark', label: sideOf(label), source: label.source, createdAt: r.posted_at ?? '' });
  }
  const tally = tallyStances(items);
  return {
    subjectName,
    all: bar(tally.counts),
    byParticipant: { ...bar(tally.byParticipant), participants: tally.participants },
    onSite: bar(tally.comments),
    crossPosted: bar(tally.remarks),
    hasRemarks: remarks.length > 0,
    sources: tally.bySource,
    unsure: tally.counts.unsure,
    unsurePercent: Math.round(settings.unsureBelow * 100),
    unlabelled: comments.length - carriers.size + remarks.length - items.length,
  };
}
