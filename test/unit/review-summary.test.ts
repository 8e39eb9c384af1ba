import { describe, expect, it } from 'vitest';
import type { CurrentLabel } from '../../server/stance/label-precedence.js';
import type { Stance, StanceSource } from '../../server/shared/stances.js';
import { DEFAULT_STANCE_SETTINGS } from '../../server/settings/stance-settings.js';
import { buildReviewItems, filterReviewItems, sortReviewItems, type ReviewItem } from '../../server/review/review-items.js';
import { makeTimeFormat } from '../../server/shared/time.js';
import { countByPeriod, findSideChanges, reviewCsv, topParticipantsBySide } from '../../server/review/review-summary.js';

function item(
  id: number,
  author: string,
  saidAt: string,
  label: Stance | null,
  extra: Partial<CurrentLabel> = {},
  flags: Partial<ReviewItem> = {},
): ReviewItem {
  const current = label ? { label, source: 'auto' as StanceSource, confidence: 0.8, cues: [], auto: null, self: null, ...extra } : null;
  return {
    key: `c${id}`,
    kind: 'comment',
    id,
    postId: 1,
    postTitle: 'P',
    postSlug: 'p',
    parent: null,
    author,
    text: `text ${id}`,
    saidAt,
    current,
    disagreement: false,
    remarkCarrier: false,
    lowConfidence: false,
    ...flags,
  };
}

describe('review items', () => {
  const label = (id: number, commentId: number, l: Stance, source: StanceSource, confidence: number) => ({
    id,
    comment_id: commentId,
    remark_id: null,
    label: l,
    source,
    confidence,
    cues: '["cue"]',
    created_at: 'x',
  });
  const targets = [1, 2, 3, 4].map((id) => ({
    kind: 'comment' as const,
    id,
    post_id: 1,
    post_title: 'P',
    post_slug: 'p',
    parent_id: null,
    parent_author: null,
    parent_text: null,
    author_name: `A${id}`,
    body_raw: 'b',
    staff_badge: null,
    said_at: `2026-11-2${id}T00:00:00Z`,
  }));
  const items = buildReviewItems(
    targets,
    [
      label(1, 1, 'pro', 'auto', 0.9),
      label(2, 2, 'pro', 'auto', 0.4),
      label(3, 3, 'against', 'auto', 0.9),
      label(4, 3, 'pro', 'self', 1),
      label(5, 4, 'neutral', 'auto', 0.5),
      label(6, 4, 'against', 'moderator', 1),
    ],
    DEFAULT_STANCE_SETTINGS,
  );

  it('flags self-vs-auto disagreements and low confidence, not what a moderator settled', () => {
    expect(items.map((i) => [i.id, i.disagreement, i.lowConfidence])).toEqual([
      [1, false, false],
      [2, false, true],
      [3, true, false],
      [4, false, false],
    ]);
  });

  it('puts disagreements first, then the least sure', () => {
    expect(sortReviewItems(items).map((i) => i.id)).toEqual([3, 2, 1, 4]);
  });

  it('filters by label, source, confidence and need of review', () => {
    const none = { label: null, source: null, maxConfidence: null, needsReview: false };
    expect(filterReviewItems(items, { ...none, label: 'pro' }).map((i) => i.id)).toEqual([1, 2, 3]);
    expect(filterReviewItems(items, { ...none, source: 'moderator' }).map((i) => i.id)).toEqual([4]);
    expect(filterReviewItems(items, { ...none, maxConfidence: 0.5 }).map((i) => i.id)).toEqual([2]);
    expect(filterReviewItems(items, { ...none, needsReview: true }).map((i) => i.id)).toEqual([2, 3]);
  });
});

const UTC = makeTimeFormat('UTC', 'iso');

