// Content cues: targeted praise and criticism, attacks on critics or defenders, sarcasm, and neutral signals.
import {
  BALANCE_MARKERS, DEFENDER_MOCKERY, INFO_MARKERS, PHRASE_SENTIMENT, WORD_SENTIMENT, isLooseLexiconWord,
} from './lexicon.js';
import { findSarcasm, sarcasmScope } from './sarcasm.js';
import { contrastFactor, isHeldBySubject, isInThePast, isNegated, isQuestion, isReported, quotedSpan } from './scope.js';
import { targetOf, type Mention } from './mentions.js';
import { compilePhrases, findAll, quote, type Phrase } from './phrases.js';
import { stanceSign, type Stance } from '../stances.js';
import type { Token } from './tokens.js';

/** One piece of evidence: polarity > 0 leans pro, < 0 leans against; the cue explains it to a moderator. */
export interface Evidence {
  polarity: number;
  cue: string;
  /** Which cue family fired ("sent:subject", "ref:parent"...): the base model learns how far to trust each. */
  kind?: string;
}

/** What the content cues need to know about the thread around the comment. */
export interface ContentContext {
  tokens: readonly Token[];
  mentions: readonly Mention[];
  subjectLabel: string;
  /** Who "you" is and where they stand, if known. */
  addressee?: { name: string; stance: Stance; trust?: number };
  stanceOfParticipant: (author: string) => Stance | undefined;
  /** How far a participant's label can be trusted (0..1): low-confidence automatic labels pass on little. */
  trustOfParticipant?: (author: string) => number;
  post: { author: string; stance?: Stance };
  /** A sentence whose words are the answered comment's, echoed back ("Grift?"). */
  skipSentence?: number;
}

const PHRASES: { phrase: Phrase; weight: number }[] = PHRASE_SENTIMENT.map(([p, weight]) => ({
  phrase: compilePhrases([p])[0] ?? [],
  weight,
})).sort((a, b) => b.phrase.length - a.phrase.length);
const PHRASES_BY_FIRST = new Map<string, typeof PHRASES>();
for (const p of PHRASES) {
  const first = p.phrase[0];
  if (first !== undefined) PHRASES_BY_FIRST.set(first, [...(PHRASES_BY_FIRST.get(first) ?? []), p]);
}
const DEFENDER_MOCK = compilePhrases(DEFENDER_MOCKERY);
const INFO = compilePhrases(INFO_MARKERS);
const BALANCE = compilePhrases(BALANCE_MARKERS);

const WEIGHT_DIRECT = 1;
const WEIGHT_INDIRECT = 0.9;
const WEIGHT_IMPLICIT = 0.5;
const WEIGHT_PERSON = 0.8;
const NEGATED_FACTOR = -0.7;
const QUOTED_PRAISE_FACTOR = -0.8;
const QUOTED_CRITICISM_FACTOR = 0.2;
const SCARE_QUOTE_WORDS = 3;
const RHETORICAL_PRAISE_FACTOR = -0.5;
const PAST_PRAISE_FACTOR = 0.3;
const CRITIC_INSULT_POLARITY = 1.6;
const CRITIC_ATTACK_POLARITY = 1.2;
const DEFENDER_ATTACK_POLARITY = -1.5;
const SARCASM_POLARITY = -0.8;
// "Critics say he's lazy", "my dad hates him": someone else's attitude, reported, is weak evidence of the writer's.
const REPORTED_FACTOR = 0.3;

interface Hit {
  index: number;
  length: number;
  weight: number;
  words: string;
  /** From the general-purpose word list, which often fires on reporting rather than judging. */
  loose?: boolean;
}

