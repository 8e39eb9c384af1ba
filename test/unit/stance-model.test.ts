import { describe, expect, it } from 'vitest';
import { classifyStance } from '../../server/stance/stance-classifier.js';
import type { StanceContext } from '../../server/stance/stance-types.js';
import { LinearStanceModel } from '../../server/stance/models/linear-model.js';
import { siteSignal, StanceModel } from '../../server/stance/models/site-model.js';
import { textFeatures } from '../../server/stance/models/word-features.js';

const subject = { name: 'Cal Brook', aliases: ['Brook', 'Cal'] };

describe('StanceModel', () => {
  it('folds subject mentions into one feature so lessons carry across subjects', () => {
    expect(textFeatures('Brook is washed', subject)).toEqual(['_subject_', 'is', 'washed', '_subject_ is', 'is washed']);
  });

  it('moves probability toward the label it learned', () => {
    const model = new StanceModel();
    const before = model.score('totally washed, cut him', subject).probabilities.against;
    model.learn('washed. cut him', 'against', subject);
    model.learn('he is HIM, pure cooking', 'pro', subject);
    const after = model.score('totally washed, cut him', subject).probabilities.against;
    expect(before).toBeCloseTo(1 / 3);
    expect(after).toBeGreaterThan(0.6);
    expect(model.trained).toBe(2);
  });

  it('round-trips through JSON', () => {
    const model = new StanceModel();
    model.learn('Brook is washed', 'against', subject);
    model.learn('Brook is elite', 'pro', subject);
    const restored = StanceModel.fromJSON(JSON.parse(JSON.stringify(model.toJSON())));
    expect(restored.score('washed', subject)).toEqual(model.score('washed', subject));
    expect(() => StanceModel.fromJSON({ format: 'something else' })).toThrow();
  });

  it('changes a later label once moderators have labelled site slang', () => {
    const context: StanceContext = {
      subject,
      post: { author: 'Editor', title: 'Week 3 notes on Cal Brook', body: 'Brook threw two picks on Sunday.' },
      earlier: [],
    };
    const item = { id: 'c9', parentId: null, author: 'fan9', body: 'Brook is fried fr', kind: 'comment' as const };
    // Rules only: this isolates what the site model adds (the shipped base model already knows some slang).
    const untrained = classifyStance(item, context, undefined, { base: null });
    const model = new StanceModel();
    for (const body of ['Brook is fried', 'fried since week 1', 'so fried fr', 'he is fried and done']) model.learn(body, 'against', subject);
    for (const body of ['Brook is HIM', 'cooking again fr', 'HIM fr']) model.learn(body, 'pro', subject);
    const trained = classifyStance(item, context, model, { base: null });
    expect(untrained.label).not.toBe('against');
    expect(trained.label).toBe('against');
    expect(trained.cues.some((c) => c.includes('moderator labels lean against'))).toBe(true);
  });

  it('leaves the words a caller skips out of both the score and the coverage', () => {
    const model = new StanceModel();
    model.learn('Brook is washed', 'against', subject);
    model.learn('Brook is HIM', 'pro', subject);
    const all = model.score('washed and HIM', subject);
    const skipped = model.score('washed and HIM', subject, (f) => f === 'washed');
    expect(all.coverage).toBeCloseTo(2 / 5);
    expect(skipped.coverage).toBeCloseTo(1 / 4);
    expect(skipped.probabilities.pro).toBeGreaterThan(all.probabilities.pro);
    expect(siteSignal(model.score('washed', subject, () => true))).toEqual({ pro: 0, against: 0, neutral: 0 });
  });

  it('with a base model, speaks for the words the base model has no firm weight on, not for those it has', () => {
    const context: StanceContext = { subject, post: { author: 'Editor', title: 'Week 3 notes', body: 'Two picks.' }, earlier: [] };
    const item = (body: string) => ({ id: 'c9', parentId: null, author: 'fan9', body, kind: 'comment' as const });
    const base = LinearStanceModel.fromJSON({ format: 'rejoinder-stance-linear/1', weights: { 'w:washed': [-0.5, 0.5, 0], 'w:zonked': [0.05, -0.05, 0] } });
    const model = new StanceModel();
    for (let k = 0; k < 4; k += 1) {
      model.learn('washed lol', 'pro', subject);
      model.learn('so zonked', 'against', subject);
      model.learn('fried fr', 'against', subject);
    }
    expect(classifyStance(item('fried'), context, model, { base }).label).toBe('against');
    expect(classifyStance(item('zonked'), context, model, { base }).label).toBe('against');
    expect(classifyStance(item('washed'), context, model, { base }).label).toBe('against');
    expect(classifyStance(item('washed'), context, model, { base: null }).label).toBe('pro');
  });

  it('gives a site signal that is zero when empty and grows with what the model has learned', () => {
    expect(siteSignal(new StanceModel().score('Brook is washed', subject))).toEqual({ pro: 0, against: 0, neutral: 0 });
    const few = new StanceModel();
    few.learn('Brook is washed', 'against', subject);
    few.learn('Brook is HIM', 'pro', subject);
    const many = new StanceModel();
    for (let k = 0; k < 10; k += 1) {
      many.learn('Brook is washed', 'against', subject);
      many.learn('Brook is HIM', 'pro', subject);
    }
    const weak = siteSignal(few.score('washed', subject));
    const strong = siteSignal(many.score('washed', subject));
    expect(weak.against).toBeGreaterThan(0);
    expect(weak.pro).toBeLessThan(0);
    expect(strong.against).toBeGreaterThan(weak.against);
  });
});
