// The base model: multinomial logistic regression over rule-cue families and words, trained offline and shipped as weights.
import { STANCES, type Stance } from '../../shared/stances.js';
import { softmax } from './softmax.js';

/** A sparse feature vector: feature name to value. */
export type FeatureVector = ReadonlyMap<string, number>;

export interface TrainingExample {
  features: FeatureVector;
  label: Stance;
}

export interface TrainOptions {
  epochs?: number;
  rate?: number;
  /** L2 strength for word features; rule-family features (prefixed '#') get DENSE_L2. */
  l2?: number;
  seed?: number;
  /** Share of word features hidden at each step (inverted dropout). */
  dropout?: number;
}

const FORMAT = 'rejoinder-stance-linear/1';
const DENSE_PREFIX = '#';
const DENSE_L2 = 0.0005;
const PRUNE_BELOW = 0.02;
const DIGITS = 1000;

/** Linear scores per stance; score() gives logits that the classifier soft-maxes. */
export class LinearStanceModel {
  constructor(private readonly weights = new Map<string, number[]>()) {}

  /** Whether a feature has weights (the model has seen it in training). */
  knows(name: string): boolean {
    return this.weights.has(name);
  }

  /** Largest absolute weight of a feature (0 when unknown). */
  strength(name: string): number {
    const w = this.weights.get(name);
    return w ? Math.max(...w.map(Math.abs)) : 0;
  }

  /** Number of features with weights. */
  get size(): number {
    return this.weights.size;
  }

  /** Logits for a feature vector; unknown features contribute nothing. */
  score(features: FeatureVector): Record<Stance, number> {
    const out = { pro: 0, against: 0, neutral: 0 };
    for (const [name, value] of features) {
      const w = this.weights.get(name);
      if (!w) continue;
      out.pro += (w[0] ?? 0) * value;
      out.against += (w[1] ?? 0) * value;
      out.neutral += (w[2] ?? 0) * value;
    }
    return out;
  }

  /** The mean of several models' weights (a feature missing from one counts as zero there). */
  static average(models: readonly LinearStanceModel[]): LinearStanceModel {
    const sum = new Map<string, number[]>();
    for (const m of models) {
      for (const [name, w] of m.weights) {
        const row = sum.get(name) ?? [0, 0, 0];
        sum.set(
          name,
          row.map((x, k) => x + (w[k] ?? 0) / models.length),
        );
      }
    }
    return new LinearStanceModel(sum);
  }

  /** Plain JSON with small weights pruned and the rest rounded, to keep the shipped file small. */
  toJSON(): unknown {
    const weights: Record<string, number[]> = {};
    for (const [name, w] of [...this.weights].sort(([a], [b]) => (a < b ? -1 : 1))) {
      if (Math.max(...w.map(Math.abs)) < PRUNE_BELOW && !name.startsWith(DENSE_PREFIX)) continue;
      weights[name] = w.map((x) => Math.round(x * DIGITS) / DIGITS);
    }
    return { format: FORMAT, labels: STANCES, weights };
  }

  /** Restores weights saved with toJSON; throws on anything else. */
  static fromJSON(json: unknown): LinearStanceModel {
    const j = json as { format?: unknown; weights?: unknown };
    if (!j || j.format !== FORMAT || typeof j.weights !== 'object' || j.weights === null) throw new Error('Not a saved linear stance model');
    const weights = new Map<string, number[]>();
    for (const [name, w] of Object.entries(j.weights as Record<string, unknown>)) {
      if (!Array.isArray(w) || w.length !== STANCES.length || !w.every((x) => typeof x === 'number' && Number.isFinite(x))) {
        throw new Error(`Bad weights for ${name}`);
      }
      weights.set(name, w as number[]);
    }
    return new LinearStanceModel(weights);
  }

  /**
   * Averaged stochastic gradient descent on the log loss, in a fixed shuffled order so training is
   * reproducible. Averaging keeps the last noisy steps from deciding the shipped weights.
   */
  static train(examples: readonly TrainingExample[], options: TrainOptions = {}): LinearStanceModel {
    const { epochs = 30, rate = 0.1, l2 = 0.01, seed = 7, dropout = 0.3 } = options;
    const w = new Map<string, number[]>();
    // Averaging trick: with u accumulating step * update, the mean of all iterates is w - u / steps.
    const u = new Map<string, number[]>();
    const order = examples.map((_, i) => i);
    let random = seed;
    const next = () => (random = (random * 1103515245 + 12345) % 2147483648) / 2147483648;
    let steps = 1;
    const model = new LinearStanceModel(w);
    for (let epoch = 0; epoch < epochs; epoch += 1) {
      for (let i = order.length - 1; i > 0; i -= 1) {
        const j = Math.floor(next() * (i + 1));
        [order[i], order[j]] = [order[j] ?? 0, order[i] ?? 0];
      }
      const eta = rate / (1 + epoch * 0.1);
      for (const index of order) {
        const ex = examples[index];
        if (!ex) continue;
        // Live comments are mostly new words; hiding words in training makes the rule features carry their weight.
        const features = new Map<string, number>();
        for (const [name, value] of ex.features) {
          if (name.startsWith(DENSE_PREFIX)) features.set(name, value);
          else if (next() >= dropout) features.set(name, value / (1 - dropout));
        }
        const logits = model.score(features);
        const p = softmax(STANCES.map((l) => logits[l]));
        for (const [name, value] of features) {
          let row = w.get(name);
          if (!row) w.set(name, (row = [0, 0, 0]));
          let acc = u.get(name);
          if (!acc) u.set(name, (acc = [0, 0, 0]));
          // L2 is applied only when a feature fires: cheap, and rare words are shrunk no more than they are seen.
          const reg = name.startsWith(DENSE_PREFIX) ? DENSE_L2 : l2;
          for (let k = 0; k < STANCES.length; k += 1) {
            const grad = ((p[k] ?? 0) - (STANCES[k] === ex.label ? 1 : 0)) * value + reg * (row[k] ?? 0);
            row[k] = (row[k] ?? 0) - eta * grad;
            acc[k] = (acc[k] ?? 0) - steps * eta * grad;
          }
        }
        steps += 1;
      }
    }
    const averaged = new Map<string, number[]>();
    for (const [name, row] of w) {
      const acc = u.get(name) ?? [0, 0, 0];
      averaged.set(
        name,
        row.map((x, k) => x - (acc[k] ?? 0) / steps),
      );
    }
    return new LinearStanceModel(averaged);
  }
}
