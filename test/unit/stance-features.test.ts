import { describe, expect, it } from 'vitest';
import { loadBaseModel } from '../../server/stance/models/base-model.js';
import { baseModelFeatures, classifyStance } from '../../server/stance/stance-classifier.js';
import type { StanceContext, ThreadItem } from '../../server/stance/stance-types.js';
import type { Stance } from '../../server/shared/stances.js';

// Agreeing with someone takes their side, whichever side that is: one signed feature per referent family.
const subject = { name: 'Orla Kinsey', aliases: ['Kinsey', 'Orla'] };
const earlier: ThreadItem[] = [
  { id: 'c1', parentId: null, author: 'Bea Strand', body: 'Kinsey ruined the show.', kind: 'comment', stance: 'against', source: 'moderator' },
  { id: 'c2', parentId: null, author: 'Ned Farrow', body: 'Kinsey saved the show.', kind: 'comment', stance: 'pro', source: 'moderator' },
];
const context = (postStance?: Stance): StanceContext => ({
  subject,
  post: { author: 'Ilka Dorn', title: 'Kinsey leaves the cast', body: 'Orla Kinsey has left the cast.', stance: postStance },
  earlier,
});
const reply = (body: string, parentId: string | null, kind: ThreadItem['kind'] = 'comment'): ThreadItem => ({
  id: 'x',
  parentId,
  author: 'New Reader',
  body,
  kind,
});

describe('referent features', () => {
  it('gives agreement one signed feature: the referent side times the strength', () => {
    const withCritic = baseModelFeatures(reply('Agreed.', 'c1'), context());
    const withFan = baseModelFeatures(reply('Agreed.', 'c2'), context());
    expect(withCritic.get('#ref:agree±')).toBeLessThan(0);
    expect(withFan.get('#ref:agree±')).toBe(-withCritic.get('#ref:agree±')!);
    expect([...withCritic.keys()].filter((k) => k.startsWith('#ref:agree'))).toEqual(['#ref:agree±']);
  });

  it('ships a model in which agreeing with a side, in a reply or by name, leans to that side', () => {
    const model = loadBaseModel();
    expect(model).not.toBeNull();
    for (const family of ['#ref:agree±', '#ref:named±']) {
      const lean = model!.score(new Map([[family, 1]]));
      expect(lean.pro - lean.against, family).toBeGreaterThan(0);
    }
  });

  it.each([
    ['against', 'against'],
    ['pro', 'pro'],
  ] as const)("reads a remark that sides with the post's author, who is %s, as %s", (postStance, expected) => {
    const result = classifyStance(reply("Read your post, Ilka, and I'm on your side.", 'c9', 'remark'), context(postStance));
    expect(result.label).toBe(expected);
    expect(result.cues.join(' ')).toContain(`agrees with Ilka Dorn, which is ${postStance}`);
  });
});
