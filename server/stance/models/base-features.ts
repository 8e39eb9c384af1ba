// What the base model sees of an item: how strongly each family of rule cues fired, the thread around it, and its words.
import type { StanceAnalysis } from '../rules/analyze.js';
import type { StanceContext, ThreadItem } from '../stance-types.js';
import type { FeatureVector } from './linear-model.js';

// Rule-family sums are capped so one gushing comment cannot teach the model absurd scales.
const FAMILY_CAP = 3;
const LONG_WORDS = 25;
const SHORT_WORDS = 4;
// Cues that pass on someone else's side (agreeing with them, backing them) are one signed feature each (the
// referent's side times the cue's strength), not a pro half and an against half: agreeing with an against comment
// must weigh as far against as agreeing with a pro one weighs for. Two halves learned apart, or an unsigned twin
// beside the signed one, came out with "agrees with an against comment" leaning pro.
const SIGNED_FAMILY = /^(ref:|sent:person)/;

/**
 * Feature vector for the base model: '#'-prefixed rule and thread features plus the item's word n-grams
 * (`words`: wordFeatures of the analysis's tokens, worked out once and shared with the site model).
 */
export function baseFeatures(analysis: StanceAnalysis, words: readonly string[], target: ThreadItem, context: StanceContext): FeatureVector {
  const f = new Map<string, number>();
  const add = (name: string, value: number) => f.set(name, (f.get(name) ?? 0) + value);
  add('#bias', 1);
  let polarity = 0;
  for (const e of analysis.evidence) {
    if (e.polarity === 0) continue;
    polarity += e.polarity;
    const kind = e.kind ?? 'other';
    if (SIGNED_FAMILY.test(kind)) add(`#${kind}±`, e.polarity);
    else add(`#${kind}${e.polarity > 0 ? '+' : '-'}`, Math.abs(e.polarity));
  }
  for (const [name, value] of f) if (name !== '#bias') f.set(name, Math.max(-FAMILY_CAP, Math.min(FAMILY_CAP, value)));
  add(polarity >= 0 ? '#rule+' : '#rule-', Math.min(FAMILY_CAP * 2, Math.abs(polarity)) / 2);
  add('#neutral-signals', Math.min(FAMILY_CAP, analysis.neutral.weight));
  add('#agrees-with-neutral', analysis.reference.neutralWeight);
  const wordCount = analysis.tokens.filter((t) => !t.isMark).length;
  add(wordCount <= SHORT_WORDS ? '#short' : wordCount >= LONG_WORDS ? '#long' : '#medium', 1);
  if (analysis.isTopLevel) add('#top-level', 1);
  if (target.kind === 'remark') add('#remark', 1);
  if (analysis.tokens.some((t) => t.text === '?')) add('#question', 1);
  const kinds = new Set(analysis.mentions.map((m) => m.kind));
  if (kinds.has('subject')) add('#names-subject', 1);
  if (kinds.has('indirect')) add('#pronoun-subject', 1);
  if (!kinds.has('subject') && !kinds.has('indirect')) add('#no-subject', 1);
  const parent = analysis.parent;
  if (parent?.stance) add(`#answers-${parent.stance}`, parent.trust ?? 1);
  if (context.post.stance) add(`#post-${context.post.stance}`, 1);
  for (const w of new Set(words)) add(`w:${w}`, 1);
  return f;
}