/** Praise and criticism, each aimed at whoever it is closest to, with negation, contrast, quotes and sarcasm. */
export function findSentimentEvidence(ctx: ContentContext): Evidence[] {
  const { tokens } = ctx;
  const sarcastic = sarcasmScope(tokens);
  const evidence: Evidence[] = [];
  for (const hit of sentimentHits(tokens)) {
    const tok = tokens[hit.index];
    if (!tok || tok.sentence === ctx.skipSentence) continue;
    // The subject's own name ("Victor", "Grace") is not a verdict on them.
    if (ctx.mentions.some((m) => (m.kind === 'subject' || m.kind === 'indirect') && hit.index >= m.start && hit.index < m.start + m.length)) continue;
    // The verb that names what the critics do ("people hating on her") describes them, not anyone's merit.
    if (ctx.mentions.some((m) => m.kind === 'critics' && hit.index > m.start && hit.index < m.start + m.length)) continue;
    if (isHeldBySubject(tokens, hit.index, (k) => ctx.mentions.some((m) => (m.kind === 'subject' || m.kind === 'indirect') && k >= m.start && k < m.start + m.length))) continue;
    let weight = hit.weight * contrastFactor(tokens, hit.index);
    if (isNegated(tokens, hit.index)) weight *= NEGATED_FACTOR;
    const reported = isReported(tokens, hit.index);
    if (reported) weight *= REPORTED_FACTOR;
    if (tok.quoted) weight *= weight > 0 && quotedSpan(tokens, hit.index) <= SCARE_QUOTE_WORDS ? QUOTED_PRAISE_FACTOR : QUOTED_CRITICISM_FACTOR;
    if (weight > 0 && isQuestion(tokens, hit.index)) weight *= RHETORICAL_PRAISE_FACTOR;
    if (weight > 0 && isInThePast(tokens, hit.index)) weight *= PAST_PRAISE_FACTOR;
    const ironic = weight > 0 && sarcastic.has(tok.sentence);
    if (ironic) weight = -weight;
    const aimed = aim(ctx, targetOf(tokens, hit.index, ctx.mentions), weight, hit.words, ironic);
    if (!aimed) continue;
    // Reported and loose-lexicon hits get their own families, so the base model can learn to discount them.
    if (reported) aimed.kind = 'sent:reported';
    else if (hit.loose && aimed.kind) aimed.kind += ':loose';
    evidence.push(aimed);
  }
  return evidence;
}

function aim(ctx: ContentContext, target: Mention | undefined, weight: number, words: string, ironic: boolean): Evidence | undefined {
  const verb = ironic ? 'mock-praises' : weight > 0 ? 'praises' : 'criticises';
  const w = quote(words);
  if (!target) return { kind: 'sent:implicit', polarity: weight * WEIGHT_IMPLICIT, cue: `${verb} without naming anyone (${w})` };
  switch (target.kind) {
    case 'subject':
      return { kind: 'sent:subject', polarity: weight * WEIGHT_DIRECT, cue: `${verb} ${ctx.subjectLabel} (${w})` };
    case 'indirect':
      return { kind: 'sent:pronoun', polarity: weight * WEIGHT_INDIRECT, cue: `${verb} the subject by pronoun (${w})` };
    case 'critics':
    case 'critic-insult':
      return { kind: 'sent:critics', polarity: -weight, cue: `${weight < 0 ? 'attacks' : 'sides with'} the subject's critics (${w})` };
    case 'defenders':
      return { kind: 'sent:defenders', polarity: weight, cue: `${weight < 0 ? 'attacks' : 'sides with'} the subject's defenders (${w})` };
    case 'addressee':
      return personEvidence(ctx.addressee?.name ?? 'the person answered', ctx.addressee?.stance, weight, w, ctx.addressee?.trust);
    case 'participant':
      return personEvidence(target.author ?? '', ctx.stanceOfParticipant(target.author ?? ''), weight, w, ctx.trustOfParticipant?.(target.author ?? ''));
    case 'post':
      return personEvidence(`the post by ${ctx.post.author}`, ctx.post.stance, weight, w);
    case 'other':
      return { polarity: 0, cue: `${verb} someone other than the subject (${w})` };
  }
}

function personEvidence(name: string, stance: Stance | undefined, weight: number, w: string, trust = 1): Evidence | undefined {
  const sign = stanceSign(stance);
  if (sign === 0) return undefined;
  const verb = weight > 0 ? 'backs' : 'attacks';
  return { kind: 'sent:person', polarity: weight * sign * WEIGHT_PERSON * trust, cue: `${verb} ${name}, who is ${stance} (${w})` };
}

