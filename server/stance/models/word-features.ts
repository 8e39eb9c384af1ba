// Word unigrams and bigrams of an item, with direct mentions of the subject folded into one token, so that
// what a model learns about "<subject> is washed" carries across subjects. Read from the rule layer's tokens.
import type { StanceSubject } from '../stance-types.js';
import { buildSubjectMatcher, type SubjectMatcher } from '../rules/targets.js';
import { leadingPart, tokenize, type Token } from '../rules/tokens.js';

const SUBJECT_TOKEN = '_subject_';
const SENTENCE_BREAK = '.';

/**
 * Unigram and bigram features of tokens. Only direct mentions (name, alias, handle) are folded, and those
 * depend on the subject alone, so the post's matcher and a subject-only matcher give the same features.
 */
export function wordFeatures(tokens: readonly Token[], matcher: SubjectMatcher | undefined): string[] {
  const words: string[] = [];
  for (let i = 0; i < tokens.length;) {
    const hit = matcher?.matchAt(tokens, i);
    if (hit && hit.length > 0 && !hit.indirect) {
      words.push(SUBJECT_TOKEN);
      i += hit.length;
      continue;
    }
    const t = tokens[i];
    if (t && t.text !== ',') words.push(t.isMark ? SENTENCE_BREAK : t.text);
    i += 1;
  }
  const feats = words.filter((w) => w !== SENTENCE_BREAK);
  for (let i = 0; i + 1 < words.length; i += 1) {
    if (words[i] !== SENTENCE_BREAK || words[i + 1] !== SENTENCE_BREAK) feats.push(`${words[i]} ${words[i + 1]}`);
  }
  return feats;
}

/** The features of a text on its own (a moderator's lesson, a test), tokenised here. */
export function textFeatures(text: string, subject?: StanceSubject): string[] {
  return wordFeatures(tokenize(leadingPart(text)), subject ? subjectMatcherFor(subject) : undefined);
}

// Building a matcher costs more than scoring; a thread's items share one subject object.
const matchers = new WeakMap<StanceSubject, SubjectMatcher>();

function subjectMatcherFor(subject: StanceSubject): SubjectMatcher {
  let m = matchers.get(subject);
  if (!m) matchers.set(subject, (m = buildSubjectMatcher(subject, '')));
  return m;
}
