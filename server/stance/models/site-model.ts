// The online learner: multinomial naive Bayes over word unigrams and bigrams, updated one labelled item at a time.
import { STANCES, type Stance } from '../stances.js';
import { buildSubjectMatcher, type StanceSubjectLike, type SubjectMatcher } from '../rules/targets.js';
import { tokenize } from '../rules/tokens.js';

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
const SUBJECT_TOKEN = '_subject_';

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
  learn(text: string, label: Stance, subject?: StanceSubjectLike): void {
    this.docs[label] += 1;
    for (const f of features(text, subject)) {
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
  score(text: string, subject?: StanceSubjectLike, skip?: (feature: string) => boolean): ModelScore {
    const feats = skip ? features(text, subject).filter((f) => !skip(f)) : features(text, subject);
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
    const max = Math.max(log.pro, log.against, log.neutral);
    const z = STANCES.reduce((acc, l) => acc + Math.exp(log[l] - max), 0);
    const probabilities = { pro: 0, against: 0, neutral: 0 } as Record<Stance, number>;
    for (const label of STANCES) probabilities[label] = Math.exp(log[label] - max) / z;
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

/** Unigram and bigram features of a text, with subject mentions folded into one token. */
export function features(text: string, subject?: StanceSubjectLike): string[] {
  const tokens = tokenize(text);
  const matcher = subject ? matcherFor(subject) : undefined;
  const words: string[] = [];
  for (let i = 0; i < tokens.length; ) {
    const hit = matcher?.matchAt(tokens, i);
    if (hit && hit.length > 0 && !hit.indirect) {
      words.push(SUBJECT_TOKEN);
      i += hit.length;
      continue;
    }
    const t = tokens[i];
    if (t && t.text !== ',') words.push(t.isMark ? '.' : t.text);
    i += 1;
  }
  const feats = words.filter((w) => w !== '.');
  for (let i = 0; i + 1 < words.length; i += 1) {
    if (words[i] !== '.' || words[i + 1] !== '.') feats.push(`${words[i]} ${words[i + 1]}`);
  }
  return feats;
}

// Building a matcher costs more than scoring; a thread's items share one subject object.
const matchers = new WeakMap<StanceSubjectLike, SubjectMatcher>();

function matcherFor(subject: StanceSubjectLike): SubjectMatcher {
  let m = matchers.get(subject);
  if (!m) matchers.set(subject, (m = buildSubjectMatcher(subject, '')));
  return m;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function toCount(value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new Error('Bad count in saved stance model');
  return value;
}

