// The online learner: multinomial naive Bayes over word unigrams and bigrams, updated one labelled item at a time.
import type { StanceSubject } from '../stance-types.js';
import { STANCES, type Stance } from '../../shared/stances.js';
import { softmax } from './softmax.js';
import { textFeatures } from './word-features.js';

/** What the model thinks of a text: label probabilities and how much it has to go on. */
export interface ModelScore {
  probabilities: Record<Stance, number>;
  logProbabilities: Record<Stance, number>;
  /** Labelled items learned so far. */
  trained: number;
  /** Share of the text's features the model has seen in training (0..1). */
  coverage: number;
}

const SMOOTHING = 1;
// A site model's say grows with what it has learned: half its strength at SIGNAL_RAMP labels.
const SIGNAL_RAMP = 10;
const SIGNAL_CLIP = 3;
const FORMAT = 'rejoinder-stance-nb/1';

/** Online multinomial naive Bayes; subject mentions are replaced by one token so a site's lessons carry across subjects. */
export class StanceModel {
  private readonly docs: Record<Stance, number> = { pro: 0, against: 0, neutral: 0 };
  private readonly totals: Record<Stance, number> = { pro: 0, against: 0, neutral: 0 };
  private readonly counts = new Map<string, Record<Stance, number>>();

  /** Number of labelled items learned. */
  get trained(): number {
    return this.docs.pro + this.docs.against + this.docs.neutral;
  }

  /** Learns one moderator-confirmed (or self-declared) label. */
  learn(text: string, label: Stance, subject?: StanceSubject): void {
    this.docs[label] += 1;
    for (const f of textFeatures(text, subject)) {
      let row = this.counts.get(f);
      if (!row) {
        row = { pro: 0, against: 0, neutral: 0 };
        this.counts.set(f, row);
      }
      row[label] += 1;
      this.totals[label] += 1;
    }
  }

  /**
   * Scores a text; with nothing learned the probabilities are uniform. Features `skip` names (words the
   * caller reads better itself) are left out of both the score and the coverage.
   */
  score(text: string, subject?: StanceSubject, skip?: (feature: string) => boolean): ModelScore {
    return this.scoreFeatures(textFeatures(text, subject), skip);
  }

  /** Scores features already worked out (wordFeatures of the classifier's tokens); see score(). */
  scoreFeatures(features: readonly string[], skip?: (feature: string) => boolean): ModelScore {
    const feats = skip ? features.filter((f) => !skip(f)) : features;
    const vocabulary = Math.max(1, this.counts.size);
    const docs = Math.max(1, this.trained);
    const log = { pro: 0, against: 0, neutral: 0 } as Record<Stance, number>;
    let seen = 0;
    for (const f of feats) if (this.counts.has(f)) seen += 1;
    for (const label of STANCES) {
      let sum = Math.log((this.docs[label] + SMOOTHING) / (docs + SMOOTHING * STANCES.length));
      const denominator = this.totals[label] + SMOOTHING * vocabulary;
      for (const f of feats) {
        const row = this.counts.get(f);
        // Unseen features say nothing; scoring them would only add the same penalty to every label.
        if (row) sum += Math.log((row[label] + SMOOTHING) / denominator);
      }
      log[label] = sum;
    }
    const [pro = 0, against = 0, neutral = 0] = softmax(STANCES.map((l) => log[l]));
    const probabilities: Record<Stance, number> = { pro, against, neutral };
    return { probabilities, logProbabilities: log, trained: this.trained, coverage: feats.length ? seen / feats.length : 0 };
  }

  /** Plain JSON for storing the model per site. */
  toJSON(): unknown {
    return { format: FORMAT, docs: this.docs, totals: this.totals, counts: Object.fromEntries(this.counts) };
  }

  /** Restores a model saved with toJSON; throws on anything else. */
  static fromJSON(json: unknown): StanceModel {
    const model = new StanceModel();
    if (!isRecord(json) || json.format !== FORMAT || !isRecord(json.docs) || !isRecord(json.totals) || !isRecord(json.counts)) {
      throw new Error('Not a saved stance model');
    }
    for (const label of STANCES) {
      model.docs[label] = toCount(json.docs[label]);
      model.totals[label] = toCount(json.totals[label]);
    }
    for (const [feature, row] of Object.entries(json.counts)) {
      if (!isRecord(row)) throw new Error(`Bad counts for ${feature}`);
      model.counts.set(feature, { pro: toCount(row.pro), against: toCount(row.against), neutral: toCount(row.neutral) });
    }
    return model;
  }
}

/**
 * What a site model's score says, per label: centred log-probabilities, clipped, scaled by how much it has
 * learned and how much of the text it has seen. Zero everywhere for an empty model or unseen wording.
 */
export function siteSignal(score: ModelScore): Record<Stance, number> {
  const strength = (score.trained / (score.trained + SIGNAL_RAMP)) * score.coverage;
  if (strength === 0) return { pro: 0, against: 0, neutral: 0 };
  const mean = STANCES.reduce((s, l) => s + score.logProbabilities[l], 0) / STANCES.length;
  const clip = (x: number) => Math.min(SIGNAL_CLIP, Math.max(-SIGNAL_CLIP, x));
  return {
    pro: strength * clip(score.logProbabilities.pro - mean),
    against: strength * clip(score.logProbabilities.against - mean),
    neutral: strength * clip(score.logProbabilities.neutral - mean),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function toCount(value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new Error('Bad count in saved stance model');
  return value;
}
