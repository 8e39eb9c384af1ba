import { describe, expect, it } from 'vitest';
import { classifyStance } from '../../server/stance/stance-classifier.js';
import { analyzeStance } from '../../server/stance/rules/analyze.js';
import type { StanceContext, StanceSubject } from '../../server/stance/stance-types.js';

// Allies and rivals as the post's author names them, on a fictional mayor: praise of a rival and attacks on an
// ally count against, and the reverse; a subject without them is read as before.
const subject: StanceSubject = {
  name: 'Ines Calder',
  aliases: ['Calder'],
  allies: ['Tomas Reyes', 'the Greenway Coalition', '#KeepTheTrams'],
  rivals: ['Victor Hale', 'Drivers First', 'Roads Before Rails'],
};
const post = { author: 'Mara Quill', title: 'The tram vote', body: 'Ines Calder puts the tram plan to the council on Monday.' };

function context(s: StanceSubject): StanceContext {
  return { subject: s, post: { ...post }, earlier: [] };
}

function polarity(body: string, s: StanceSubject = subject): number {
  return analyzeStance({ id: 'x', parentId: null, author: 'Kit Arden', body, kind: 'comment' }, context(s)).evidence.reduce((sum, e) => sum + e.polarity, 0);
}

function classify(body: string, s: StanceSubject = subject) {
  return classifyStance({ id: 'x', parentId: null, author: 'Kit Arden', body, kind: 'comment' }, context(s));
}

describe('allies and rivals', () => {
  it.each([
    ['praise of an ally', 'Tomas Reyes has been brilliant on this from day one.'],
    ['an ally by surname', 'Reyes has been honest and tireless about the trams.'],
    ['an attack on a rival', 'Victor Hale is a liar and everyone knows it.'],
    ['an attack on a rival group', 'Drivers First are dishonest and selfish.'],
    ["an ally's hashtag", 'Voting on Monday. #KeepTheTrams'],
  ])('%s counts for the subject', (_, body) => {
    expect(polarity(body)).toBeGreaterThan(0);
    expect(classify(body).label).toBe('pro');
  });

  it.each([
    ['an attack on an ally', 'Tomas Reyes is a disgrace and a liar.'],
    ['an attack on an ally group', 'The Greenway Coalition are clueless and arrogant.'],
    ['praise of a rival', 'Victor Hale is brilliant, honest and right about this.'],
    ["a rival's slogan", 'Roads Before Rails, every time.'],
  ])('%s counts against the subject', (_, body) => {
    expect(polarity(body)).toBeLessThan(0);
    expect(classify(body).label).toBe('against');
  });

  it('names the ally or rival in the cue', () => {
    expect(classify('Victor Hale is brilliant, honest and right about this.').cues.join(' | ')).toContain('a rival of the subject, Victor Hale');
  });

  it('reads a negated slogan as no side taken', () => {
    expect(polarity('Not #KeepTheTrams, not anything. Just facts please.')).toBe(0);
  });

  it('leaves the words of a slogan unjudged', () => {
    // "Drivers First" holds no verdict word, "Roads Before Rails" none either; a named ally's "brilliant" elsewhere is still read.
    const cues = classify('Drivers First handed out leaflets.').cues.join(' | ');
    expect(cues).not.toContain('praises');
  });

  it('works as before for a post that names none', () => {
    const plain: StanceSubject = { name: 'Ines Calder', aliases: ['Calder'] };
    for (const body of ['Victor Hale is brilliant, honest and right about this.', 'Tomas Reyes is a disgrace and a liar.', 'Calder is brilliant.']) {
      const none = classify(body, plain);
      const empty = classify(body, { ...plain, allies: [], rivals: [] });
      expect(empty).toEqual(none);
    }
    expect(classify('Tomas Reyes is a disgrace and a liar.', plain).cues.join(' | ')).not.toContain('ally');
  });

  it('lets the subject keep its own names', () => {
    // An ally named with the subject's surname does not take the subject's name from it.
    const s: StanceSubject = { ...subject, allies: ['Calder'] };
    expect(classify('Calder is brilliant.', s).cues.join(' | ')).not.toContain('ally');
  });
});
