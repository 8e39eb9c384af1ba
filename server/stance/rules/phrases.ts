// Phrase lists compiled once to token sequences, and matching helpers over token arrays.
import { tokenize, type Token } from './tokens.js';

export type Phrase = readonly string[];

// Phrase lists are indexed by first word so matching costs one map look-up per token.
const byFirstWord = new WeakMap<readonly Phrase[], Map<string, Phrase[]>>();

function indexOf(phrases: readonly Phrase[]): Map<string, Phrase[]> {
  let index = byFirstWord.get(phrases);
  if (!index) {
    index = new Map();
    for (const p of phrases) {
      const first = p[0] ?? '';
      const list = index.get(first) ?? [];
      list.push(p);
      index.set(first, list);
    }
    byFirstWord.set(phrases, index);
  }
  return index;
}

/** Compiles natural-language phrases to token sequences using the comment tokenizer. */
export function compilePhrases(phrases: readonly string[]): Phrase[] {
  return phrases
    .map((p) => tokenize(p).map((t) => t.text))
    .filter((p) => p.length > 0)
    .sort((a, b) => b.length - a.length);
}

/** Whether the phrase occurs at token i. */
export function matchesAt(tokens: readonly Token[], i: number, phrase: Phrase): boolean {
  return phrase.every((w, k) => tokens[i + k]?.text === w);
}

/** The longest phrase that occurs at token i, if any. */
export function longestAt(tokens: readonly Token[], i: number, phrases: readonly Phrase[]): Phrase | undefined {
  const candidates = indexOf(phrases).get(tokens[i]?.text ?? '');
  return candidates?.find((p) => matchesAt(tokens, i, p));
}

/** Every position where any of the phrases occurs, with the phrase found there. */
export function findAll(tokens: readonly Token[], phrases: readonly Phrase[]): { index: number; phrase: Phrase }[] {
  const hits: { index: number; phrase: Phrase }[] = [];
  for (let i = 0; i < tokens.length; i += 1) {
    const phrase = longestAt(tokens, i, phrases);
    if (phrase) hits.push({ index: i, phrase });
  }
  return hits;
}

/** Quotes a phrase for a moderator-facing cue. */
export function quote(phrase: Phrase | string): string {
  return `"${typeof phrase === 'string' ? phrase : phrase.join(' ')}"`;
}
