import { describe, expect, it } from 'vitest';
import { classifyStance } from '../../server/stance/stance-classifier.js';
import type { StanceContext, ThreadItem } from '../../server/stance/stance-types.js';
import type { Stance } from '../../server/shared/stances.js';

// A fictional subject and a small thread; every case adds one new item to it.
const subject = { name: 'Nora Quill', aliases: ['Quill', 'Nora', '@noraquill'] };
const post = {
  author: 'Sam Ortiz',
  title: 'Nora Quill cancelled the tour. Was she right?',
  body: 'Nora Quill called off her summer tour two days before it started. She says her voice needs rest.',
  stance: 'against' as Stance,
};
const earlier: ThreadItem[] = [
  { id: 'c1', parentId: null, author: 'Ivy Marsh', body: 'Quill has been unreliable for years.', kind: 'comment', stance: 'against' },
  { id: 'c2', parentId: 'c1', author: 'Paolo Reyes', body: 'She sang through a fever last year.', kind: 'comment', stance: 'pro' },
  { id: 'c3', parentId: null, author: 'Dana Kim', body: 'What time do refunds open?', kind: 'comment', stance: 'neutral' },
];
const context: StanceContext = { subject, post, earlier };

function label(body: string, parentId: string | null = null, author = 'New Person', kind: ThreadItem['kind'] = 'comment') {
  return classifyStance({ id: 'x', parentId, author, body, kind }, context);
}

describe('classifyStance cues', () => {
  it.each([
    // agreement takes the stance of what it answers
    ['agreement with an against parent', 'Agreed.', 'c1', 'against'],
    ['agreement with a pro parent', 'Exactly this.', 'c2', 'pro'],
    ["top-level agreement takes the post author's stance", 'This. Well said.', null, 'against'],
    // disagreement flips it
    ['disagreement with a pro parent', 'Nope.', 'c2', 'against'],
    ['disagreement with an against parent', "You're missing the point.", 'c1', 'pro'],
    // named references resolve against earlier commenters
    ['named agreement', "I'm with Paolo on this one.", null, 'pro'],
    ['named agreement with two people', 'Same as Ivy.', null, 'against'],
    // pronouns resolve to the subject
    ['pronoun praise', 'She is a brilliant, generous performer.', null, 'pro'],
    ['pronoun criticism', 'He... sorry, she is selfish and arrogant.', null, 'against'],
    // sarcasm markers turn praise around
    ['sarcastic praise', 'Oh sure, because nothing says professional like cancelling by text. Brilliant.', null, 'against'],
    ['/s tag', 'What a hero, truly inspiring /s', null, 'against'],
    // attacks on the subject's critics are pro
    ['critic attack', 'The haters will complain no matter what she does.', null, 'pro'],
    ['you people', 'You people are never happy.', null, 'pro'],
    // informational and balanced comments are neutral
    ['informational', 'For anyone asking, refunds open Monday at 9am per the venue site.', null, 'neutral'],
    ['question', 'Does anyone know if the autumn dates are affected?', null, 'neutral'],
    ['balanced', 'I see both sides here honestly.', null, 'neutral'],
  ])('%s', (_name, body, parentId, expected) => {
    expect(label(body, parentId).label).toBe(expected);
  });

  it('tells praise of someone else from praise of the subject', () => {
    const result = label('I agree with Paolo, and @venueguy was brilliant about the refunds.', null);
    expect(result.label).toBe('pro');
    expect(result.cues.join(' ')).toMatch(/Paolo Reyes, which is pro/);
  });

  it('gives cues a moderator can read', () => {
    const result = label('Agreed.', 'c1');
    expect(result.cues[0]).toBe('agrees with its parent, which is against ("agreed")');
    expect(result.confidence).toBeGreaterThan(0.5);
    expect(result.confidence).toBeLessThanOrEqual(1);
  });

  it('negation flips praise', () => {
    expect(label('Quill is not honest with her fans.').label).toBe('against');
  });

  it('weights what follows "but" over the concession', () => {
    expect(label('She has a great voice, but she is unreliable and selfish.').label).toBe('against');
    expect(label('She made a mess of the announcement, but she is a brilliant artist.').label).toBe('pro');
  });

  it('reads remarks against the remark before them and names in them', () => {
    const withRemarks: StanceContext = {
      ...context,
      earlier: [...earlier, { id: 'c4.r1', parentId: 'c4', author: 'Lee Grant', body: 'Quill is a true professional.', kind: 'remark', stance: 'pro' }],
    };
    const same = classifyStance({ id: 'c4.r2', parentId: 'c4', author: 'Ann Roe', body: 'Agreed.', kind: 'remark' }, withRemarks);
    expect(same.label).toBe('pro');
    const named = classifyStance({ id: 'c4.r3', parentId: 'c4', author: 'Bo Li', body: 'Agree with Ivy.', kind: 'remark' }, withRemarks);
    expect(named.label).toBe('against');
  });
});
