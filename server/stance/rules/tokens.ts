// Tokenizer for stance cues: lowercased words with sentence, clause and quote positions. One pass, linear in the text.
import { CLAUSE_WORDS } from './lexicon.js';

export interface Token {
  /** Lowercased, contraction-stripped form used for lexicon look-ups. */
  text: string;
  /** The word as written, for capitalisation checks. */
  raw: string;
  sentence: number;
  clause: number;
  /** Inside double quotes: someone else's words or scare quotes. */
  quoted: boolean;
  /** True for punctuation-like tokens that end a sentence or clause. */
  isMark: boolean;
}

const TOKEN_PATTERN =
  /(\+1\b)|(\/s\b)|(@[A-Za-z0-9_.]*[A-Za-z0-9_])|([A-Za-z0-9$%][A-Za-z0-9'._%-]*[A-Za-z0-9%]|[A-Za-z0-9])|(")|([.!?;\n]+|\.\.\.|…)|([,:()–—]|\s-\s)|(\p{Extended_Pictographic})/gu;

// Typed without apostrophes these still negate ("doesnt", "cant").
const BARE_NEGATIONS = new Set([
  'dont',
  'doesnt',
  'didnt',
  'isnt',
  'wasnt',
  'arent',
  'werent',
  'cant',
  'couldnt',
  'wouldnt',
  'shouldnt',
  'wont',
  'aint',
  'hasnt',
  'havent',
  'hadnt',
  'cannot',
]);
const CONTRACTION_SUFFIX = /'(s|re|ll|d|ve|m)$/;

/**
 * How much of an item the classifier reads: about 2,000 words, four times the longest labelled comment. The
 * forms allow 64 KB; past this point a comment has long since taken its side, and reading on would only let
 * one pasted essay cost more than a bounded share of the worker (see test/unit/stance-complexity.test.ts).
 */
export const MAX_READ_CHARS = 12_000;
/** How far back from the limit the cut looks for a space, so that it does not split a word. */
const CUT_LOOKBACK = 100;

/** The part of a text the classifier reads: all of it, or its first MAX_READ_CHARS characters cut at a space. */
export function leadingPart(text: string): string {
  if (text.length <= MAX_READ_CHARS) return text;
  const space = text.lastIndexOf(' ', MAX_READ_CHARS);
  return text.slice(0, space > MAX_READ_CHARS - CUT_LOOKBACK ? space : MAX_READ_CHARS);
}

/** Splits a comment into tokens, normalising quotes, contractions and negations ("doesn't" -> "does", "not"). */
export function tokenize(body: string): Token[] {
  const text = body.replace(/[’‘`´]/g, "'").replace(/[“”«»]/g, '"');
  const tokens: Token[] = [];
  let sentence = 0;
  let clause = 0;
  let quoted = false;
  const push = (word: string, raw: string, isMark = false) => tokens.push({ text: word, raw, sentence, clause, quoted, isMark });
  for (const m of text.matchAll(TOKEN_PATTERN)) {
    const [all, plusOne, sarcasmTag, handle, word, quote, stop, comma, emoji] = m;
    if (plusOne) push('+1', all);
    else if (sarcasmTag) push('/s', all);
    else if (handle) push(handle.toLowerCase(), handle);
    else if (word) pushWord(word, push, () => (clause += 1));
    else if (quote) quoted = !quoted;
    else if (stop) {
      push(stop.includes('?') ? '?' : stop.includes('!') ? '!' : '.', stop, true);
      sentence += 1;
      clause += 1;
      if (stop.includes('\n')) quoted = false;
    } else if (comma) {
      push(',', comma, true);
      clause += 1;
    } else if (emoji) push(emoji, emoji);
  }
  return tokens;
}

function pushWord(word: string, push: (w: string, raw: string) => void, newClause: () => void): void {
  const lower = trimTrailing(word.toLowerCase(), '.');
  if (CLAUSE_WORDS.has(lower)) newClause();
  if (lower.endsWith("n't")) {
    const base = lower === "won't" ? 'will' : lower === "can't" ? 'can' : lower.slice(0, -3);
    push(base, word);
    push('not', word);
    return;
  }
  if (BARE_NEGATIONS.has(lower)) {
    push(lower.slice(0, -2) || lower, word);
    push('not', word);
    return;
  }
  push(lower.replace(CONTRACTION_SUFFIX, ''), word);
}

// A loop, not /\.+$/: that regex retries from every dot of a word like "a....a" and is quadratic in its length.
function trimTrailing(word: string, char: string): string {
  let end = word.length;
  while (end > 0 && word[end - 1] === char) end -= 1;
  return word.slice(0, end);
}

/** Lowercases and tokenises a name or alias the same way comments are tokenised. */
export function tokenizeName(name: string): string[] {
  return tokenize(name)
    .filter((t) => !t.isMark)
    .map((t) => t.text);
}
