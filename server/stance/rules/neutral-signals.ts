// Signals that a comment informs, asks or weighs both sides rather than taking a side.
import { BALANCE_MARKERS, INFO_MARKERS } from './lexicon.js';
import { phraseList, quote } from './phrases.js';
import type { SarcasmHit } from './sarcasm.js';
import type { Token } from './tokens.js';

const INFO = phraseList(INFO_MARKERS);
const BALANCE = phraseList(BALANCE_MARKERS);
/** Each informational marker adds this much, for at most INFO_MAX_COUNTED of them. */
const INFO_WEIGHT = 0.9;
const INFO_MAX_COUNTED = 2;
/** Weighing both sides is as plain a neutral signal as any. */
const BALANCE_WEIGHT = 2.2;
/** A comment whose sentences are at least half questions asks rather than argues. */
const QUESTION_WEIGHT = 0.8;
const QUESTION_SHARE = 0.5;
/** Figures without sarcasm lean slightly towards reporting. */
const FIGURES_WEIGHT = 0.2;

/** Neutral weight and the cues that explain it; `sarcasm` is where the comment's sarcasm markers are. */
export function findNeutralSignals(tokens: readonly Token[], sarcasm: readonly SarcasmHit[]): { weight: number; cues: string[] } {
  let weight = 0;
  const cues: string[] = [];
  const info = INFO.findAll(tokens);
  if (info[0]) {
    weight += Math.min(INFO_MAX_COUNTED, info.length) * INFO_WEIGHT;
    cues.push(`informational (${quote(info[0].phrase)})`);
  }
  const balance = BALANCE.findAll(tokens);
  if (balance[0]) {
    weight += BALANCE_WEIGHT;
    cues.push(`weighs both sides (${quote(balance[0].phrase)})`);
  }
  const questions = tokens.filter((t) => t.text === '?').length;
  const sentences = (tokens.at(-1)?.sentence ?? 0) + 1;
  if (questions > 0 && questions >= sentences * QUESTION_SHARE) {
    weight += QUESTION_WEIGHT;
    cues.push('asks a question');
  }
  if (tokens.some((t) => /\d/.test(t.text)) && sarcasm.length === 0) weight += FIGURES_WEIGHT;
  return { weight, cues };
}
