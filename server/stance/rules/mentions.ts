// Marks, token by token, who a comment is talking about: the subject, "you", a named participant, critics...
import { CRITIC_GROUP_NOUNS, CRITIC_GROUP_VERBS, CRITIC_INSULTS, CRITIC_REFERENCES, DEFENDER_NOUNS, OTHER_PERSON_NOUNS } from './lexicon.js';
import { isInName } from './names.js';
import { phraseList } from './phrases.js';
import type { SideMatch, SideMatcher } from './sides.js';
import { findParticipantAt, type SubjectMatcher } from './targets.js';
import type { Token } from './tokens.js';

export type TargetKind = 'subject' | 'indirect' | 'addressee' | 'participant' | 'critics' | 'critic-insult' | 'defenders' | 'post' | 'ally' | 'rival' | 'other';

export interface Mention {
  kind: TargetKind;
  start: number;
  length: number;
  /** The participant named, for kind 'participant'. */
  author?: string;
  /** The ally or rival named, for kinds 'ally' and 'rival'. */
  side?: SideMatch;
}

const INSULTS = phraseList(CRITIC_INSULTS);
const CRITIC_REFS = phraseList(CRITIC_REFERENCES);
const DEFENDERS = phraseList(DEFENDER_NOUNS);
// "Beat three defenders", "40,000 fans sang": people counted are players or a crowd, not a side of the debate.
const COUNT_WORDS = new Set(['two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'several', 'both', 'dozens', 'thousands']);
const COUNT_REACH = 2;
const isCounted = (tokens: readonly Token[], i: number) => {
  for (let k = i - 1; k >= Math.max(0, i - COUNT_REACH); k -= 1) {
    const t = tokens[k];
    if (!t || t.isMark) return false;
    if (COUNT_WORDS.has(t.text) || /^\d[\d,.]*$/.test(t.text)) return true;
  }
  return false;
};
const YOU = new Set(['you', 'your', 'yours', 'yourself', 'u', 'ya']);
const POST_NOUNS = new Set(['post', 'article', 'piece', 'blog', 'writeup', 'op', 'column', 'essay']);
// Praise of "the point" or "the context" is praise of the comment being answered, not of the subject.
const DISCOURSE_NOUNS = new Set([
  'point',
  'points',
  'context',
  'summary',
  'take',
  'comment',
  'question',
  'info',
  'information',
  'answer',
  'reply',
  'correction',
  'explanation',
  'perspective',
  'argument',
  'analysis',
  'thread',
  'tip',
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
  sides?: SideMatcher,
): Mention[] {
  const mentions: Mention[] = [];
  for (let i = 0; i < tokens.length;) {
    const m = mentionAt(tokens, i, subject, participants, postAuthor, sides);
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
  sides: SideMatcher | undefined,
): Mention | undefined {
  const tok = tokens[i];
  if (!tok || tok.isMark) return undefined;
  // The author's own list of allies and rivals says who a group or name is, before any word list guesses.
  const side = sides?.matchAt(tokens, i);
  if (side) return { kind: side.side, start: i, length: side.length, side };
  const insult = INSULTS.longestAt(tokens, i);
  if (insult) return { kind: 'critic-insult', start: i, length: insult.length };
  const critic = CRITIC_REFS.longestAt(tokens, i);
  if (critic) return { kind: 'critics', start: i, length: critic.length };
  // "People hating on her", "everyone demanding he quit": a group named by its attack is the critics.
  if (CRITIC_GROUP_NOUNS.has(tok.text)) {
    const verbAt = [1, 2].map((d) => i + d).find((k) => CRITIC_GROUP_VERBS.has(tokens[k]?.text ?? '') && tokens[k]?.clause === tok.clause);
    if (verbAt !== undefined) return { kind: 'critics', start: i, length: verbAt - i + 1 };
  }
  const defender = DEFENDERS.longestAt(tokens, i);
  if (defender) {
    // "the Harbour Defenders" (a team) or "three defenders" (players) are people in the story, not the subject's side.
    const inStory = isInName(tokens, i, () => false) || isCounted(tokens, i);
    return { kind: inStory ? 'other' : 'defenders', start: i, length: defender.length };
  }
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

const GROUPS = new Set<TargetKind>(['critics', 'critic-insult', 'defenders']);
const NONE = -1;

function isSubjectKind(m: Mention): boolean {
  return m.kind === 'subject' || m.kind === 'indirect';
}

/**
 * The mentions of one comment, with tables by token position so that the questions asked for every
 * sentiment word (which mention covers token k, which one is the word aimed at) cost constant time.
 */
export class MentionLocator {
  private readonly covering: number[];
  private readonly lastStarted: number[];
  private readonly lastSubjectStarted: number[];
  private readonly firstAfter: number[];
  private readonly firstNonGroupAfter: number[];
  private readonly firstSubjectAfter: number[];

  constructor(
    private readonly tokens: readonly Token[],
    readonly mentions: readonly Mention[],
  ) {
    const n = tokens.length;
    this.covering = new Array<number>(n).fill(NONE);
    this.lastStarted = new Array<number>(n).fill(NONE);
    this.lastSubjectStarted = new Array<number>(n).fill(NONE);
    this.firstAfter = new Array<number>(n).fill(NONE);
    this.firstNonGroupAfter = new Array<number>(n).fill(NONE);
    this.firstSubjectAfter = new Array<number>(n).fill(NONE);
    const startingAt = new Array<number>(n + 1).fill(NONE);
    mentions.forEach((m, k) => {
      if (m.start < n) startingAt[m.start] = k;
      for (let p = m.start; p < Math.min(n, m.start + m.length); p += 1) this.covering[p] = k;
    });
    let last = NONE;
    let lastSubject = NONE;
    for (let p = 0; p < n; p += 1) {
      const k = startingAt[p] ?? NONE;
      if (k !== NONE) {
        last = k;
        if (isSubjectKind(mentions[k]!)) lastSubject = k;
      }
      this.lastStarted[p] = last;
      this.lastSubjectStarted[p] = lastSubject;
    }
    let next = NONE;
    let nextNonGroup = NONE;
    let nextSubject = NONE;
    for (let p = n - 1; p >= 0; p -= 1) {
      this.firstAfter[p] = next;
      this.firstNonGroupAfter[p] = nextNonGroup;
      this.firstSubjectAfter[p] = nextSubject;
      const k = startingAt[p] ?? NONE;
      if (k === NONE) continue;
      next = k;
      if (!GROUPS.has(mentions[k]!.kind)) nextNonGroup = k;
      if (isSubjectKind(mentions[k]!)) nextSubject = k;
    }
  }

  /** The mention that token k is part of, if any (mentions never overlap). */
  at(k: number): Mention | undefined {
    return this.mentions[this.covering[k] ?? NONE];
  }

  /** Whether token k is part of a mention of the subject (by name or by pronoun). */
  isSubjectAt(k: number): boolean {
    const m = this.at(k);
    return m !== undefined && isSubjectKind(m);
  }

  /**
   * The mention a sentiment word at index i is aimed at: nearest in its clause, else in its sentence. Only five
   * mentions can be nearest (the last to start at or before i, the last such of the subject, the first after i,
   * the first after that is not a group, the first of the subject after), so only those are weighed.
   */
  targetOf(i: number): Mention | undefined {
    const { tokens, mentions } = this;
    const tok = tokens[i];
    if (!tok) return undefined;
    const candidates = [this.lastStarted[i], this.lastSubjectStarted[i], this.firstAfter[i], this.firstNonGroupAfter[i], this.firstSubjectAfter[i]];
    const order = [...new Set(candidates)].filter((k): k is number => k !== undefined && k !== NONE).sort((a, b) => a - b);
    const pick = (same: (m: Mention) => boolean) => {
      let best: Mention | undefined;
      let bestDistance = Infinity;
      for (const k of order) {
        const m = mentions[k]!;
        if (!tokens[m.start] || !same(m)) continue;
        // A group is judged after it is named ("critics are wrong") or right before ("stupid critics"), not from afar.
        if (GROUPS.has(m.kind) && i < m.start - 1) continue;
        const distance = m.start > i ? m.start - i : i - (m.start + m.length - 1);
        // Ties go to the subject: "his critics are wrong about him" is still about him.
        const bias = isSubjectKind(m) ? -0.5 : 0;
        if (distance + bias < bestDistance) {
          best = m;
          bestDistance = distance + bias;
        }
      }
      return best;
    };
    return pick((m) => tokens[m.start]?.clause === tok.clause) ?? pick((m) => tokens[m.start]?.sentence === tok.sentence);
  }
}
