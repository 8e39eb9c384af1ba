// Marks, token by token, who a comment is talking about: the subject, "you", a named participant, critics...
import { CRITIC_GROUP_NOUNS, CRITIC_GROUP_VERBS, CRITIC_INSULTS, CRITIC_REFERENCES, DEFENDER_NOUNS, OTHER_PERSON_NOUNS } from './lexicon.js';
import { compilePhrases, longestAt } from './phrases.js';
import { findParticipantAt, type SubjectMatcher } from './targets.js';
import type { Token } from './tokens.js';

export type TargetKind =
  | 'subject' | 'indirect' | 'addressee' | 'participant' | 'critics' | 'critic-insult' | 'defenders' | 'post' | 'other';

export interface Mention {
  kind: TargetKind;
  start: number;
  length: number;
  /** The participant named, for kind 'participant'. */
  author?: string;
}

const INSULTS = compilePhrases(CRITIC_INSULTS);
const CRITIC_REFS = compilePhrases(CRITIC_REFERENCES);
const DEFENDERS = compilePhrases(DEFENDER_NOUNS);
const YOU = new Set(['you', 'your', 'yours', 'yourself', 'u', 'ya']);
const POST_NOUNS = new Set(['post', 'article', 'piece', 'blog', 'writeup', 'op', 'column', 'essay']);
// Praise of "the point" or "the context" is praise of the comment being answered, not of the subject.
const DISCOURSE_NOUNS = new Set([
  'point', 'points', 'context', 'summary', 'take', 'comment', 'question', 'info', 'information', 'answer', 'reply',
  'correction', 'explanation', 'perspective', 'argument', 'analysis', 'thread', 'tip',
]);

// "Worse in context", "out of context", "for context": after a preposition the noun is the situation, not the reply.
const PREPOSITIONS = new Set(['in', 'of', 'for', 'into', 'without', 'with', 'on', 'about', 'from']);

const DEMONSTRATIVES = new Set(['the', 'this', 'that']);

function afterPreposition(tokens: readonly Token[], i: number): boolean {
  const before = DEMONSTRATIVES.has(tokens[i - 1]?.text ?? '') ? tokens[i - 2] : tokens[i - 1];
  return PREPOSITIONS.has(before?.text ?? '');
}

/** Finds every mention in the tokens, longest first, without overlaps. */
export function findMentions(
  tokens: readonly Token[],
  subject: SubjectMatcher,
  participants: ReadonlyMap<string, string>,
  postAuthor: string,
): Mention[] {
  const mentions: Mention[] = [];
  for (let i = 0; i < tokens.length; ) {
    const m = mentionAt(tokens, i, subject, participants, postAuthor);
    if (m) {
      mentions.push(m);
      i += m.length;
    } else i += 1;
  }
  return mentions;
}

function mentionAt(
  tokens: readonly Token[],
  i: number,
  subject: SubjectMatcher,
  participants: ReadonlyMap<string, string>,
  postAuthor: string,
): Mention | undefined {
  const tok = tokens[i];
  if (!tok || tok.isMark) return undefined;
  const insult = longestAt(tokens, i, INSULTS);
  if (insult) return { kind: 'critic-insult', start: i, length: insult.length };
  const critic = longestAt(tokens, i, CRITIC_REFS);
  if (critic) return { kind: 'critics', start: i, length: critic.length };
  // "People hating on her", "everyone demanding he quit": a group named by its attack is the critics.
  if (CRITIC_GROUP_NOUNS.has(tok.text)) {
    const verbAt = [1, 2].map((d) => i + d).find((k) => CRITIC_GROUP_VERBS.has(tokens[k]?.text ?? '') && tokens[k]?.clause === tok.clause);
    if (verbAt !== undefined) return { kind: 'critics', start: i, length: verbAt - i + 1 };
  }
  const defender = longestAt(tokens, i, DEFENDERS);
  if (defender) return { kind: 'defenders', start: i, length: defender.length };
  const subj = subject.matchAt(tokens, i);
  if (subj.length > 0) return { kind: subj.indirect ? 'indirect' : 'subject', start: i, length: subj.length };
  // The subject matcher had first claim on "the coach"; what is left is someone else in the story.
  if (DEMONSTRATIVES.has(tok.text) && OTHER_PERSON_NOUNS.has(tokens[i + 1]?.text ?? '')) return { kind: 'other', start: i, length: 2 };
  const person = findParticipantAt(tokens, i, participants);
  if (person) return { kind: 'participant', start: i, length: person.length, author: person.author };
  if (YOU.has(tok.text)) return { kind: isGenericYou(tokens, i) ? 'other' : 'addressee', start: i, length: 1 };
  if (DISCOURSE_NOUNS.has(tok.text) && !afterPreposition(tokens, i)) return { kind: 'addressee', start: i, length: 1 };
  const next = tokens[i + 1]?.text ?? '';
  if (POST_NOUNS.has(next) && ['the', 'this', 'your', 'that'].includes(tok.text)) {
    return { kind: 'post', start: i, length: 2, author: postAuthor };
  }
  if (tok.text.startsWith('@')) return { kind: 'other', start: i, length: 1 };
  return undefined;
}

// "an account whose judgement you trust", "if you ask me": "you" inside a relative or conditional clause is anyone.
const GENERIC_YOU_AFTER = new Set(['whose', 'that', 'which', 'whom', 'if', 'when', 'whenever', 'unless', 'once']);

function isGenericYou(tokens: readonly Token[], i: number): boolean {
  const tok = tokens[i];
  if (!tok || !['you', 'u', 'ya'].includes(tok.text)) return false;
  for (let k = i - 1; k >= Math.max(0, i - 3); k -= 1) {
    const before = tokens[k];
    if (!before || before.isMark || before.clause !== tok.clause) return false;
    if (GENERIC_YOU_AFTER.has(before.text)) return true;
  }
  return false;
}

/** The mention a sentiment word at index i is aimed at: nearest in its clause, else in its sentence. */
export function targetOf(tokens: readonly Token[], i: number, mentions: readonly Mention[]): Mention | undefined {
  const tok = tokens[i];
  if (!tok) return undefined;
  const pick = (same: (m: Mention) => boolean) => {
    let best: Mention | undefined;
    let bestDistance = Infinity;
    for (const m of mentions) {
      const t = tokens[m.start];
      if (!t || !same(m)) continue;
      // A group is judged after it is named ("critics are wrong") or right before ("stupid critics"), not from afar.
      if ((m.kind === 'critics' || m.kind === 'critic-insult' || m.kind === 'defenders') && i < m.start - 1) continue;
      const distance = m.start > i ? m.start - i : i - (m.start + m.length - 1);
      // Ties go to the subject: "his critics are wrong about him" is still about him.
      const bias = m.kind === 'subject' || m.kind === 'indirect' ? -0.5 : 0;
      if (distance + bias < bestDistance) {
        best = m;
        bestDistance = distance + bias;
      }
    }
    return best;
  };
  return (
    pick((m) => tokens[m.start]?.clause === tok.clause) ?? pick((m) => tokens[m.start]?.sentence === tok.sentence)
  );
}
