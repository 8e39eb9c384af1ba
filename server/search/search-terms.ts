// What a search box's text means: the words in it, and how well a text matches them, with the matches marked. Pure.

/** A word as both engines' indexes cut text (FTS5's unicode61 and the PostgreSQL expression's [[:alnum:]] runs). */
const WORD = /[\p{L}\p{N}\p{Co}]+/gu;
/** Only this much of the box is read: the rest of a huge paste is ignored, so every query costs the same at most. */
export const MAX_QUERY_CHARS = 200;
/** Words past these are dropped: each is one more index lookup, and a longer word matches nothing stored. */
const MAX_TERMS = 8;
const MAX_TERM_CHARS = 64;
const EXCERPT_CHARS = 240;
const EXCERPT_LEAD_CHARS = 70;
/** A match in a post's title or a comment's author counts this many times one in the text. */
const HEADING_WEIGHT = 5;

/** The distinct lower-cased words of a query, at most MAX_TERMS of them; empty when there are none. */
export function parseSearchTerms(query: string): string[] {
  const words = query.slice(0, MAX_QUERY_CHARS).normalize('NFC').toLowerCase().match(WORD) ?? [];
  return [...new Set(words.filter((w) => w.length <= MAX_TERM_CHARS))].slice(0, MAX_TERMS);
}

function countMatches(text: string, terms: ReadonlySet<string>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const word of text.toLowerCase().match(WORD) ?? []) if (terms.has(word)) counts.set(word, (counts.get(word) ?? 0) + 1);
  return counts;
}

/**
 * How well a heading (title or author) and a text match the terms: each term's weighted count, damped so
 * one word repeated does not outrank several found. The same in JavaScript on both engines, so they rank alike.
 */
export function scoreMatch(terms: readonly string[], heading: string, text: string): number {
  const wanted = new Set(terms);
  const [inHeading, inText] = [countMatches(heading, wanted), countMatches(text, wanted)];
  return terms.reduce((score, t) => score + Math.log2(1 + HEADING_WEIGHT * (inHeading.get(t) ?? 0) + (inText.get(t) ?? 0)), 0);
}

export interface ExcerptPart {
  text: string;
  mark: boolean;
}

/** A window of the text around its first match, cut into plain and matched parts (the template escapes each). */
export function buildExcerpt(text: string, terms: readonly string[]): ExcerptPart[] {
  const flat = text.replace(/\s+/g, ' ').trim();
  const wanted = new Set(terms);
  let first = 0;
  for (const m of flat.matchAll(WORD)) {
    if (wanted.has(m[0].toLowerCase())) {
      first = m.index;
      break;
    }
  }
  const start = first > EXCERPT_LEAD_CHARS ? flat.lastIndexOf(' ', first - EXCERPT_LEAD_CHARS) + 1 : 0;
  const window = flat.slice(start, start + EXCERPT_CHARS);
  const parts: ExcerptPart[] = start > 0 ? [{ text: '… ', mark: false }] : [];
  let at = 0;
  const plain = (s: string) => {
    const last = parts[parts.length - 1];
    if (last && !last.mark) last.text += s;
    else if (s !== '') parts.push({ text: s, mark: false });
  };
  for (const m of window.matchAll(WORD)) {
    if (!wanted.has(m[0].toLowerCase())) continue;
    plain(window.slice(at, m.index));
    parts.push({ text: m[0], mark: true });
    at = m.index + m[0].length;
  }
  plain(window.slice(at));
  if (start + EXCERPT_CHARS < flat.length) plain(' …');
  return parts;
}
