// Where a sentiment word's force reaches: negation, contrast, reported attitudes, questions and quotes.
// Every question is answered from tables built in one pass over the tokens, so a comment's cost stays linear
// in its length however many sentiment words it holds (a scan of the whole comment per word was quadratic).
import { CONTRAST_WORDS, NEGATION_WINDOW, NEGATORS, REPORTED_ATTITUDE_VERBS, SENTENCE_CONTRAST_OPENERS, THIRD_PARTY_WORDS } from './lexicon.js';
import type { Token } from './tokens.js';

const WEIGHT_BEFORE_CONTRAST = 0.6;
const WEIGHT_AFTER_CONTRAST = 1.3;
const RETRACTED_FACTOR = -0.6;
const REPORTED_LOOKBACK = 8;
// Negation does not reach past a new clause head: "doesn't erase how much better".
const SCOPE_BREAKERS = new Set(['how', 'what', 'that', 'which', 'who', 'why', 'because', 'if', 'when']);
// "Nobody deserves it more than him": a negated comparison is a superlative, not a denial.
const COMPARATIVES = new Set(['more', 'better', 'harder', 'bigger']);

// "Loved her early books", "was great ten years ago", "used to be the fans' artist": praise set in the past is
// usually a former fan's preface to what went wrong since.
const PAST_MARKERS = new Set(['ago', 'used', 'early', 'earlier', 'anymore', 'nowadays', 'former', 'formerly', 'once']);

const NONE = -1;

/** A comment's sentence and clause structure, tabled once; the scope questions below read it in constant time. */
export class TokenScope {
  /** Per sentence (one spare slot, for "the sentence after"). */
  private readonly words: number[];
  private readonly firstContrast: number[];
  private readonly lastContrast: number[];
  private readonly firstOpenerTurn: number[];
  private readonly hasRetract: boolean[];
  private readonly hasContrastTurn: boolean[];
  private readonly lastComparison: number[];
  /** Per token: the first mark at or after it in its sentence, and the quoted runs either side of it. */
  private readonly nextMark: number[];
  private readonly quotedBefore: number[];
  private readonly quotedAfter: number[];
  private readonly bySet = new Map<ReadonlySet<string>, { has: boolean[]; last: number[] }>();

  constructor(readonly tokens: readonly Token[]) {
    const n = tokens.length;
    const sentences = (tokens.at(-1)?.sentence ?? 0) + 2;
    const clauses = (tokens.at(-1)?.clause ?? 0) + 1;
    this.words = new Array<number>(sentences).fill(0);
    this.firstContrast = new Array<number>(sentences).fill(NONE);
    this.lastContrast = new Array<number>(sentences).fill(NONE);
    this.firstOpenerTurn = new Array<number>(sentences).fill(NONE);
    this.hasRetract = new Array<boolean>(sentences).fill(false);
    this.hasContrastTurn = new Array<boolean>(sentences).fill(false);
    this.lastComparison = new Array<number>(clauses).fill(NONE);
    tokens.forEach((t, k) => {
      const s = t.sentence;
      if (!t.isMark) this.words[s] = (this.words[s] ?? 0) + 1;
      const contrast = CONTRAST_WORDS.has(t.text);
      if (contrast) {
        if (this.firstContrast[s] === NONE) this.firstContrast[s] = k;
        this.lastContrast[s] = k;
      }
      const turn = sentenceTurn(tokens, k);
      if (turn === 'retract') this.hasRetract[s] = true;
      if (turn === 'contrast') {
        this.hasContrastTurn[s] = true;
        if (!contrast && this.firstOpenerTurn[s] === NONE) this.firstOpenerTurn[s] = k;
      }
      if (COMPARATIVES.has(t.text) && tokens[k + 1]?.text === 'than') this.lastComparison[t.clause] = k;
    });
    this.nextMark = new Array<number>(n).fill(NONE);
    this.quotedBefore = new Array<number>(n).fill(0);
    this.quotedAfter = new Array<number>(n).fill(0);
    for (let k = n - 1; k >= 0; k -= 1) {
      const t = tokens[k]!;
      const next = tokens[k + 1];
      this.nextMark[k] = t.isMark ? k : next && next.sentence === t.sentence ? (this.nextMark[k + 1] ?? NONE) : NONE;
      this.quotedAfter[k] = next?.quoted ? (this.quotedAfter[k + 1] ?? 0) + 1 : 0;
    }
    for (let k = 1; k < n; k += 1) this.quotedBefore[k] = tokens[k - 1]?.quoted ? (this.quotedBefore[k - 1] ?? 0) + 1 : 0;
  }

  /** Number of words (tokens that are not marks) in sentence s. */
  wordsIn(s: number): number {
    return this.words[s] ?? 0;
  }

  /** Whether sentence s holds one of the words. */
  sentenceHas(words: ReadonlySet<string>, s: number): boolean {
    return this.tableFor(words).has[s] ?? false;
  }

