// Praise and criticism, each aimed at whoever it is closest to, with negation, contrast, quotes and sarcasm.
import { stanceSign, type Stance } from '../../shared/stances.js';
import type { ContentContext, Evidence } from './evidence.js';
import { PHRASE_SENTIMENT, WORD_SENTIMENT, isLooseLexiconWord } from './lexicon.js';
import type { Mention } from './mentions.js';
import { PhraseIndex, quote } from './phrases.js';
import { isInName } from './names.js';
import { sarcasmScope } from './sarcasm.js';
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
  const sarcastic = sarcasmScope(tokens, ctx.sarcasm);
  const evidence: Evidence[] = [];
  for (const hit of sentimentHits(tokens)) {
    const tok = tokens[hit.index];
    if (!tok || tok.sentence === ctx.skipSentence) continue;
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
    const negator = scope.negatorOf(hit.index);
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
    if (tok.quoted) weight *= weight > 0 && scope.quotedSpan(hit.index) <= SCARE_QUOTE_WORDS ? QUOTED_PRAISE_FACTOR : QUOTED_CRITICISM_FACTOR;
    if (weight > 0 && scope.isQuestion(hit.index)) weight *= RHETORICAL_PRAISE_FACTOR;
    if (weight > 0 && scope.isInThePast(hit.index)) weight *= PAST_PRAISE_FACTOR;
    const ironic = weight > 0 && sarcastic.has(tok.sentence);
    if (ironic) weight = -weight;
    const aimed = aim(ctx, mentions.targetOf(hit.index), weight, hit.words, ironic);
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