function sentimentHits(tokens: readonly Token[]): Hit[] {
  const hits: Hit[] = [];
  for (let i = 0; i < tokens.length; ) {
    const phrase = PHRASES_BY_FIRST.get(tokens[i]?.text ?? '')?.find((p) => p.phrase.every((w, k) => tokens[i + k]?.text === w));
    if (phrase) {
      hits.push({ index: i, length: phrase.phrase.length, weight: phrase.weight, words: phrase.phrase.join(' ') });
      i += phrase.phrase.length;
      continue;
    }
    const text = tokens[i]?.text ?? '';
    const weight = WORD_SENTIMENT.get(text) ?? WORD_SENTIMENT.get(stem(text));
    if (weight !== undefined) hits.push({ index: i, length: 1, weight, words: text, loose: isLooseLexiconWord(text) || isLooseLexiconWord(stem(text)) });
    i += 1;
  }
  return hits;
}

function stem(word: string): string {
  for (const suffix of ['ing', 'ed', 'es', 's', 'ly']) {
    if (word.length > suffix.length + 3 && word.endsWith(suffix)) return word.slice(0, -suffix.length);
  }
  return word;
}

/** Sarcasm markers themselves, attacks on critics and on defenders. */
export function findMockeryEvidence(ctx: ContentContext): Evidence[] {
  const { tokens, mentions } = ctx;
  const evidence: Evidence[] = [];
  const sarcasm = findSarcasm(tokens)[0];
  const aimedAtCritics = mentions.some((m) => m.kind === 'critics' || m.kind === 'critic-insult');
  if (sarcasm) {
    const polarity = aimedAtCritics ? -SARCASM_POLARITY : SARCASM_POLARITY;
    evidence.push({ kind: 'mock:sarcasm', polarity, cue: `sarcasm (${quote(sarcasm.phrase)}) ${aimedAtCritics ? 'at the critics' : 'at the subject'}` });
  }
  for (const m of mentions) {
    const words = tokens.slice(m.start, m.start + m.length).map((t) => t.text).join(' ');
    if (m.kind === 'critic-insult') {
      evidence.push({ kind: 'mock:critics', polarity: CRITIC_INSULT_POLARITY, cue: `mocks the subject's critics (${quote(words)})` });
    } else if (m.kind === 'critics' && clauseHasMockery(tokens, m.start)) {
      evidence.push({ kind: 'mock:critics', polarity: CRITIC_ATTACK_POLARITY, cue: `mocks the subject's critics (${quote(words)})` });
    } else if (m.kind === 'defenders' && findAll(tokens, DEFENDER_MOCK).length > 0) {
      evidence.push({ kind: 'mock:defenders', polarity: DEFENDER_ATTACK_POLARITY, cue: `mocks the subject's defenders (${quote(words)})` });
    }
  }
  return evidence;
}

const MOCKING = new Set([
  'whining', 'whine', 'crying', 'cry', 'screaming', 'scream', 'complain', 'complaining', 'baying', 'hating', 'mad',
  'jealous', 'seething', 'hilarious', 'wild', 'reaching', 'grow', 'chill', 'grass', 'expert', 'experts', 'asked',
  'never', 'waiting', 'excuse', 'clearly', 'literally', 'ever', 'nothing', 'gate', 'acting',
]);

function clauseHasMockery(tokens: readonly Token[], i: number): boolean {
  const sentence = tokens[i]?.sentence;
  return tokens.some((t) => t.sentence === sentence && MOCKING.has(t.text));
}

/** Signals that a comment informs, asks or weighs both sides rather than taking a side. */
export function findNeutralSignals(tokens: readonly Token[]): { weight: number; cues: string[] } {
  let weight = 0;
  const cues: string[] = [];
  const info = findAll(tokens, INFO);
  if (info[0]) {
    weight += Math.min(2, info.length) * 0.9;
    cues.push(`informational (${quote(info[0].phrase)})`);
  }
  const balance = findAll(tokens, BALANCE);
  if (balance[0]) {
    weight += 2.2;
    cues.push(`weighs both sides (${quote(balance[0].phrase)})`);
  }
  const questions = tokens.filter((t) => t.text === '?').length;
  const sentences = (tokens.at(-1)?.sentence ?? 0) + 1;
  if (questions > 0 && questions * 2 >= sentences) {
    weight += 0.8;
    cues.push('asks a question');
  }
  if (tokens.some((t) => /\d/.test(t.text)) && findSarcasm(tokens).length === 0) weight += 0.2;
  return { weight, cues };
}