describe('summary', () => {
  const items = [
    item(1, 'Ana', '2026-11-20T10:00:00Z', 'pro'),
    item(2, 'Ben', '2026-11-20T11:00:00Z', 'against'),
    item(3, 'ana', '2026-11-22T09:00:00Z', 'against'),
    item(4, 'Ana', '2026-11-22T10:00:00Z', 'neutral'),
    item(5, 'Ben', '2026-11-22T12:00:00Z', 'against'),
    item(6, 'Cy', '2026-11-22T12:00:00Z', null),
  ];

  it('counts per day, filling days without items', () => {
    expect(countByPeriod(items, UTC).periods).toEqual([
      { date: '2026-11-20', counts: { pro: 1, against: 1, neutral: 0 } },
      { date: '2026-11-21', counts: { pro: 0, against: 0, neutral: 0 } },
      { date: '2026-11-22', counts: { pro: 0, against: 2, neutral: 1 } },
    ]);
  });

  it('counts by the site’s local days, not UTC ones', () => {
    const late = [item(1, 'A', '2026-11-20T23:30:00Z', 'pro'), item(2, 'B', '2026-11-21T00:30:00Z', 'against')];
    expect(countByPeriod(late, UTC).periods.map((p) => p.date)).toEqual(['2026-11-20', '2026-11-21']);
    expect(countByPeriod(late, makeTimeFormat('Europe/Berlin', 'iso')).periods).toEqual([{ date: '2026-11-21', counts: { pro: 1, against: 1, neutral: 0 } }]);
    expect(countByPeriod(late, makeTimeFormat('America/New_York', 'iso')).periods).toEqual([
      { date: '2026-11-20', counts: { pro: 1, against: 1, neutral: 0 } },
    ]);
  });

  it('counts per week, then per month, when the debate runs long', () => {
    const weeks = countByPeriod([item(1, 'A', '2026-01-07T10:00:00Z', 'pro'), item(2, 'B', '2026-05-01T10:00:00Z', 'against')], UTC);
    expect(weeks.unit).toBe('week');
    expect(weeks.periods[0]).toEqual({ date: '2026-01-05', counts: { pro: 1, against: 0, neutral: 0 } });
    expect(weeks.periods.at(-1)).toEqual({ date: '2026-04-27', counts: { pro: 0, against: 1, neutral: 0 } });
    const months = countByPeriod([item(1, 'A', '2009-04-17T10:00:00Z', 'pro'), item(2, 'B', '2026-11-26T10:00:00Z', 'against')], UTC);
    expect(months.unit).toBe('month');
    expect(months.periods).toHaveLength(212);
    expect(months.periods[0]!.date).toBe('2009-04-01');
  });

  it('ranks the most active per side and finds who changed sides', () => {
    expect(topParticipantsBySide(items).against).toEqual([
      { name: 'Ben', count: 2 },
      { name: 'ana', count: 1 },
    ]);
    expect(findSideChanges(items)).toEqual([{ participant: 'ana', from: 'pro', to: 'against', at: '2026-11-22T09:00:00Z' }]);
  });

  it('exports CSV with quoting and no spreadsheet formulas', () => {
    const csv = reviewCsv([{ ...item(1, '=HYPERLINK("x")', '2026-11-20T10:00:00Z', 'pro'), text: 'a, "b"\nc', parent: { id: 7, author: 'Bo', text: 'hi' } }]);
    const [, row] = csv.split('\r\n');
    expect(row).toBe(`comment,1,1,7,"'=HYPERLINK(""x"")",2026-11-20T10:00:00Z,pro,auto,0.8,,,,,"a, ""b""\nc"`);
  });

  it('quotes cells holding a semicolon or a tab, the separators spreadsheets in many locales guess', () => {
    const csv = reviewCsv([
      { ...item(1, 'Ana; Bo', '2026-11-20T10:00:00Z', 'pro'), text: 'one\ttwo' },
      { ...item(2, '\tTab', '2026-11-20T10:00:00Z', 'pro'), text: 'plain' },
    ]);
    const [, first, second] = csv.split('\r\n');
    expect(first).toBe('comment,1,1,,"Ana; Bo",2026-11-20T10:00:00Z,pro,auto,0.8,,,,,"one\ttwo"');
    expect(second).toBe(`comment,2,1,,"'\tTab",2026-11-20T10:00:00Z,pro,auto,0.8,,,,,plain`);
  });
});
