import { describe, expect, it } from 'vitest';
import { ChangedSet, labelDiffers, relabelReason } from '../../server/stance/relabel-plan.js';

describe('which labels a change reaches', () => {
  const changed = new ChangedSet();
  changed.add(1, 'Mia Novak', true);
  changed.add(4, 'Leo', false);

  it.each([
    [
      { parent_id: 1, body: 'Exactly this.' },
      { relation: 'parent', direct: true },
    ],
    [
      { parent_id: 4, body: 'Exactly this.' },
      { relation: 'parent', direct: false },
    ],
    [
      { parent_id: null, body: "I'm with Mia." },
      { relation: 'named', direct: true },
    ],
    [
      { parent_id: 9, body: 'Novak has it right' },
      { relation: 'named', direct: true },
    ],
    [
      { parent_id: null, body: 'Leo and Mia both' },
      { relation: 'named', direct: true },
    ],
    [
      { parent_id: null, body: 'As Leo said.' },
      { relation: 'named', direct: false },
    ],
    [{ parent_id: 2, body: 'Miami is lovely' }, null],
    [{ parent_id: null, body: 'Nothing to do with anyone.' }, null],
  ])('%o leans %o', (comment, leaning) => {
    expect(changed.leaningOf(comment)).toEqual(leaning);
  });

  it('ignores name words too short to tell apart from ordinary words', () => {
    const short = new ChangedSet();
    short.add(1, 'Al', true);
    expect(short.leaningOf({ parent_id: null, body: 'al fresco' })).toBeNull();
  });

  it('says a label differs only when its label, confidence or cues do', () => {
    const stored = { label: 'pro', confidence: 0.81, cues: '["praises the subject"]' };
    expect(labelDiffers(stored, { label: 'pro', confidence: 0.81, cues: ['praises the subject'] })).toBe(false);
    expect(labelDiffers(stored, { label: 'pro', confidence: 0.7, cues: ['praises the subject'] })).toBe(true);
    expect(labelDiffers(stored, { label: 'against', confidence: 0.81, cues: ['praises the subject'] })).toBe(true);
    expect(labelDiffers(undefined, { label: 'pro', confidence: 0.81, cues: [] })).toBe(true);
  });

  it('words the reason by how the item leans on the change', () => {
    expect(relabelReason({ relation: 'parent', direct: true }, 'relabelled by a moderator')).toBe('parent relabelled by a moderator');
    expect(relabelReason({ relation: 'named', direct: false }, 'edited by a moderator')).toBe('a named commenter relabelled in turn (edited by a moderator)');
  });
});
