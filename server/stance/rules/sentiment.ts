// Praise and criticism, each aimed at whoever it is closest to, with negation, contrast, quotes and sarcasm.
import { stanceSign, type Stance } from '../../shared/stances.js';
import type { ContentContext, Evidence } from './evidence.js';
import { PHRASE_SENTIMENT, WORD_SENTIMENT, isLooseLexiconWord } from './lexicon.js';
import type { Mention } from './mentions.js';
import { PhraseIndex, quote } from './phrases.js';
import { isInName } from './names.js';
import { sarcasmScope, type MockEcho } from './sarcasm.js';
import type { TokenScope } from './scope.js';
import type { Token } from './tokens.js';

const PHRASES = new PhraseIndex(PHRASE_SENTIMENT);

const WEIGHT_DIRECT = 1;
const WEIGHT_INDIRECT = 0.9;
const WEIGHT_IMPLICIT = 0.5;
const WEIGHT_PERSON = 0.8;
const WEIGHT_SIDE = 0.9;
const NEGATED_FACTOR = -0.7;
const QUOTED_PRAISE_FACTOR = -0.8;
const QUOTED_CRITICISM_FACTOR = 0.2;
const SCARE_QUOTE_WORDS = 3;
const RHETORICAL_PRAISE_FACTOR = -0.5;
const PAST_PRAISE_FACTOR = 0.3;
// "Critics say he's lazy", "my dad hates him": someone else's attitude, reported, is weak evidence of the writer's.
const REPORTED_FACTOR = 0.3;
const STEM_SUFFIXES = ['ing', 'ed', 'es', 's', 'ly'];
const MIN_STEM = 3;

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
  const { scope, mentions } = ctx;
  const { tokens } = scope;
  // An echoed criticism ("Right, because he is so lazy. Sure.") is the comment's sarcasm: the rest of it means what it says.
  const defends = ctx.mockEchoes.some((e) => e.tone < 0);
  const sarcastic = defends ? new Set<number>() : sarcasmScope(tokens, ctx.sarcasm);
  for (const e of ctx.mockEchoes) sarcastic.delete(e.sentence);
  const echoOf = new Map(ctx.mockEchoes.map((e) => [e.sentence, e]));
  const evidence: Evidence[] = [];
  for (const hit of sentimentHits(tokens)) {
    const tok = tokens[hit.index];
    if (!tok || tok.sentence === ctx.skipSentence) continue;
    const echo = echoOf.get(tok.sentence);
    // "Oh yes, because" and "Nothing says" judge nobody; the echoed claim is meant the other way round.
    if (echo && hit.index < Math.min(echo.factStart, echo.claimStart)) continue;
    const mocked = echo !== undefined && hit.index >= echo.claimStart && hit.index < echo.claimEnd;
    // The subject's own name ("Victor", "Grace") is not a verdict on them.
    if (mentions.isSubjectAt(hit.index)) continue;
    // The verb that names what the critics do ("people hating on her") describes them, not anyone's merit.
    const around = mentions.at(hit.index);
    if (around?.kind === 'critics' && hit.index > around.start) continue;
    // The noun that names a group or someone in the story ("defenders", "the coach"), or a side's own name or
    // slogan ("Fair Play Alliance"), is who, not a verdict.
    if (around && (around.kind === 'defenders' || around.kind === 'other' || around.kind === 'ally' || around.kind === 'rival')) continue;
    if (scope.isHeldBySubject(hit.index, (k) => mentions.isSubjectAt(k))) continue;
    // An event, team or title ("Champions League", "Golden Boot") is named, not judged.
    if (isInName(tokens, hit.index, (k) => mentions.at(k) !== undefined)) continue;
    let weight = hit.weight * scope.contrastFactor(hit.index);
    const negator = echoNegator(scope, echo, hit.index);
    if (negator >= 0) {
      weight *= NEGATED_FACTOR;
      // The cue quotes the negation with the word: "praises ('hardly coasting')", never "praises ('coasting')".
      hit.words = tokens
        .slice(negator, hit.index + hit.length)
        .map((t) => t.raw.toLowerCase())
        .join(' ');
    }
    const reported = scope.isReported(hit.index);
    if (reported) weight *= REPORTED_FACTOR;
    if (tok.quoted && !mocked) weight *= weight > 0 && scope.quotedSpan(hit.index) <= SCARE_QUOTE_WORDS ? QUOTED_PRAISE_FACTOR : QUOTED_CRITICISM_FACTOR;
    if (weight > 0 && scope.isQuestion(hit.index)) weight *= RHETORICAL_PRAISE_FACTOR;
    if (weight > 0 && scope.isInThePast(hit.index)) weight *= PAST_PRAISE_FACTOR;
    const ironic = mocked || (weight > 0 && sarcastic.has(tok.sentence));
    const verb = mocked && weight < 0 ? 'mock-criticises' : ironic ? 'mock-praises' : undefined;
    if (ironic) weight = -weight;
    const aimed = aim(ctx, mentions.targetOf(hit.index), weight, hit.words, verb);
    if (!aimed) continue;
    // Reported and loose-lexicon hits get their own families, so the base model can learn to discount them.
    if (reported) aimed.kind = 'sent:reported';
    else if (hit.loose && aimed.kind) aimed.kind += ':loose';
    evidence.push(aimed);
  }
  return evidence;
}

