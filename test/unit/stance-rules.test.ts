import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BASE_MODEL_URL, loadBaseModel } from '../../server/stance/models/base-model.js';
import { analyzeStance } from '../../server/stance/rules/analyze.js';
import { labelTrust } from '../../server/stance/rules/thread-roles.js';
import { classifyStance } from '../../server/stance/stance-classifier.js';
import type { StanceContext, ThreadItem } from '../../server/stance/stance-types.js';
import { LinearStanceModel } from '../../server/stance/models/linear-model.js';
import type { Stance } from '../../server/shared/stances.js';

// Rule cues on their own (no base model), on a fictional subject and thread.
const subject = { name: 'Nora Quill', aliases: ['Quill', 'Nora'] };
const post = {
  author: 'Sam Ortiz',
  title: 'Nora Quill cancels her tour',
  body: 'Nora Quill called off her tour. She says her voice needs rest.',
  stance: 'against' as Stance,
};
const earlier: ThreadItem[] = [
  { id: 'c1', parentId: null, author: 'Ivy Marsh', body: 'Quill is unreliable.', kind: 'comment', stance: 'against', source: 'auto', confidence: 0.95 },
  { id: 'c2', parentId: 'c1', author: 'paolo_r', body: 'She sang through a fever.', kind: 'comment', stance: 'pro', source: 'auto', confidence: 0.95 },
  { id: 'c3', parentId: 'c2', author: 'paolo_r', body: 'Right, and then some.', kind: 'comment', stance: 'pro', source: 'auto', confidence: 0.9 },
  { id: 'c4', parentId: 'c1', author: 'paolo_r', body: 'Whatever.', kind: 'comment', stance: 'against', source: 'auto', confidence: 0.45 },
];
const context: StanceContext = { subject, post, earlier };

function rules(body: string, parentId: string | null = null, ctx = context) {
  return classifyStance({ id: 'x', parentId, author: 'New Person', body, kind: 'comment' }, ctx, undefined, { base: null });
}

function polarity(body: string, parentId: string | null = null, ctx = context): number {
  return analyzeStance({ id: 'x', parentId, author: 'New Person', body, kind: 'comment' }, ctx).evidence.reduce((s, e) => s + e.polarity, 0);
}

