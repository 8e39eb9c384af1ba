// Who a comment talks about: the subject (by name, alias, pronoun or epithet) and earlier participants by name.
import { PERSON_NOUNS, ROLE_NOUNS, WORD_SENTIMENT } from './lexicon.js';
import type { StanceSubject } from '../stance-types.js';
import { tokenize, tokenizeName, type Token } from './tokens.js';

/** Recognises mentions of the subject inside a token list. */
export interface SubjectMatcher {
  /** Length in tokens of a subject mention starting at i (0 if none) and whether it is only a pronoun/epithet. */
  matchAt(tokens: readonly Token[], i: number): { length: number; indirect: boolean };
}

const MALE = ['he', 'him', 'his', 'himself'];
const FEMALE = ['she', 'her', 'hers', 'herself'];
const DETERMINERS = new Set(['the', 'this', 'that', 'our', 'your', 'their']);
// Aliases that are everyday words only count when written with a capital ("Flash", not "flash").
const COMMON_WORDS = new Set([
  'flash',
  'will',
  'mark',
  'bill',
  'grace',
  'hope',
  'may',
  'art',
  'joy',
  'sky',
  'ray',
  'rich',
  'dell',
  'king',
  'rose',
  'summer',
  'angel',
  'chase',
  'drew',
  'pat',
  'sunny',
  'amber',
  'hunter',
  'max',
  'bishop',
  'page',
  'young',
]);
const MIN_NAME_PART = 3;

/** Builds the subject matcher: full name, aliases, name parts, handles, gendered pronouns and epithets. */
export function buildSubjectMatcher(subject: StanceSubject, postText: string): SubjectMatcher {
  const forms: string[][] = [];
  const addForm = (raw: string) => {
    const parts = tokenizeName(raw);
    if (parts.length > 0) forms.push(parts);
    if (raw.startsWith('@')) forms.push([raw.slice(1).toLowerCase()]);
  };
  addForm(subject.name);
  for (const alias of subject.aliases) addForm(alias);
  for (const part of tokenizeName(subject.name)) if (part.length >= MIN_NAME_PART) forms.push([part]);
  forms.sort((a, b) => b.length - a.length);
  // Indexed by first word (longest first within each), so a token is checked against its own forms only.
  const formsByFirst = new Map<string, string[][]>();
  for (const form of forms) formsByFirst.set(form[0] ?? '', [...(formsByFirst.get(form[0] ?? '') ?? []), form]);
  const postTokens = tokenize(postText).map((t) => t.text);
  const pronouns = new Set(pickPronouns(postTokens));
  const roles = new Set(postTokens.filter((t) => ROLE_NOUNS.has(t)));
  for (const alias of subject.aliases) for (const t of tokenizeName(alias)) if (ROLE_NOUNS.has(t)) roles.add(t);

  return {
    matchAt(tokens, i) {
      const tok = tokens[i];
      if (!tok || tok.isMark) return { length: 0, indirect: false };
      for (const form of formsByFirst.get(tok.text) ?? []) {
        if (!form.every((w, k) => tokens[i + k]?.text === w)) continue;
        if (form.length === 1 && needsCapital(form[0] ?? '') && !/^[A-Z@]/.test(tok.raw)) continue;
        return { length: form.length, indirect: false };
      }
      if (pronouns.has(tok.text)) return { length: 1, indirect: true };
      const next = tokens[i + 1];
      if (DETERMINERS.has(tok.text) && next && (PERSON_NOUNS.has(next.text) || roles.has(next.text))) {
        return { length: 2, indirect: true };
      }
      return { length: 0, indirect: false };
    },
  };
}

/** Whether a one-word name is also an everyday word, and so only a name when capitalised. */
export function needsCapital(word: string): boolean {
  return COMMON_WORDS.has(word) || WORD_SENTIMENT.has(word);
}

// The post tells us how the subject is referred to; with no gendered pronoun there, accept both.
function pickPronouns(postTokens: readonly string[]): string[] {
  const male = postTokens.filter((t) => MALE.includes(t)).length;
  const female = postTokens.filter((t) => FEMALE.includes(t)).length;
  if (male > female) return MALE;
  if (female > male) return FEMALE;
  return [...MALE, ...FEMALE];
}

/** Name keys a participant can be called by: first name, surname, handle without digits. */
export function participantKeys(author: string): string[] {
  const cached = keyCache.get(author);
  if (cached) return cached;
  const keys = computeKeys(author);
  if (keyCache.size >= KEY_CACHE_LIMIT) keyCache.clear();
  keyCache.set(author, keys);
  return keys;
}

// Participants recur in every later item of a thread; their name keys are worth remembering.
const keyCache = new Map<string, string[]>();
const KEY_CACHE_LIMIT = 10_000;

function computeKeys(author: string): string[] {
  const parts = tokenizeName(author.replace(/[_\d]+/g, ' '))
    .map((p) => p.replace(/^@/, ''))
    .filter((p) => p.length >= 2);
  const keys = new Set<string>();
  if (parts.length > 0) keys.add(parts.join(' '));
  for (const p of parts) if (p.length >= MIN_NAME_PART) keys.add(p);
  const compact = author.toLowerCase().replace(/[^a-z]/g, '');
  if (compact.length >= MIN_NAME_PART) keys.add(compact);
  return [...keys];
}

/** Finds which participant (by canonical author string) a token names, if any. */
export function findParticipantAt(tokens: readonly Token[], i: number, keyIndex: ReadonlyMap<string, string>): { author: string; length: number } | undefined {
  const two = `${tokens[i]?.text ?? ''} ${tokens[i + 1]?.text ?? ''}`;
  const hitTwo = keyIndex.get(two);
  if (hitTwo) return { author: hitTwo, length: 2 };
  const tok = tokens[i];
  if (!tok || tok.isMark) return undefined;
  const word = trimHandleSuffix(tok.text.replace(/^@/, ''));
  // Handles are typed whole ("nurse_nina"); their compact form is one of the author's keys.
  const hit = keyIndex.get(word) ?? (/[_\d]/.test(word) ? keyIndex.get(word.replace(/[^a-z]/g, '')) : undefined);
  if (!hit) return undefined;
  // Everyday words that happen to be someone's name only count when capitalised or written as a handle.
  if ((COMMON_WORDS.has(word) || WORD_SENTIMENT.has(word) || word.length < 4) && !/^[A-Z@]/.test(tok.raw)) return undefined;
  return { author: hit, length: 1 };
}

// A loop, not /[_\d]+$/: that regex retries from every digit of "a1111...x" and is quadratic in the token's length.
function trimHandleSuffix(word: string): string {
  let end = word.length;
  while (end > 0 && /[_\d]/.test(word[end - 1] ?? '')) end -= 1;
  return word.slice(0, end);
}

/** Index from name key to participant, leaving out keys that are also the subject's names. */
export function indexParticipants(authors: readonly string[], subjectWords: ReadonlySet<string>): Map<string, string> {
  const index = new Map<string, string>();
  for (const author of authors) {
    for (const key of participantKeys(author)) {
      if (subjectWords.has(key) || index.has(key)) continue;
      index.set(key, author);
    }
  }
  return index;
}
