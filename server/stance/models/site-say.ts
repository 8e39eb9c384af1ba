// The site model's say in a label: which words it may speak for, and how far its lean moves the logits.
import type { LinearStanceModel } from './linear-model.js';
import { siteSignal, type ModelScore, type StanceModel } from './site-model.js';
import { STANCES, type Stance } from '../../shared/stances.js';

// How far the site's own moderator labels move the logits. Not a base-model feature: in training the base
// model's word weights already fit every training thread, so it learned to ignore a site model there and the
// gain from moderator labels vanished. Set by leave-one-thread-out on the learn-site training files (2-6 all help).
const MODEL_WEIGHT = 3;
// Below this the site model's lean is too faint to name as a cue.
const SITE_CUE_MIN = 0.3;
// The base model reads the words it has firm weights for better than a few moderator labels can; the site
// model speaks for the rest: the site's own slang and nicknames, and everyday words ("him", "cooking") that mean
// nothing to the base model but something on this site. Scoring firm words too let a site model learned from a
// writer's other, unrelated threads overrule the base model on everyday wording (F_avg 0.73 -> 0.70 on six
// training files, each scored by a base model trained without it); at this threshold those files come out even.
const FIRM_WEIGHT = 0.1;
const firmWords = new WeakMap<LinearStanceModel, (feature: string) => boolean>();

/** The site model's score for an item's word features, without the words the base model (if any) weighs firmly; undefined while it has learned nothing. */
export function scoreSite(model: StanceModel | undefined, words: readonly string[], base: LinearStanceModel | null): ModelScore | undefined {
  if (!model || model.trained === 0) return undefined;
  return model.scoreFeatures(words, base ? firmlyKnownTo(base) : undefined);
}

/** Adds the site's lean to whichever logits decided (base model or rules); returns the cue naming it, if it is clear. */
export function addSiteSay(logits: Record<Stance, number>, site: ModelScore): string[] {
  const signal = siteSignal(site);
  for (const l of STANCES) logits[l] += MODEL_WEIGHT * signal[l];
  const lean = STANCES.reduce((best, l) => (signal[l] > signal[best] ? l : best), 'neutral' as Stance);
  return signal[lean] > SITE_CUE_MIN ? [`this site's moderator labels lean ${lean} for similar wording`] : [];
}

function firmlyKnownTo(base: LinearStanceModel): (feature: string) => boolean {
  let firm = firmWords.get(base);
  if (!firm) firmWords.set(base, (firm = (f) => base.strength(`w:${f}`) > FIRM_WEIGHT));
  return firm;
}
