// The subject's allies and rivals as the post's author names them: people, groups, slogans and hashtags. Praise of
// an ally or an attack on a rival is for the subject, and the reverse; a slogan or hashtag used at all takes its side.
import type { StanceSubject } from '../stance-types.js';
import { needsCapital } from './targets.js';
import { tokenizeName, type Token } from './tokens.js';

export type Side = 'ally' | 'rival';

/** One named ally or rival as it was matched: how many tokens, and whether it is a slogan or hashtag. */
export interface SideMatch {
  side: Side;
  length: number;
  /** The name as the author typed it, for cues. */
  name: string;
  /** A hashtag or a slogan of three words or more: using it is taking its side, with no verdict word needed. */
  slogan: boolean;
}

/** Recognises the subject's allies and rivals inside a token list. */
export interface SideMatcher {
  /** The longest ally or rival starting at token i, if any. */
  matchAt(tokens: readonly Token[], i: number): SideMatch | undefined;
}

const SLOGAN_WORDS = 3;
const MIN_NAME_PART = 4;

interface Form {
  words: string[];
  match: SideMatch;
}

/** Builds the matcher for a subject's allies and rivals; a subject without them matches nothing. */
export function buildSideMatcher(subject: StanceSubject): SideMatcher {
  const byFirst = new Map<string, Form[]>();
  const subjectWords = new Set([subject.name, ...subject.aliases].flatMap(tokenizeName));
  const add = (words: string[], match: SideMatch) => {
    const first = words[0];
    // A word that also names the subject stays the subject's ("Rivera" of "Team Rivera").
    if (first === undefined || (words.length === 1 && subjectWords.has(first))) return;
    byFirst.set(first, [...(byFirst.get(first) ?? []), { words, match }]);
  };
  const addAll = (names: readonly string[] | undefined, side: Side) => {
    for (const name of names ?? []) {
      const words = tokenizeName(name);
      if (words.length === 0) continue;
      const slogan = name.trim().startsWith('#') || words.length >= SLOGAN_WORDS;
      add(words, { side, length: words.length, name: name.trim(), slogan });
      // "Dana Okafor" is also "Okafor"; a slogan's words are only the slogan.
      if (!slogan && words.length === 2) {
        const last = words[1] ?? '';
        if (last.length >= MIN_NAME_PART) add([last], { side, length: 1, name: name.trim(), slogan: false });
      }
    }
  };
  addAll(subject.allies, 'ally');
  addAll(subject.rivals, 'rival');
  for (const forms of byFirst.values()) forms.sort((a, b) => b.words.length - a.words.length);
  return {
    matchAt(tokens, i) {
      const tok = tokens[i];
      if (!tok || tok.isMark) return undefined;
      for (const form of byFirst.get(tok.text) ?? []) {
        if (!form.words.every((w, k) => tokens[i + k]?.text === w)) continue;
        // Everyday words ("Hope", "United") name a side only when capitalised, as for the subject's aliases.
        if (form.words.length === 1 && needsCapital(tok.text) && !/^[A-Z@#]/.test(tok.raw)) continue;
        return form.match;
      }
      return undefined;
    },
  };
}