  /** The last position in sentence s of one of the words, or -1. */
  lastInSentence(words: ReadonlySet<string>, s: number): number {
    return this.tableFor(words).last[s] ?? NONE;
  }

  private tableFor(words: ReadonlySet<string>): { has: boolean[]; last: number[] } {
    let table = this.bySet.get(words);
    if (!table) {
      table = { has: [], last: [] };
      for (const [k, t] of this.tokens.entries()) {
        if (!words.has(t.text)) continue;
        table.has[t.sentence] = true;
        table.last[t.sentence] = k;
      }
      this.bySet.set(words, table);
    }
    return table;
  }

  /** Whether the sentence around token i sets what it says in the past. */
  isInThePast(i: number): boolean {
    const t = this.tokens[i];
    return t !== undefined && this.sentenceHas(PAST_MARKERS, t.sentence);
  }

  /** Length of the run of quoted tokens around i: short runs are scare quotes, long runs are someone's words. */
  quotedSpan(i: number): number {
    return (this.quotedBefore[i] ?? 0) + (this.quotedAfter[i] ?? 0) + 1;
  }

  /** Whether token i sits in a question (the first mark after it in its sentence is "?"); praise there ("and now he's a hero?") is usually rhetorical. */
  isQuestion(i: number): boolean {
    const mark = this.nextMark[i] ?? NONE;
    return mark !== NONE && this.tokens[mark]?.text === '?';
  }

  /** The negator earlier in the clause that turns the word at i round, or -1. */
  negatorOf(i: number): number {
    const tokens = this.tokens;
    const clause = tokens[i]?.clause;
    for (let k = i - 1; k >= Math.max(0, i - NEGATION_WINDOW); k -= 1) {
      const t = tokens[k];
      if (!t || t.clause !== clause || SCOPE_BREAKERS.has(t.text)) return -1;
      if (NEGATORS.has(t.text)) return clause !== undefined && (this.lastComparison[clause] ?? NONE) > i ? -1 : k;
    }
    return -1;
  }

  /**
   * A third party ("critics", "my brother", "people") with an attitude or saying verb at or before the word,
   * with no "but" in between: the words are theirs, not the writer's ("critics say he's lazy", "fans hate him").
   */
  isReported(i: number): boolean {
    const tokens = this.tokens;
    const sentence = tokens[i]?.sentence;
    for (let k = i; k >= Math.max(0, i - REPORTED_LOOKBACK); k -= 1) {
      const t = tokens[k];
      if (!t || t.sentence !== sentence || (k < i && CONTRAST_WORDS.has(t.text))) return false;
      if (!REPORTED_ATTITUDE_VERBS.has(t.text)) continue;
      const who = tokens.slice(Math.max(0, k - 3), k).map((x) => x.text);
      if (who.some((w) => THIRD_PARTY_WORDS.has(w))) return true;
    }
    return false;
  }

  /**
   * What follows "but" carries the writer's view; what precedes it, in the sentence or the one before, concedes.
   * After: a contrast word, or a sentence opening like "Still", earlier in the sentence. Before: a contrast word
   * later in the sentence (past the next word), or a sentence after that turns ("But ...", "... though.").
   */
  contrastFactor(i: number): number {
    const tok = this.tokens[i];
    if (!tok) return 1;
    const s = tok.sentence;
    if (this.hasRetract[s + 1]) return RETRACTED_FACTOR;
    const earlier = (k: number | undefined) => k !== undefined && k !== NONE && k < i;
    if (earlier(this.firstContrast[s]) || earlier(this.firstOpenerTurn[s])) return WEIGHT_AFTER_CONTRAST;
    const before = (this.lastContrast[s] ?? NONE) > i + 1 || this.hasContrastTurn[s + 1] === true;
    return before ? WEIGHT_BEFORE_CONTRAST : 1;
  }

  /** Whether the subject holds the attitude rather than receives it: "Kell loves a press conference". */
  isHeldBySubject(i: number, isSubjectAt: (k: number) => boolean): boolean {
    return REPORTED_ATTITUDE_VERBS.has(this.tokens[i]?.text ?? '') && i > 0 && isSubjectAt(i - 1);
  }
}

// "But ..." opening a sentence, or "... though." closing it, answers the sentence before;
// "Not anymore." or "Never again." takes it back altogether.
function sentenceTurn(tokens: readonly Token[], k: number): 'contrast' | 'retract' | undefined {
  const t = tokens[k];
  if (!t || t.isMark) return undefined;
  const first = k === 0 || tokens[k - 1]?.sentence !== t.sentence;
  const last = tokens[k + 1]?.isMark === true && tokens[k + 1]?.sentence === t.sentence;
  const next = tokens[k + 1]?.text;
  if (first && ((t.text === 'not' && next === 'anymore') || (t.text === 'never' && next === 'again') || (t.text === 'no' && next === 'longer')))
    return 'retract';
  if ((first && SENTENCE_CONTRAST_OPENERS.has(t.text)) || (last && t.text === 'though' && t.sentence > 0)) return 'contrast';
  return undefined;
}
