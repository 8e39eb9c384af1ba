// Thread cues: replies that carry their stance by reference ("Agreed.", "Nope", "I'm with X") and author history.
import type { Evidence } from './evidence.js';
import { CONTRAST_WORDS, NEGATORS } from './lexicon.js';
import { ADDRESSEE_AGREEMENT, ADDRESSEE_DISAGREEMENT, AGREE_OPENERS, DISAGREE_OPENERS, REBUTTAL_PHRASES } from './reply-words.js';
import type { Mention } from './mentions.js';
import { phraseList, quote, type Phrase, type PhraseIndex } from './phrases.js';
import type { TokenScope } from './scope.js';
import { stanceSign, type Stance } from '../../shared/stances.js';
import { leadingPart, tokenize, type Token } from './tokens.js';

/** Someone a reply can agree or disagree with, and where they stand. */
export interface Referent {
  name: string;
  /** How the cue names them: "its parent", "the post's author", "Mojo". */
  role: string;
  stance: Stance | undefined;
  /** The answered text, when the referent is a comment or remark. */
  body?: string;
  /** 0..1, how far their label can be trusted: a shaky automatic label should pass on little. */
  trust?: number;
}

const AGREE = phraseList(AGREE_OPENERS);
const DISAGREE = phraseList(DISAGREE_OPENERS);
const REBUTTALS = phraseList(REBUTTAL_PHRASES);
const SIDES_WITH_YOU = phraseList(ADDRESSEE_AGREEMENT);
const AGAINST_YOU = phraseList(ADDRESSEE_DISAGREEMENT);
// One-word openers need a full stop or comma after them: "This." agrees, "This is wrong" does not.
const STANDALONE_OK = new Set([
  'agreed',
  'nope',
  'exactly',
  '+1',
  'disagree',
  'nah',
  'yep',
  'yup',
  'preach',
  'bingo',
  'seconded',
  'fair',
  '👆',
  '💯',
  '👏',
  '🙄',
  '❤',
  '🫡',
]);
const OPENING_FILLERS = new Set(['lol', 'lmao', 'haha', 'well', 'honestly', 'yeah', 'ok', 'okay']);
const AGREE_WEIGHT = 2;
const NAMED_AGREE_WEIGHT = 2.4;
const DISAGREE_WEIGHT = 2.2;
const TOP_LEVEL_DISAGREE_WEIGHT = 0.8;
const TOP_LEVEL_ARGUED_DISAGREE_WEIGHT = 0.2;
const REBUTTAL_WEIGHT = 1.2;
const ECHO_WEIGHT = 1.5;
// In a reply that does not agree, laughter is aimed at the comment answered.
const LAUGHTER = new Set(['lol', 'lmao', 'lmfao', 'rofl', 'lolol', 'lmaooo', '🤣', '😂']);
const LAUGHTER_WEIGHT = 0.8;
const ECHO_MAX_WORDS = 4;
/** Neutral weight added when a reply agrees with a neutral comment. */
export const AGREE_NEUTRAL_WEIGHT = 0.8;

export interface ReferenceResult {
  evidence: Evidence[];
  neutralWeight: number;
  cues: string[];
  /** Whether any reference cue fired (so the unmarked-reply prior should not). */
  found: boolean;
}

/** What the reference cues read: the comment (tabled once), its mentions and the people it may answer. */
export interface ReferenceInput {
  scope: TokenScope;
  mentions: readonly Mention[];
  /** Whom the reply answers by default: its parent, the remark before it, the post's author, or a name it opens with. */
  addressee: Referent | undefined;
  isTopLevel: boolean;
  /** Whether its opening question echoes the answered comment's words (echoesAsQuestion). */
  echoes: boolean;
  stanceOf: (author: string) => Stance | undefined;
  trustOf: (author: string) => number;
}