describe('rule cues', () => {
  it.each([
    ['negated comparison is a superlative', 'Nobody deserves it more than her.', 'pro'],
    ['contrast across sentences', 'Nice that she apologised. Shame about how she treats her band though.', 'against'],
    ['retraction of past praise', 'Loved her for years. Not anymore.', 'against'],
    ['praise set in the past, criticism now', 'Her early records were brilliant. The last two are lazy.', 'against'],
    ['"would love to" is a wish, not praise', 'I would love to see the receipts for that tour.', 'neutral'],
    ['praise of someone else in the story', 'The director is brilliant, honestly.', 'neutral'],
    ['critics named by their attack', 'People hating on her are just jealous.', 'pro'],
    ['"people who" attack her are her critics', 'People who attack her have never been to a show.', 'pro'],
    ['thanks aimed at the subject', 'Thank you Nora Quill.', 'pro'],
    ['"Oh wonderful" sarcasm', 'Oh wonderful, another cancelled tour.', 'against'],
    ['closing "Sure X" sarcasm', 'Cancelled two days before the first show. Sure Nora.', 'against'],
    ['handle typed whole', "I'm with paolo_r.", 'pro'],
    ['"couldn\'t disagree more with" a named commenter', "Couldn't disagree more with paolo_r.", 'against'],
    ['"don\'t agree with" a named commenter', "Don't agree with paolo_r at all.", 'against'],
    ['"good riddance" dismisses', 'Good riddance. The tour was a mess anyway.', 'against'],
    ['luck takes the credit away', 'She got lucky, right place right time.', 'against'],
    ['"let\'s be honest" is a filler, not praise', "Let's be honest, she was lazy on that tour.", 'against'],
    ['"worth checking" is advice, not praise', "It's worth checking the venue's page before you travel.", 'neutral'],
  ])('%s', (_name, body, expected) => {
    expect(rules(body).label).toBe(expected);
  });

  it("reads a third party's attitude as weak evidence of the writer's", () => {
    const own = polarity('She is lazy and selfish.');
    const reported = polarity('Critics say she is lazy and selfish.');
    expect(own).toBeLessThan(0);
    expect(Math.abs(reported)).toBeLessThan(Math.abs(own) / 2);
    const kinds = analyzeStance({ id: 'x', parentId: null, author: 'A', body: 'My dad hates her.', kind: 'comment' }, context).evidence.map((e) => e.kind);
    expect(kinds).toEqual(['sent:reported']);
  });

  it('reads siding with "you" anywhere in a reply as agreement with whoever it answers', () => {
    expect(rules('Took me a while to come round, but I am on your side here.', 'c1').label).toBe('against');
    expect(rules('Took me a while to come round, but I am on your side here.', 'c2').label).toBe('pro');
    expect(rules('Read it twice and honestly, you are wrong about this.', 'c2').label).toBe('against');
    const idiom = analyzeStance({ id: 'x', parentId: 'c1', author: 'A', body: 'You put your finger on it.', kind: 'comment' }, context);
    expect(idiom.evidence.filter((e) => e.kind === 'ref:agree').map((e) => Math.sign(e.polarity))).toEqual([-1]);
    const negated = analyzeStance({ id: 'x', parentId: 'c2', author: 'A', body: "Sorry, I'm not on your side this time.", kind: 'comment' }, context);
    expect(negated.evidence.some((e) => e.kind === 'ref:agree')).toBe(false);
    for (const partial of ['Where I agree with you is the encore.', "I'm with you on the encore, but the rest was fine."]) {
      const found = analyzeStance({ id: 'x', parentId: 'c2', author: 'A', body: partial, kind: 'comment' }, context);
      expect(found.evidence.some((e) => e.kind === 'ref:agree')).toBe(false);
    }
  });

  it('reads "genuinely" as an intensifier, not praise', () => {
    const found = analyzeStance({ id: 'x', parentId: null, author: 'A', body: 'Genuinely curious how the venue handles refunds.', kind: 'comment' }, context);
    expect(
      found.evidence
        .filter((e) => e.polarity !== 0)
        .map((e) => e.cue)
        .join(' '),
    ).not.toContain('genuine');
  });

  it('reads sympathy and thanks for a story as kindness, not as taking or attacking a side', () => {
    const kinds = (body: string, parentId = 'c2') =>
      analyzeStance({ id: 'x', parentId, author: 'A', body, kind: 'comment' }, context).evidence.map((e) => e.kind);
    expect(kinds("I'm so sorry about your dad.")).not.toContain('sent:person');
    expect(kinds('Thank you for sharing that, it must have been hard.')).not.toContain('ref:agree');
    expect(kinds('Thank you, exactly what I was going to say.')).toContain('ref:agree');
    expect(kinds("It's actually worse in context.", 'c1')).not.toContain('sent:person');
    expect(kinds('A sad footnote for the thread: the venue shut last year.', 'c1')).not.toContain('sent:person');
    expect(kinds('Great point.')).toContain('sent:person');
  });

  it.each([
    ['Well said, Ivy.', 'c1', 'against'],
    ['👏👏', 'c2', 'pro'],
    ['👆 exactly', 'c2', 'pro'],
    ['ok fair enough tbh', 'c2', 'pro'],
    ['hard disagree', 'c1', 'pro'],
    ['sure buddy', 'c1', 'pro'],
    ['🙄', 'c1', 'pro'],
    ['❤️', 'c1', 'against'],
    ['this 💯', 'c1', 'against'],
  ])('reads the one-liner "%s" by where its parent stands', (body, parentId, expected) => {
    expect(rules(body, parentId).label).toBe(expected);
  });

  it('does not take "you" in a relative or conditional clause for the person answered', () => {
    const kinds = (body: string) => analyzeStance({ id: 'x', parentId: 'c2', author: 'A', body, kind: 'comment' }, context).mentions.map((m) => m.kind);
    expect(kinds('Give me one critic whose judgement you trust.')).not.toContain('addressee');
    expect(kinds('If you ask me the tour was doomed.')).not.toContain('addressee');
    expect(kinds('You are kind to her.')).toContain('addressee');
  });

  it('does not take any "people who" for the critics', () => {
    const found = analyzeStance(
      { id: 'x', parentId: null, author: 'A', body: 'Half the people who bought tickets had never seen her live.', kind: 'comment' },
      context,
    );
    expect(found.evidence.filter((e) => e.kind === 'mock:critics')).toEqual([]);
  });

  it("reads a group's attitude as theirs, not the writer's", () => {
    const own = polarity('I love her.');
    const reported = polarity('Prize committees love her.');
    expect(Math.abs(reported)).toBeLessThan(Math.abs(own) / 2);
  });

  it('does not read an attitude the subject holds as a verdict on the subject', () => {
    const found = analyzeStance({ id: 'x', parentId: null, author: 'A', body: 'Quill loves a press conference.', kind: 'comment' }, context);
    expect(found.evidence.filter((e) => e.kind?.startsWith('sent:'))).toEqual([]);
  });
});

