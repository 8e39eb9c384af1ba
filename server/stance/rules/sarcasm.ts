// Sarcasm: listed markers, "Oh wonderful, ...", and a closing "Sure Greg." after an argument.
import { SARCASM_MARKERS, WORD_SENTIMENT } from './lexicon.js';
import { phraseList, type Phrase } from './phrases.js';
import type { TokenScope } from './scope.js';
import type { Token } from './tokens.js';

const SARCASM = phraseList(SARCASM_MARKERS);
const SARCASM_SHORT_SENTENCES = 4;
const SURE_MAX_WORDS = 3;
const DISMISSIVE_CLOSINGS = new Set(['sure', 'riiight', 'suuure']);

/** A place where sarcasm is signalled, and the words that signal it. */
export interface SarcasmHit {
  index: number;
  phrase: Phrase;
}

/** Where sarcasm is signalled, in order: listed markers plus two general shapes. */
export function findSarcasm(scope: TokenScope): SarcasmHit[] {
  const { tokens } = scope;
  // A reply of nothing but applause ("👏👏") applauds the comment it answers; claps after words are ironic.
  if (tokens.every((t) => t.isMark || t.text === '👏')) return [];
  const hits: SarcasmHit[] = SARCASM.findAll(tokens).map(({ index, phrase }) => ({ index, phrase }));
  const lastSentence = tokens.at(-1)?.sentence;
  tokens.forEach((t, k) => {
    const startsSentence = k === 0 || tokens[k - 1]?.sentence !== t.sentence || tokens[k - 1]?.isMark;
    if (!startsSentence) return;
    // "Oh wonderful", "oh great, another ...": an exclamation of delight opening a sentence.
    const next = tokens[k + 1];
    if (t.text === 'oh' && next && (WORD_SENTIMENT.get(next.text) ?? 0) > 0) hits.push({ index: k, phrase: ['oh', next.text] });
    // "... Sure Greg." / "Right." closing a comment that argued first: a dismissive aside.
    const closing = t.sentence > 0 && t.sentence === lastSentence;
    if (closing && DISMISSIVE_CLOSINGS.has(t.text) && scope.wordsIn(t.sentence) <= SURE_MAX_WORDS) hits.push({ index: k, phrase: [t.text] });
  });
  return hits.sort((a, b) => a.index - b.index);
}

/** Sentences in which praise is meant ironically; in short comments a marker colours the whole comment. */
export function sarcasmScope(tokens: readonly Token[], hits: readonly SarcasmHit[]): Set<number> {
  const scope = new Set<number>();
  const sentences = (tokens.at(-1)?.sentence ?? 0) + 1;
  for (const hit of hits) {
    const s = tokens[hit.index]?.sentence ?? 0;
    if (sentences <= SARCASM_SHORT_SENTENCES) for (let k = 0; k < sentences; k += 1) scope.add(k);
    else for (const k of [s - 1, s, s + 1]) scope.add(k);
  }
  return scope;
}
