// Named things: a run of capitalised words ("Champions League", "Golden Boot", "Harbour Defenders") names an event,
// a team or a title; a lexicon word inside it is part of the name, not a judgement. Pure.
import type { Token } from './tokens.js';

/** Capitalised as a name is, not shouted ("GREAT") and not the pronoun "I". */
function isCapitalised(tok: Token | undefined): tok is Token {
  if (!tok || tok.isMark || tok.quoted) return false;
  const raw = tok.raw;
  return /^\p{Lu}/u.test(raw) && raw !== 'I' && raw !== raw.toUpperCase();
}

function startsSentence(tokens: readonly Token[], i: number): boolean {
  const prev = tokens[i - 1];
  return !prev || prev.sentence !== tokens[i]!.sentence || (prev.isMark && prev.text !== ',');
}

/**
 * Whether the word at i belongs to a name of two or more capitalised words. A sentence's first word is capitalised
 * anyway, so it counts only beside a capitalised word that is not someone already named (`isPerson`): "Champions
 * League starts" is a name, "Brilliant Mia" is praise of Mia.
 */
export function isInName(tokens: readonly Token[], i: number, isPerson: (k: number) => boolean): boolean {
  const tok = tokens[i];
  if (!isCapitalised(tok)) return false;
  const after = tokens[i + 1]?.sentence === tok.sentence && isCapitalised(tokens[i + 1]);
  if (startsSentence(tokens, i)) return after && !isPerson(i + 1);
  return after || (tokens[i - 1]?.sentence === tok.sentence && isCapitalised(tokens[i - 1]));
}
