import { describe, expect, it } from 'vitest';
import { tallyStances, type TallyItem } from '../../server/stance/stance-tally.js';

const item = (participant: string, label: TallyItem['label'], createdAt: string, extra: Partial<TallyItem> = {}): TallyItem => ({
  participant,
  label,
  createdAt,
  kind: 'comment',
  source: 'auto',
  ...extra,
});

describe('tallyStances', () => {
  it('is all zeros for no items', () => {
    const t = tallyStances([]);
    expect(t.total).toBe(0);
    expect(t.shares).toEqual({ pro: 0, against: 0, neutral: 0, unsure: 0 });
    expect(t.byParticipant).toEqual({ pro: 0, against: 0, neutral: 0, unsure: 0 });
  });

  it('counts items, shares, sources, kinds and each participant once by latest label', () => {
    const t = tallyStances([
      item('Ann', 'against', '2024-05-01T10:00:00Z'),
      item('Ann', 'pro', '2024-05-01T12:00:00Z', { source: 'moderator' }),
      item('Bob', 'against', '2024-05-01T11:00:00Z', { source: 'self' }),
      item('bob ', 'neutral', '2024-05-01T09:00:00Z', { kind: 'remark' }),
    ]);
    expect(t.total).toBe(4);
    expect(t.counts).toEqual({ pro: 1, against: 2, neutral: 1, unsure: 0 });
    expect(t.shares).toEqual({ pro: 0.25, against: 0.5, neutral: 0.25, unsure: 0 });
    expect(t.byParticipant).toEqual({ pro: 1, against: 1, neutral: 0, unsure: 0 });
    expect(t.participants).toBe(2);
    expect(t.bySource).toEqual({ self: 1, auto: 2, moderator: 1 });
    expect(t.comments).toEqual({ pro: 1, against: 2, neutral: 0, unsure: 0 });
    expect(t.remarks).toEqual({ pro: 0, against: 0, neutral: 1, unsure: 0 });
  });
});