describe('confidence-weighted thread propagation', () => {
  it.each([
    [{ source: 'self' as const, confidence: 0.3 }, 1],
    [{ source: 'moderator' as const, confidence: 0.3 }, 1],
    [{ source: 'auto' as const, confidence: 0.95 }, 1],
    [{ source: 'auto' as const, confidence: 0.65 }, 0.5],
    [{ source: 'auto' as const, confidence: 0.35 }, 0.1],
    [{}, 1],
  ])('trusts %o at %d', (label, trust) => {
    expect(labelTrust(label)).toBeCloseTo(trust, 5);
  });

  it('passes on little of a shaky automatic label and all of a moderator label', () => {
    const shaky = polarity('Agreed.', 'c4');
    const withModerator = polarity('Agreed.', 'c4', { ...context, earlier: earlier.map((e) => (e.id === 'c4' ? { ...e, source: 'moderator' as const } : e)) });
    expect(shaky).toBeLessThan(0);
    expect(Math.abs(shaky)).toBeLessThan(Math.abs(withModerator) / 4);
  });

  it("weighs a participant's labels so one shaky label does not outvote confident ones", () => {
    // paolo_r's latest label is a shaky "against"; two confident "pro" labels came before it.
    expect(polarity('Same as paolo_r.')).toBeGreaterThan(0);
  });
});

describe('base model', () => {
  it('learns from examples, round-trips through JSON and rejects anything else', () => {
    const f = (...names: string[]) => new Map(names.map((n) => [n, 1]));
    const example = (word: string, label: Stance) => ({ features: f('#bias', word), label });
    const examples = [...Array.from({ length: 20 }, () => example('w:great', 'pro')), ...Array.from({ length: 20 }, () => example('w:awful', 'against'))];
    const model = LinearStanceModel.train(examples, { dropout: 0 });
    const logits = model.score(f('#bias', 'w:awful'));
    expect(logits.against).toBeGreaterThan(logits.pro);
    const restored = LinearStanceModel.fromJSON(JSON.parse(JSON.stringify(model.toJSON())));
    expect(restored.score(f('#bias', 'w:great')).pro).toBeCloseTo(model.score(f('#bias', 'w:great')).pro, 2);
    expect(() => LinearStanceModel.fromJSON({ format: 'other' })).toThrow();
  });

  it('averages models weight by weight, a missing feature counting as zero', () => {
    const one = LinearStanceModel.fromJSON({ format: 'rejoinder-stance-linear/1', weights: { a: [2, 0, 0], b: [0, 4, 0] } });
    const two = LinearStanceModel.fromJSON({ format: 'rejoinder-stance-linear/1', weights: { a: [0, 2, 0] } });
    const mean = LinearStanceModel.average([one, two]);
    expect(mean.score(new Map([['a', 1]]))).toEqual({ pro: 1, against: 1, neutral: 0 });
    expect(mean.score(new Map([['b', 1]]))).toEqual({ pro: 0, against: 2, neutral: 0 });
  });

  it('ships a small trained base model that the classifier uses by default', () => {
    const path = fileURLToPath(BASE_MODEL_URL);
    expect(existsSync(path)).toBe(true);
    // It grows with the training vocabulary (1.2 MB from about 3,600 items); each process parses it once, in about 25 ms.
    expect(statSync(path).size).toBeLessThan(2 * 1024 * 1024);
    expect(loadBaseModel()?.size).toBeGreaterThan(100);
  });

  it('stays neutral on text it has no cue and no known word for', () => {
    const result = classifyStance({ id: 'x', parentId: null, author: 'A', body: 'Zorbly flimflam snargle.', kind: 'comment' }, context);
    expect(result.label).toBe('neutral');
  });
});
