// Where a sentiment word's force reaches: negation, contrast, reported attitudes, questions and quotes.
import { NEGATION_WINDOW, NEGATORS, REPORTED_ATTITUDE_VERBS, THIRD_PARTY_WORDS } from './lexicon.js';
import type { Token } from './tokens.js';

const WEIGHT_BEFORE_CONTRAST = 0.6;
const WEIGHT_AFTER_CONTRAST = 1.3;
const RETRACTED_FACTOR = -0.6;
const REPORTED_LOOKBACK = 8;
// Negation does not reach past a new clause head: "doesn't erase how much better".
const SCOPE_BREAKERS = new Set(['how', 'what', 'that', 'which', 'who', 'why', 'because', 'if', 'when']);
const CONTRAST_WORDS = new Set(['but', 'though', 'although', 'however', 'yet']);
// "Nobody deserves it more than him": a negated comparison is a superlative, not a denial.
const COMPARATIVES = new Set(['more', 'better', 'harder', 'bigger']);
// Openers of a sentence that concedes the one before ("Nice he raised money. Shame about ... though").
const SENTENCE_CONTRAST_OPENERS = new Set(['but', 'however', 'still', 'yet']);

// "Loved her early books", "was great ten years ago", "used to be the fans' artist": praise set in the past is
// usually a former fan's preface to what went wrong since.
const PAST_MARKERS = new Set(['ago', 'used', 'early', 'earlier', 'anymore', 'nowadays', 'former', 'formerly', 'once']);

/** Whether the sentence around token i sets what it says in the past. */
export function isInThePast(tokens: readonly Token[], i: number): boolean {
  const sentence = tokens[i]?.sentence;
  return tokens.some((t) => t.sentence === sentence && PAST_MARKERS.has(t.text));
}

/** Length of the run of quoted tokens around i: short runs are scare quotes, long runs are someone's words. */
export function quotedSpan(tokens: readonly Token[], i: number): number {
  let start = i;
  let end = i;
  while (tokens[start - 1]?.quoted) start -= 1;
  while (tokens[end + 1]?.quoted) end += 1;
  return end - start + 1;
}

/** Whether token i sits in a question; praise there ("and now he's a hero?") is usually rhetorical. */
export function isQuestion(tokens: readonly Token[], i: number): boolean {
  const sentence = tokens[i]?.sentence;
  for (let k = i; k < tokens.length; k += 1) {
    const t = tokens[k];
    if (t?.isMark && t.sentence === sentence) return t.text === '?';
  }
  return false;
}

/** Whether a negator earlier in the clause turns the word at i round. */
export function isNegated(tokens: readonly Token[], i: number): boolean {
  const clause = tokens[i]?.clause;
  for (let k = i - 1; k >= Math.max(0, i - NEGATION_WINDOW); k -= 1) {
    const t = tokens[k];
    if (!t || t.clause !== clause || SCOPE_BREAKERS.has(t.text)) return false;
    if (NEGATORS.has(t.text)) return !isNegatedComparison(tokens, i, clause);
  }
  return false;
}

function isNegatedComparison(tokens: readonly Token[], i: number, clause: number | undefined): boolean {
  for (let k = i + 1; k < tokens.length && tokens[k]?.clause === clause; k += 1) {
    if (COMPARATIVES.has(tokens[k]?.text ?? '') && tokens[k + 1]?.text === 'than') return true;
  }
  return false;
}

/**
 * A third party ("critics", "my brother", "people") with an attitude or saying verb at or before the word,
 * with no "but" in between: the words are theirs, not the writer's ("critics say he's lazy", "fans hate him").
 */
export function isReported(tokens: readonly Token[], i: number): boolean {
  const sentence = tokens[i]?.sentence;
  for (let k = i; k >= Math.max(0, i - REPORTED_LOOKBACK); k -= 1) {
    const t = tokens[k];
    if (!t || t.sentence !== sentence || (k < i && CONTRAST_WORDS.has(t.text))) return false;
    if (!REPORTED_ATTITUDE_VERBS.has(t.text)) continue;
    const who = tokens.slice(Math.max(0, k - 3), k).map((x) => x.text);
    if (who.some((w) => THIRD_PARTY_WORDS.has(w))) return true;
  }
  return false;
}

/** What follows "but" carries the writer's view; what precedes it, in the sentence or the one before, concedes. */
export function contrastFactor(tokens: readonly Token[], i: number): number {
  const tok = tokens[i];
  if (!tok) return 1;
  let before = false;
  let after = false;
  let retracted = false;
  tokens.forEach((t, k) => {
    if (t.sentence === tok.sentence && CONTRAST_WORDS.has(t.text)) {
      if (k < i) after = true;
      else if (k > i + 1) before = true;
    } else if (t.sentence === tok.sentence + 1) {
      const turn = sentenceTurn(tokens, k);
      if (turn === 'retract') retracted = true;
      else if (turn === 'contrast') before = true;
    } else if (t.sentence === tok.sentence && k < i && sentenceTurn(tokens, k) === 'contrast') after = true;
  });
  if (retracted) return RETRACTED_FACTOR;
  if (after) return WEIGHT_AFTER_CONTRAST;
  return before ? WEIGHT_BEFORE_CONTRAST : 1;
}

// "But ..." opening a sentence, or "... though." closing it, answers the sentence before;
// "Not anymore." or "Never again." takes it back altogether.
function sentenceTurn(tokens: readonly Token[], k: number): 'contrast' | 'retract' | undefined {
  const t = tokens[k];
  if (!t || t.isMark) return undefined;
  const first = k === 0 || tokens[k - 1]?.sentence !== t.sentence;
  const last = tokens[k + 1]?.isMark === true && tokens[k + 1]?.sentence === t.sentence;
  const next = tokens[k + 1]?.text;
  if (first && ((t.text === 'not' && next === 'anymore') || (t.text === 'never' && next === 'again') || (t.text === 'no' && next === 'longer'))) return 'retract';
  if ((first && SENTENCE_CONTRAST_OPENERS.has(t.text)) || (last && t.text === 'though' && t.sentence > 0)) return 'contrast';
  return undefined;
}

/** Whether the subject holds the attitude rather than receives it: "Kell loves a press conference". */
export function isHeldBySubject(tokens: readonly Token[], i: number, isSubjectAt: (k: number) => boolean): boolean {
  return REPORTED_ATTITUDE_VERBS.has(tokens[i]?.text ?? '') && i > 0 && isSubjectAt(i - 1);
}
