import type { Post } from '../db/schema.js';
import { STANCES, type Stance } from '../shared/stances.js';
import type { ReviewItem } from './review-items.js';
import type { listViewChangesForPost } from '../debate/view-change.repository.js';

type ViewChangeRow = Awaited<ReturnType<typeof listViewChangesForPost>>[number];
import type { StanceSettings } from '../settings/stance-settings.js';
import { findSideChanges, topParticipantsBySide } from './review-summary.js';
import { chooseChartSlots, drawStanceChart, slotLabels } from './stance-chart.js';
import type { TimeFormat } from '../shared/time.js';

const SIDE_WORDS: Record<Stance, string> = { pro: 'For', against: 'Against', neutral: 'Neither' };

/**
 * Everything the per-post summary page prints. The side totals leave out automatic labels below the site's unsure
 * threshold and count them apart, as the sidebar does, and leave staff remark carriers out as it does; the chart and the most active lists read every label. Pure.
 */
export function buildSummaryPage(
  post: Pick<Post, 'id' | 'title' | 'slug' | 'subject_name'>,
  allItems: readonly ReviewItem[],
  options: { canLabel: boolean; settings: StanceSettings; time: TimeFormat; viewChanges?: readonly ViewChangeRow[] },
) {
  const { settings, time } = options;
  // Staff comments that only carry remarks are no side of the debate; the remarks they carry are.
  const items = allItems.filter((i) => !i.remarkCarrier);
  const { unit, slots } = chooseChartSlots(items, time);
  const labels = slotLabels(slots, unit, true);
  const periods = slots.flatMap((slot, i) => (slot.kind === 'period' ? [{ ...slot, label: labels[i]! }] : []));
  const top = topParticipantsBySide(items);
  const totals = { pro: 0, against: 0, neutral: 0 };
  let unsure = 0;
  for (const item of items) {
    if (item.current && item.lowConfidence) unsure += 1;
    else if (item.current) totals[item.current.label] += 1;
  }
  return {
    post: { id: post.id, title: post.title, subjectName: post.subject_name, href: `/posts/${post.slug}` },
    reviewHref: `/staff/stances?post=${post.id}`,
    reviewText: options.canLabel ? 'Review the labels' : 'Every comment with its label',
    remarksHref: `/staff/posts/${post.id}/remarks`,
    csvHref: `/staff/posts/${post.id}/stances.csv`,
    jsonHref: `/staff/posts/${post.id}/stances.json`,
    hasDays: periods.length > 0,
    periodWord: unit === 'week' ? 'week (from Monday)' : unit,
    timeZone: time.timeZone,
    chart: drawStanceChart(unit, slots),
    chartSummary: STANCES.map((s) => `${SIDE_WORDS[s]} ${totals[s]}`).join(', '),
    // The table lists only periods with something in them, by the chart's bucket.
    days: periods
      .filter((d) => d.counts.pro + d.counts.against + d.counts.neutral > 0)
      .map((d) => ({
        date: d.label,
        start: d.datetime,
        pro: d.counts.pro,
        against: d.counts.against,
        neutral: d.counts.neutral,
      })),
    sides: STANCES.map((s) => ({ side: s, name: SIDE_WORDS[s], total: totals[s], top: top[s] })),
    unsure: { count: unsure, percent: Math.round(settings.unsureBelow * 100) },
    changes: [
      ...findSideChanges(items).map((c) => ({ ...c, fromWord: SIDE_WORDS[c.from], toWord: SIDE_WORDS[c.to], by: null })),
      // A commenter's "this changed my view", with the comment that did it and their reason.
      ...(options.viewChanges ?? []).map((v) => ({
        participant: v.changer_name,
        from: v.from_stance ?? 'none',
        to: v.to_stance,
        at: v.created_at,
        fromWord: v.from_stance ? SIDE_WORDS[v.from_stance] : 'No side',
        toWord: SIDE_WORDS[v.to_stance],
        by: { authorName: v.author_name, href: `/posts/${post.slug}/comments/${v.comment_id}`, reason: v.reason },
      })),
    ]
      .sort((a, b) => a.at.localeCompare(b.at))
      .map((c) => ({ ...c, atText: /^\d{4}-/.test(c.at) ? time.dateTime(c.at) : c.at })),
  };
}
