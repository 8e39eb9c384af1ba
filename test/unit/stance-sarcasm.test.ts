import { describe, expect, it } from 'vitest';
import { analyzeStance } from '../../server/stance/rules/analyze.js';
import { findMockEchoes } from '../../server/stance/rules/sarcasm.js';
import { tokenize } from '../../server/stance/rules/tokens.js';
import { classifyStance } from '../../server/stance/stance-classifier.js';
import type { StanceContext, ThreadItem } from '../../server/stance/stance-types.js';

// Sarcasm in both directions, on a fictional subject: echoing a criticism to mock it defends the subject
// ("Right, because a man with 30 goals is so lazy"), sarcastic praise attacks it ("Oh sure, what a genius").
const subject = { name: 'Dario Feld', aliases: ['Feld', 'Dario'] };
const post = {
  author: 'Wen Okoro',
  title: 'Dario Feld renews at 36',
  body: 'Dario Feld signed another year with the club. Some fans say he is past it.',
};
const earlier: ThreadItem[] = [
  { id: 'c1', parentId: null, author: 'Pia Lund', body: 'Feld is finished and lazy.', kind: 'comment', stance: 'against', source: 'auto', confidence: 0.9 },
  { id: 'c2', parentId: null, author: 'Olu Berg', body: 'Feld is a legend.', kind: 'comment', stance: 'pro', source: 'auto', confidence: 0.9 },
];
const context: StanceContext = { subject, post, earlier };

const item = (body: string, parentId: string | null): ThreadItem => ({ id: 'x', parentId, author: 'New Reader', body, kind: 'comment' });
const rules = (body: string, parentId: string | null = null) => classifyStance(item(body, parentId), context, undefined, { base: null });
const shipped = (body: string, parentId: string | null = null) => classifyStance(item(body, parentId), context);

// Each sentence read at the top level and as a reply to a critic (c1) and to a fan (c2): the echo decides, not the parent.
const ECHOED_CRITICISM = [
  'Oh yes, because scoring twenty goals a season at 36 is such lazy football. Sure.',
  'Right, because the man who lifted the cup last spring is obviously afraid of younger players. Sure.',
  'Sure, because a captain who never misses training is so selfish.',
  "Yeah, 'cause forty assists in two seasons clearly proves he is useless.",
  'Of course, because a striker with a hat-trick in the derby is not good enough for this club.',
  'Nothing says "washed up" like the winning goal in a final.',
  'Oh right, because Feld is a fraud. Sure.',
];
const SARCASTIC_PRAISE = [
  'Oh sure, what a genius, another missed penalty.',
  'Sure, because Feld is such a brilliant leader. Another red card.',
  'Yeah, nothing says leadership like skipping the team bus.',
  'Oh yes, because he is so humble. Sure.',
];

describe('mock echoes', () => {
  it.each([
    ['Oh yes, because it is such lazy work.', 'is such lazy work'],
    ['Right, because a champion is obviously scared.', 'is obviously scared'],
    ["Sure, 'cause he hates winning.", 'he hates winning'],
    ['Nothing says "leader" like a sulk.', 'leader'],
    ['Sure, because nothing says loyal like a transfer request.', 'loyal'],
  ])('finds the echoed claim in "%s"', (body, claim) => {
    const tokens = tokenize(body);
    const [echo] = findMockEchoes(tokens, []);
    expect(echo).toBeDefined();
    const words = tokens
      .slice(echo!.claimStart, echo!.claimEnd)
      .filter((t) => !t.isMark)
      .map((t) => t.text)
      .join(' ');
    expect(words).toBe(claim);
  });

  it.each([
    'He is lazy, because he never trains.',
    'Because of the injury he sat out.',
    'Right now he is the best we have.',
    'Oh, the club says nothing about it.',
    'Sure he scores, but he never defends.',
    'Yes, because he is the best finisher we have.',
    'Right, because the club needs him next season.',
  ])('finds no echo in the plain sentence "%s"', (body) => {
    expect(findMockEchoes(tokenize(body), [])).toEqual([]);
  });

  it('takes "Yes, because" and "Right, because" for mockery only with emphasis or sarcasm elsewhere', () => {
    expect(findMockEchoes(tokenize('Right, because he is obviously lazy.'), [])).toHaveLength(1);
    expect(findMockEchoes(tokenize('Oh yes, because he trains once a month.'), [])).toHaveLength(1);
    const tokens = tokenize('Right, because he hates winning. Sure.');
    expect(findMockEchoes(tokens, [{ index: tokens.length - 2, phrase: ['sure'] }])).toHaveLength(1);
  });
});

describe('sarcasm toward the subject, both ways', () => {
  it.each(ECHOED_CRITICISM.flatMap((body) => [null, 'c1', 'c2'].map((parent) => [body, parent] as const)))(
    'reads the echoed criticism "%s" (parent %s) as for the subject',
    (body, parent) => {
      expect(rules(body, parent).label).toBe('pro');
      expect(shipped(body, parent).label).toBe('pro');
    },
  );

  it.each(SARCASTIC_PRAISE.flatMap((body) => [null, 'c1', 'c2'].map((parent) => [body, parent] as const)))(
    'reads the sarcastic praise "%s" (parent %s) as against the subject',
    (body, parent) => {
      expect(rules(body, parent).label).toBe('against');
      expect(shipped(body, parent).label).toBe('against');
    },
  );

  it('tells a moderator which claim was echoed, and never calls the echo sarcasm at the subject', () => {
    const cues = shipped('Right, because a striker with twenty goals is obviously past it. Sure.').cues.join(' ; ');
    expect(cues).toContain('mocks a criticism of the subject by echoing it');
    expect(cues).not.toContain('at the subject');
  });

  it('keeps the words of the fact as said: praise of what the subject did stays praise', () => {
    const found = analyzeStance(item('Right, because the man who won the cup is obviously scared. Sure.', null), context);
    const won = found.evidence.find((e) => e.cue.includes('"won"'));
    expect(won?.polarity).toBeGreaterThan(0);
    expect(found.evidence.some((e) => e.cue.includes('"right"'))).toBe(false);
  });

  it('reads plain criticism with "because" as criticism', () => {
    expect(rules('He is lazy, because he never trains.').label).toBe('against');
    expect(shipped('He is lazy, because he never trains.').label).toBe('against');
  });
});
