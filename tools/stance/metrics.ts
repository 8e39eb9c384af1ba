// Scoring for the eval: confusion matrix, per-label precision/recall/F1, SemEval F_avg and accuracy.
import { STANCES, type Stance } from '../../server/shared/stances.js';

/** confusion[gold][predicted] = count. */
export type ConfusionMatrix = Record<Stance, Record<Stance, number>>;

export interface LabelScores {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface StanceMetrics {
  total: number;
  accuracy: number;
  /** (F1(pro) + F1(against)) / 2, the SemEval-2016 stance metric. */
  f_avg: number;
  f1: Record<Stance, number>;
  labels: Record<Stance, LabelScores>;
  confusion: ConfusionMatrix;
}

/** An all-zero confusion matrix. */
export function emptyConfusion(): ConfusionMatrix {
  const row = () => ({ pro: 0, against: 0, neutral: 0 });
  return { pro: row(), against: row(), neutral: row() };
}

/** Counts gold/predicted pairs into a confusion matrix. */
export function buildConfusion(pairs: readonly { gold: Stance; predicted: Stance }[]): ConfusionMatrix {
  const confusion = emptyConfusion();
  for (const { gold, predicted } of pairs) confusion[gold][predicted] += 1;
  return confusion;
}

/** Precision, recall and F1 per label, accuracy and F_avg from a confusion matrix; empty ratios count as 0. */
export function computeMetrics(confusion: ConfusionMatrix): StanceMetrics {
  let total = 0;
  let correct = 0;
  for (const g of STANCES)
    for (const p of STANCES) {
      total += confusion[g][p];
      if (g === p) correct += confusion[g][p];
    }
  const labels = {} as Record<Stance, LabelScores>;
  for (const label of STANCES) {
    const tp = confusion[label][label];
    const predicted = STANCES.reduce((s, g) => s + confusion[g][label], 0);
    const support = STANCES.reduce((s, p) => s + confusion[label][p], 0);
    const precision = predicted ? tp / predicted : 0;
    const recall = support ? tp / support : 0;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    labels[label] = { precision, recall, f1, support };
  }
  const f1 = { pro: labels.pro.f1, against: labels.against.f1, neutral: labels.neutral.f1 };
  return { total, accuracy: total ? correct / total : 0, f_avg: (f1.pro + f1.against) / 2, f1, labels, confusion };
}

/** One confidence band: how many labels fell in it, their mean confidence and how many were right. */
export interface CalibrationBand {
  from: number;
  to: number;
  items: number;
  mean_confidence: number;
  accuracy: number;
}

const BAND_EDGES = [0, 0.5, 0.6, 0.7, 0.8, 0.9, 1];

/**
 * Accuracy per confidence band, and the expected calibration error (the item-weighted gap between mean
 * confidence and accuracy): whether "0.8" on the review page means right about 8 times in 10.
 */
export function calibrate(items: readonly { gold: Stance; predicted: Stance; confidence: number }[]): { bands: CalibrationBand[]; ece: number } {
  const bands: CalibrationBand[] = [];
  let ece = 0;
  for (let k = 0; k + 1 < BAND_EDGES.length; k += 1) {
    const from = BAND_EDGES[k] ?? 0;
    const to = BAND_EDGES[k + 1] ?? 1;
    const last = k + 2 === BAND_EDGES.length;
    const inBand = items.filter((i) => i.confidence >= from && (i.confidence < to || (last && i.confidence <= to)));
    if (inBand.length === 0) continue;
    const mean = inBand.reduce((s, i) => s + i.confidence, 0) / inBand.length;
    const accuracy = inBand.filter((i) => i.gold === i.predicted).length / inBand.length;
    bands.push({ from, to, items: inBand.length, mean_confidence: mean, accuracy });
    ece += (Math.abs(mean - accuracy) * inBand.length) / items.length;
  }
  return { bands, ece };
}