/** Agreement or disagreement at the start, with named participants anywhere, and rebuttal phrases. */
export function findReferenceEvidence(input: ReferenceInput): ReferenceResult {
  const { scope, mentions, addressee, isTopLevel, stanceOf, trustOf } = input;
  const { tokens } = scope;
  const result: ReferenceResult = { evidence: [], neutralWeight: 0, cues: [], found: false };
  const named = namedReferences(tokens, mentions);
  for (const { author, agrees, words } of named) {
    const who = { name: author, role: author, stance: stanceOf(author), trust: trustOf(author) };
    relate(result, who, agrees, NAMED_AGREE_WEIGHT / named.length, words, 'ref:named');
  }
  const start = openerStart(tokens, mentions);
  const opening = opener(tokens, start, AGREE);
  // "Thank you Governor Kell": thanks aimed at the subject is praise of them, not agreement with the post.
  const thanksSubject =
    opening?.[0]?.startsWith('thank') && mentions.some((m) => (m.kind === 'subject' || m.kind === 'indirect') && m.start <= start + opening.length + 1);
  // "Thank you for sharing that": kindness to someone who told their story, not a seconding of their side.
  const thanksForSharing =
    opening?.[0]?.startsWith('thank') && tokens[start + opening.length]?.text === 'for' && tokens[start + opening.length + 1]?.text === 'sharing';
  const agree = thanksSubject || thanksForSharing ? undefined : opening;
  const disagree = agree ? undefined : opener(tokens, start, DISAGREE);
  if (named.length === 0 && addressee && (agree || disagree)) {
    // A top-level "Nope." rejects the post; "Nope, ..." followed by an argument usually rejects the news itself.
    const bare = tokens.filter((t) => !t.isMark).length <= (disagree?.length ?? 0) + 1;
    const weight = agree ? AGREE_WEIGHT : isTopLevel ? (bare ? TOP_LEVEL_DISAGREE_WEIGHT : TOP_LEVEL_ARGUED_DISAGREE_WEIGHT) : DISAGREE_WEIGHT;
    const kind = agree ? 'ref:agree' : isTopLevel ? 'ref:top-disagree' : 'ref:disagree';
    relate(result, addressee, Boolean(agree), weight, (agree ?? disagree ?? []).join(' '), kind);
  }
  if (named.length === 0 && !agree && !disagree && addressee) {
    // Said to "you" mid-reply ("Read your post, Derek, and I'm on your side"): as plain as an opener.
    const sides = unnegated(scope, SIDES_WITH_YOU);
    const against = sides ? undefined : unnegated(scope, AGAINST_YOU);
    if (sides || against)
      relate(
        result,
        addressee,
        Boolean(sides),
        sides ? AGREE_WEIGHT : DISAGREE_WEIGHT,
        (sides ?? against ?? []).join(' '),
        sides ? 'ref:agree' : 'ref:disagree',
      );
  }
  if (!agree && !disagree && addressee && !isTopLevel && input.echoes) {
    relate(result, addressee, false, ECHO_WEIGHT, `${firstSentence(tokens).join(' ')}?`, 'ref:echo');
  }
  if (!agree && !disagree && addressee && !isTopLevel && tokens.some((t) => LAUGHTER.has(t.text))) {
    relate(result, addressee, false, LAUGHTER_WEIGHT, 'laughs at it', 'ref:laugh');
  }
  const rebuttal = REBUTTALS.findAll(tokens)[0];
  if (rebuttal && addressee && !disagree && !isTopLevel) {
    relate(result, addressee, false, REBUTTAL_WEIGHT, rebuttal.phrase.join(' '), 'ref:rebuttal');
  }
  return result;
}

// "Where I agree with you is...", "I'm with you on X, but...": agreeing with a part concedes it, and says the rest is wrong.
const PARTIAL_BEFORE = new Set(['where', 'while', 'whilst', 'although', 'though', 'partly', 'partially', 'somewhat', 'part']);
const PARTIAL_LOOKBACK = 3;

function unnegated(scope: TokenScope, phrases: PhraseIndex<true>): Phrase | undefined {
  const { tokens } = scope;
  return phrases.findAll(tokens).find(({ index, phrase }) => {
    if (NEGATORS.has(tokens[index - 1]?.text ?? '')) return false;
    if (tokens.slice(Math.max(0, index - PARTIAL_LOOKBACK), index).some((t) => PARTIAL_BEFORE.has(t.text))) return false;
    const sentence = tokens[index]?.sentence ?? -1;
    return scope.lastInSentence(CONTRAST_WORDS, sentence) < index + phrase.length;
  })?.phrase;
}

function relate(result: ReferenceResult, who: Referent, agrees: boolean, weight: number, words: string, kind: string): void {
  result.found = true;
  const verb = agrees ? 'agrees with' : 'disagrees with';
  const sign = stanceSign(who.stance);
  if (sign === 0) {
    if (agrees && who.stance === 'neutral') {
      result.neutralWeight += AGREE_NEUTRAL_WEIGHT;
      result.cues.push(`${verb} ${who.role}, which is neutral (${quote(words)})`);
    }
    return;
  }
  const polarity = (agrees ? 1 : -1) * sign * weight * (who.trust ?? 1);
  result.evidence.push({ kind, polarity, cue: `${verb} ${who.role}, which is ${who.stance} (${quote(words)})` });
}

