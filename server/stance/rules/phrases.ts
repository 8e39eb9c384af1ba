// Phrase lists compiled once to token sequences and indexed by first word, so matching costs one map look-up per token.
import { tokenize, type Token } from './tokens.js';

export type Phrase = readonly string[];

/** A phrase found in the tokens, with the value its list gave it. */
export interface PhraseHit<T> {
  index: number;
  phrase: Phrase;
  value: T;
}

/** Natural-language phrases (each with a value: a weight, or just `true`), tokenised as comments are. */
export class PhraseIndex<T> {
  private readonly byFirstWord = new Map<string, { phrase: Phrase; value: T }[]>();

  constructor(entries: readonly (readonly [string, T])[]) {
    const compiled = entries
      .map(([text, value]) => ({ phrase: tokenize(text).map((t) => t.text), value }))
      .filter((e) => e.phrase.length > 0)
      // Longest first, so the first match at a token is the longest; equal lengths keep the list's order.
      .sort((a, b) => b.phrase.length - a.phrase.length);
    for (const entry of compiled) {
      const first = entry.phrase[0] ?? '';
      const list = this.byFirstWord.get(first);
      if (list) list.push(entry);
      else this.byFirstWord.set(first, [entry]);
    }
  }

  /** The longest phrase that occurs at token i, with its value. */
  entryAt(tokens: readonly Token[], i: number): { phrase: Phrase; value: T } | undefined {
    return this.byFirstWord.get(tokens[i]?.text ?? '')?.find((e) => e.phrase.every((w, k) => tokens[i + k]?.text === w));
  }

  /** The longest phrase that occurs at token i, if any. */
  longestAt(tokens: readonly Token[], i: number): Phrase | undefined {
    return this.entryAt(tokens, i)?.phrase;
  }

  /** Every position where a phrase starts (overlapping ones too), with the longest phrase found there. */
  findAll(tokens: readonly Token[]): PhraseHit<T>[] {
    const hits: PhraseHit<T>[] = [];
    for (let i = 0; i < tokens.length; i += 1) {
      const entry = this.entryAt(tokens, i);
      if (entry) hits.push({ index: i, ...entry });
    }
    return hits;
  }
}

/** A plain phrase list: only whether and where its phrases occur matters. */
export function phraseList(phrases: readonly string[]): PhraseIndex<true> {
  return new PhraseIndex(phrases.map((p) => [p, true] as const));
}

/** Quotes a phrase for a moderator-facing cue. */
export function quote(phrase: Phrase | string): string {
  return `"${typeof phrase === 'string' ? phrase : phrase.join(' ')}"`;
}
