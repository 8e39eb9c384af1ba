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

// "Oh yes, because ...", "Right, because ...", "Sure, 'cause ...": the mock "because" that echoes a claim to ridicule it.
const ECHO_OPENERS = new Set(['yes', 'yeah', 'yep', 'yup', 'right', 'riiight', 'sure', 'suuure', 'totally', 'ok', 'okay']);
// "Sure, because" and "Oh yes, because" mock by themselves; "Yes, because ..." and "Right, because ..." often answer
// sincerely, so they mock only with emphasis on the claim ("is so lazy") or sarcasm elsewhere ("... Sure.").
const MOCKING_OPENERS = new Set(['riiight', 'sure', 'suuure', 'totally', 'course']);
const EMPHASIS = new Set(['such', 'so', 'obviously', 'clearly', 'definitely', 'surely', 'totally', 'truly']);
const BECAUSE = new Set(['because', 'cause', 'coz', 'cuz', 'bc']);
// Where the claim starts inside "because FACT is such CLAIM": a copula, or the emphasis that marks the mocked word.
const CLAIM_MARKERS = new Set(['is', 'are', 'was', 'were', 'be', 'means', 'proves', 'makes', 'such', 'so', 'obviously', 'clearly', 'definitely', 'surely']);

/**
 * A sentence that echoes a claim to mock it: "Oh yes, because [FACT] is such [CLAIM]" or "Nothing says [CLAIM] like
 * [FACT]". The claim's words mean their opposite (echoed criticism defends, echoed praise attacks); the fact's words
 * are meant as said.
 */
export interface MockEcho {
  form: 'because' | 'nothing says';
  sentence: number;
  /** The words before the fact (the opener: "oh yes, because"), which judge nobody. */
  factStart: number;
  claimStart: number;
  /** One past the claim's last token. */
  claimEnd: number;
}

/** Every mock echo in the item, in order. Pure and linear in the tokens. */
export function findMockEchoes(tokens: readonly Token[], sarcasm: readonly SarcasmHit[]): MockEcho[] {
  const echoes: MockEcho[] = [];
  const marked = new Set(sarcasm.map((h) => tokens[h.index]?.sentence));
  tokens.forEach((t, k) => {
    if (k > 0 && tokens[k - 1]?.sentence === t.sentence) return;
    let i = k;
    const skipCommas = () => {
      while (tokens[i]?.text === ',') i += 1;
    };
    if (tokens[i]?.text === 'oh') i += 1;
    skipCommas();
    const oh = i > k;
    const course = tokens[i]?.text === 'of' && tokens[i + 1]?.text === 'course';
    const opener = course ? 'course' : ECHO_OPENERS.has(tokens[i]?.text ?? '') ? tokens[i]?.text : undefined;
    if (opener) i += course ? 2 : 1;
    skipCommas();
    // "Sure, because nothing says ..." is the "nothing says" form.
    if (opener && BECAUSE.has(tokens[i]?.text ?? '') && tokens[i + 1]?.text === 'nothing' && tokens[i + 2]?.text === 'says') i += 1;
    if (opener && BECAUSE.has(tokens[i]?.text ?? '')) {
      const end = sentenceEnd(tokens, i);
      let claim = i + 1;
      while (claim < end && !CLAIM_MARKERS.has(tokens[claim]?.text ?? '')) claim += 1;
      const emphatic = tokens.slice(i + 1, end).some((w) => EMPHASIS.has(w.text));
      const elsewhere = marked.size > (marked.has(t.sentence) ? 1 : 0);
      if (!oh && !MOCKING_OPENERS.has(opener) && !emphatic && !elsewhere) return;
      echoes.push({ form: 'because', sentence: t.sentence, factStart: i + 1, claimStart: claim < end ? claim : i + 1, claimEnd: end });
    } else if (tokens[i]?.text === 'nothing' && tokens[i + 1]?.text === 'says') {
      const end = sentenceEnd(tokens, i);
      let like = i + 2;
      while (like < end && tokens[like]?.text !== 'like') like += 1;
      echoes.push({ form: 'nothing says', sentence: t.sentence, factStart: like, claimStart: i + 2, claimEnd: like });
    }
  });
  return echoes;
}

function sentenceEnd(tokens: readonly Token[], k: number): number {
  const s = tokens[k]?.sentence;
  let end = k;
  while (end < tokens.length && tokens[end]?.sentence === s) end += 1;
  return end;
}