// A reply may open with the name of the person it answers: "Frank, I agree with you".
function openerStart(tokens: readonly Token[], mentions: readonly Mention[]): number {
  const first = mentions[0];
  if (first && first.start === 0 && first.kind === 'participant' && tokens[first.length]?.isMark) return first.length + 1;
  return 0;
}

function opener(tokens: readonly Token[], start: number, phrases: PhraseIndex<true>): Phrase | undefined {
  let i = start;
  // "Well said" is an opener itself; only a filler that does not start one is skipped ("well, nope").
  while (!phrases.longestAt(tokens, i) && OPENING_FILLERS.has(tokens[i]?.text ?? '') && !tokens[i + 1]?.isMark) i += 1;
  const phrase = phrases.longestAt(tokens, i);
  if (!phrase) return undefined;
  const after = tokens[i + phrase.length];
  if (phrase.length === 1 && !STANDALONE_OK.has(phrase[0] ?? '') && after && !after.isMark) return undefined;
  return phrase;
}

const AGREE_BEFORE = ['agree with', 'agreed with', 'i with', 'i am with', 'in tune with', 'same as', '+1 to', 'with', 'seconding', 'echo'];
const QUOTING_BEFORE = ['what', 'like', 'as'];
const QUOTING_AFTER = ['said', 'says', 'wrote', 'put it'];
const DISAGREE_BEFORE = ['sorry', 'with respect', 'respectfully'];
const AGREE_AFTER = ['is right', 'nailed', 'said it', 'has it right', 'makes a good point', 'is spot on', 'is correct'];
const DISAGREE_AFTER = ['is wrong', 'is missing', 'misses', 'has it wrong'];

/** Participants named with agreement ("I'm with Mojo and Mark", "what Olivia said") or disagreement. */
function namedReferences(tokens: readonly Token[], mentions: readonly Mention[]): { author: string; agrees: boolean; words: string }[] {
  const found = new Map<string, { author: string; agrees: boolean; words: string }>();
  let carry: { agrees: boolean; clause: number } | undefined;
  for (const m of mentions) {
    if ((m.kind !== 'participant' && m.kind !== 'post') || !m.author) continue;
    const clause = tokens[m.start]?.clause ?? -1;
    const before = tokens
      .slice(Math.max(0, m.start - 3), m.start)
      .map((t) => t.text)
      .join(' ');
    const after = tokens
      .slice(m.start + m.length, m.start + m.length + 3)
      .map((t) => t.text)
      .join(' ');
    let agrees: boolean | undefined;
    // "Couldn't disagree more with Dave", "I don't agree with Dave": the words before turn "with" around.
    const turned = /\b(disagree|not|never)\b/.test(before);
    if (turned || DISAGREE_BEFORE.some((p) => before.endsWith(p)) || DISAGREE_AFTER.some((p) => after.startsWith(p))) agrees = false;
    else if (AGREE_BEFORE.some((p) => before.endsWith(p)) || AGREE_AFTER.some((p) => after.startsWith(p))) agrees = true;
    else if (QUOTING_BEFORE.some((p) => before.endsWith(p)) && QUOTING_AFTER.some((p) => after.startsWith(p))) agrees = true;
    else if (carry && carry.clause === clause && /\b(and|&)$/.test(before)) agrees = carry.agrees;
    if (agrees === undefined) continue;
    carry = { agrees, clause };
    found.set(m.author, { author: m.author, agrees, words: `${before} ${m.author}`.trim() });
  }
  return [...found.values()];
}

function firstSentence(tokens: readonly Token[]): string[] {
  return tokens.filter((t) => t.sentence === 0 && !t.isMark).map((t) => t.text);
}

/** "Carried?" or "Zero leadership?": a short opening question repeating the answered comment's words scoffs at it. */
export function echoesAsQuestion(tokens: readonly Token[], answered: string | undefined): boolean {
  if (!answered) return false;
  const words = firstSentence(tokens);
  const end = tokens.find((t) => t.sentence === 0 && t.isMark);
  if (end?.text !== '?' || words.length === 0 || words.length > ECHO_MAX_WORDS) return false;
  const answeredWords = new Set(tokenize(leadingPart(answered)).map((t) => t.text));
  return words.some((w) => w.length > 3 && answeredWords.has(w));
}
