import { describe, expect, it } from 'vitest';
import { analyzeStance } from '../../server/stance/rules/analyze.js';
import { isInName } from '../../server/stance/rules/names.js';
import { tokenize } from '../../server/stance/rules/tokens.js';
import type { StanceContext } from '../../server/stance/stance-types.js';

// Words with two meanings, on a fictional footballer: names of events and teams, and negation in the cue.
const context: StanceContext = {
  subject: { name: 'Rafa Oduya', aliases: ['Oduya', 'Rafa'] },
  post: { author: 'Lena Brandt', title: 'Oduya at thirty-four', body: 'Rafa Oduya signs for one more season.', stance: 'neutral' },
  earlier: [],
};

function cues(body: string): string[] {
  return analyzeStance({ id: 'x', parentId: null, author: 'Kit Arden', body, kind: 'comment' }, context).evidence.map((e) => e.cue);
}

function polarity(body: string): number {
  return analyzeStance({ id: 'x', parentId: null, author: 'Kit Arden', body, kind: 'comment' }, context).evidence.reduce((s, e) => s + e.polarity, 0);
}

describe('names of events, teams and titles', () => {
  it.each([
    ['a cup named mid-sentence', 'Oduya played in the Champions League final.', 'champions'],
    ['a cup that opens the sentence', 'Champions League nights suit Oduya.', 'champions'],
    ['an award', 'Oduya took the Golden Boot twice.', 'golden'],
    ['a team', 'The Riverside Defenders signed Oduya.', 'defenders'],
    ['players counted', 'Oduya left three clueless defenders behind.', 'defenders'],
    ['a crowd counted', 'Oduya waved to 40,000 delighted fans.', 'defenders'],
  ])('%s is no cue', (_, body, word) => {
    expect(cues(body).filter((c) => c.includes(word))).toEqual([]);
  });

  it.each([
    ['praise that opens the sentence before a name', 'Brilliant Oduya, again.', 'brilliant'],
    ['praise beside the pronoun "I"', 'Oduya is brilliant and I love it.', 'brilliant'],
    ['shouted praise', 'Oduya is BRILLIANT.', 'brilliant'],
    ['lower-case champions', 'Oduya plays like the champions of old.', 'champions'],
    ["the subject's defenders", 'His defenders are clueless.', 'defenders'],
  ])('%s still counts', (_, body, word) => {
    expect(cues(body).some((c) => c.includes(word))).toBe(true);
  });

  it.each([
    ['Champions League', 0, true],
    ['the Champions League', 1, true],
    ['Brilliant Oduya', 0, false],
    ['I love it', 0, false],
    ['so GREAT Team', 1, false],
    ['he is great. Team talk', 4, false],
  ])('in "%s", word %i is in a name: %s', (text, index, expected) => {
    const tokens = tokenize(text);
    expect(isInName(tokens, index, (k) => tokens[k]?.raw === 'Oduya')).toBe(expected);
  });
});

describe('negated praise and criticism', () => {
  it.each([
    ['hardly coasting', 'Oduya is hardly coasting.', '"hardly coasting"', 1],
    ['not lazy', 'Oduya is not lazy.', '"not lazy"', 1],
    ['never brilliant', 'Oduya was never brilliant.', '"never brilliant"', -1],
  ])('"%s" is quoted with its negation and turned round', (_, body, quoted, sign) => {
    expect(cues(body).some((c) => c.includes(quoted))).toBe(true);
    expect(Math.sign(polarity(body))).toBe(sign);
  });
});
