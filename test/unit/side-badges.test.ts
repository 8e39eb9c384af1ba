import { describe, expect, it } from 'vitest';
import { buildSideBadge, UNSURE_BELOW_CONFIDENCE } from '../../server/debate/side-badges.js';
import type { CurrentLabel } from '../../server/stance/label-precedence.js';

const label = (fields: Partial<CurrentLabel>): CurrentLabel => ({ label: 'pro', source: 'auto', confidence: 0.9, cues: [], auto: null, self: null, ...fields });

describe('buildSideBadge', () => {
  it.each([
    ['self-declared', label({ source: 'self', label: 'against', confidence: 1 }), 'against', 'Against', 'self-declared by the commenter'],
    ['a moderator', label({ source: 'moderator', label: 'neutral', confidence: 1 }), 'neutral', 'Neither', 'set by a moderator'],
    ['a sure classifier', label({ confidence: 0.83 }), 'pro', 'For', 'automatic, 83% confident'],
    ['a classifier at the threshold', label({ confidence: UNSURE_BELOW_CONFIDENCE }), 'pro', 'For', 'automatic, 60% confident'],
    ['an unsure classifier', label({ confidence: 0.41, label: 'against' }), 'unsure', 'Unsure', 'automatic, 41% confident, leaning against'],
    ['a moderator, whatever the confidence', label({ source: 'moderator', confidence: 0.2 }), 'pro', 'For', 'set by a moderator'],
  ])('from %s', (_name, current, side, text, source) => {
    expect(buildSideBadge(current)).toEqual({ side, text, source });
  });

  it('shows nothing for an item without a label', () => {
    expect(buildSideBadge(undefined)).toBeNull();
  });
});