function aim(ctx: ContentContext, target: Mention | undefined, weight: number, words: string, mockVerb?: string): Evidence | undefined {
  const verb = mockVerb ?? (weight > 0 ? 'praises' : 'criticises');
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
      return personEvidence(target.author ?? '', ctx.stanceOfParticipant(target.author ?? ''), weight, w, ctx.trustOfParticipant(target.author ?? ''));
    case 'post':
      return personEvidence(`the post by ${ctx.post.author}`, ctx.post.stance, weight, w);
    case 'ally':
    case 'rival':
      return sideEvidence(target, weight, verb, w);
    case 'other':
      return { polarity: 0, cue: `${verb} someone other than the subject (${w})` };
  }
}

// Praise of an ally weighs as praise of the subject, praise of a rival as criticism of it: the author named them as sides.
function sideEvidence(target: Mention, weight: number, verb: string, w: string): Evidence {
  const ally = target.kind === 'ally';
  const name = target.side?.name ?? '';
  return {
    kind: 'sent:subject',
    polarity: (ally ? weight : -weight) * WEIGHT_SIDE,
    cue: `${verb} ${ally ? 'an ally' : 'a rival'} of the subject, ${name} (${w})`,
  };
}

function personEvidence(name: string, stance: Stance | undefined, weight: number, w: string, trust = 1): Evidence | undefined {
  const sign = stanceSign(stance);
  if (sign === 0) return undefined;
  const verb = weight > 0 ? 'backs' : 'attacks';
  return { kind: 'sent:person', polarity: weight * sign * WEIGHT_PERSON * trust, cue: `${verb} ${name}, who is ${stance} (${w})` };
}

/**
 * The tone of each echo's claim as plainly read, negation included: below 0 an echoed criticism (the writer defends
 * the subject), above 0 echoed praise (the writer attacks). One pass over the item's sentiment words.
 */
export function echoTones(scope: TokenScope, echoes: readonly MockEcho[]): number[] {
  const tones = echoes.map(() => 0);
  if (echoes.length === 0) return tones;
  const bySentence = new Map(echoes.map((e, k) => [e.sentence, k]));
  for (const hit of sentimentHits(scope.tokens)) {
    const k = bySentence.get(scope.tokens[hit.index]?.sentence ?? -1);
    const echo = k === undefined ? undefined : echoes[k];
    if (k === undefined || !echo || hit.index < echo.claimStart || hit.index >= echo.claimEnd) continue;
    tones[k] = (tones[k] ?? 0) + hit.weight * (echoNegator(scope, echo, hit.index) >= 0 ? NEGATED_FACTOR : 1);
  }
  return tones;
}

// The "nothing" of "Nothing says 'washed up' like ..." (or a negation in the fact) does not reach into the echoed claim.
function echoNegator(scope: TokenScope, echo: MockEcho | undefined, i: number): number {
  const negator = scope.negatorOf(i);
  return echo && i >= echo.claimStart && negator < echo.claimStart ? -1 : negator;
}

function sentimentHits(tokens: readonly Token[]): Hit[] {
  const hits: Hit[] = [];
  for (let i = 0; i < tokens.length;) {
    const phrase = PHRASES.entryAt(tokens, i);
    if (phrase) {
      hits.push({ index: i, length: phrase.phrase.length, weight: phrase.value, words: phrase.phrase.join(' ') });
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
  for (const suffix of STEM_SUFFIXES) {
    if (word.length > suffix.length + MIN_STEM && word.endsWith(suffix)) return word.slice(0, -suffix.length);
  }
  return word;
}
