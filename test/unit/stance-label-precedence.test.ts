import { describe, expect, it } from 'vitest';
import { currentLabelsByTarget, currentRowsByComment, pickCurrentLabel, type LabelLike } from '../../server/stance/label-precedence.js';

const l = (source: LabelLike['source'], label: LabelLike['label'], confidence = 0.5, cues: string[] = []): LabelLike => ({
  source,
  label,
  confidence,
  cues: JSON.stringify(cues),
});

describe('pickCurrentLabel', () => {
  const cases: [string, LabelLike[], string | null, string | null][] = [
    ['nothing labelled', [], null, null],
    ['auto only', [l('auto', 'pro')], 'pro', 'auto'],
    ['self beats auto, whatever the order', [l('self', 'against'), l('auto', 'pro')], 'against', 'self'],
    ['moderator beats self and auto', [l('auto', 'pro'), l('moderator', 'neutral'), l('self', 'against')], 'neutral', 'moderator'],
    ['the latest moderator label wins', [l('moderator', 'pro'), l('moderator', 'against')], 'against', 'moderator'],
    ['the latest auto label wins among autos', [l('auto', 'pro'), l('auto', 'neutral')], 'neutral', 'auto'],
  ];
  it.each(cases)('%s', (_name, history, label, source) => {
    const current = pickCurrentLabel(history);
    expect(current?.label ?? null).toBe(label);
    expect(current?.source ?? null).toBe(source);
  });

  it('keeps the automatic label and cues beside a winning self label', () => {
    const current = pickCurrentLabel([l('auto', 'pro', 0.7, ['praises @x']), l('self', 'against', 1)]);
    expect(current).toMatchObject({ label: 'against', self: 'against', auto: { label: 'pro', confidence: 0.7, cues: ['praises @x'] } });
  });

  it('groups rows by comment and by remark', () => {
    const rows = [
      { ...l('auto', 'pro'), comment_id: 1, remark_id: null },
      { ...l('auto', 'against'), comment_id: null, remark_id: 1 },
      { ...l('moderator', 'neutral'), comment_id: 1, remark_id: null },
    ];
    const current = currentLabelsByTarget(rows);
    expect(current.comments.get(1)?.label).toBe('neutral');
    expect(current.remarks.get(1)?.label).toBe('against');
  });

  it('picks each comment’s current row without its cues, by the same precedence', () => {
    const rows = [
      { comment_id: 1, source: 'auto' as const, label: 'pro' as const, confidence: 0.9 },
      { comment_id: 2, source: 'moderator' as const, label: 'against' as const, confidence: 1 },
      { comment_id: 1, source: 'self' as const, label: 'neutral' as const, confidence: 1 },
      { comment_id: 2, source: 'auto' as const, label: 'pro' as const, confidence: 0.6 },
    ];
    const current = currentRowsByComment(rows);
    expect(current.get(1)).toBe(rows[2]);
    expect(current.get(2)).toBe(rows[1]);
  });
});
