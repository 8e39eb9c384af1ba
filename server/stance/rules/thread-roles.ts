// Who is who in the thread around an item: where each participant stands, whom a reply answers, and the priors
// that history gives (the post's author declared a side; commenters rarely switch; unmarked replies rebut).
import type { StanceContext, ThreadItem } from '../stance-types.js';
import { stanceSign, type Stance } from '../../shared/stances.js';
import type { Evidence } from './evidence.js';
import type { Mention } from './mentions.js';
import type { Referent } from './references.js';
import type { Token } from './tokens.js';

const POST_AUTHOR_PRIOR = 0.6;
const AUTHOR_HISTORY_PRIOR = 1;
const UNMARKED_REPLY_PRIOR = 0.6;
const NEUTRAL_PARENT_PRIOR_SCALE = 0.3;
// An automatic label at this confidence or below passes almost nothing down the thread; at TRUST_FULL it passes all.
const TRUST_FLOOR = 0.4;
const TRUST_FULL = 0.9;
const TRUST_MIN = 0.1;

/** How far an item's label should travel down the thread: people's own and moderators' fully, shaky guesses little. */
export function labelTrust(item: Pick<ThreadItem, 'source' | 'confidence'>): number {
  if (item.source === 'self' || item.source === 'moderator' || item.confidence === undefined) return 1;
  return Math.min(1, Math.max(TRUST_MIN, (item.confidence - TRUST_FLOOR) / (TRUST_FULL - TRUST_FLOOR)));
}

/** Whether two author names are the same person's (case and surrounding spaces aside). */
export function sameName(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

/** The thread as one item sees it; each participant's standing is worked out once, however often it is asked. */
export class ThreadRoles {
  private readonly standing = new Map<string, { stance: Stance; trust: number } | undefined>();
  /** The remark just before this one under the same comment, if the item is a remark. */
  readonly previousRemark: ThreadItem | undefined;
  readonly isTopLevel: boolean;

  constructor(
    private readonly target: ThreadItem,
    private readonly context: StanceContext,
  ) {
    this.previousRemark = target.kind === 'remark' ? lastRemarkUnder(target.parentId, context.earlier) : undefined;
    this.isTopLevel = target.kind === 'comment' ? target.parentId === null : !this.previousRemark;
  }

  /**
   * Where a participant stands: the post author's declared stance, else the trust-weighted balance of their
   * labels so far, so one shaky label cannot outvote several confident ones.
   */
  held(author: string): { stance: Stance; trust: number } | undefined {
    const key = author.trim().toLowerCase();
    if (this.standing.has(key)) return this.standing.get(key);
    const value = this.workOutStanding(author);
    this.standing.set(key, value);
    return value;
  }

  stanceOf(author: string): Stance | undefined {
    return this.held(author)?.stance;
  }

  trustOf(author: string): number {
    return this.held(author)?.trust ?? 1;
  }

  private workOutStanding(author: string): { stance: Stance; trust: number } | undefined {
    const { post, earlier } = this.context;
    if (sameName(author, post.author) && post.stance) return { stance: post.stance, trust: 1 };
    const items = earlier.filter((e) => sameName(e.author, author) && e.stance);
    if (items.length === 0) return undefined;
    const balance = items.reduce((sum, e) => sum + stanceSign(e.stance) * labelTrust(e), 0);
    if (balance === 0) {
      const polar = items.some((e) => e.stance !== 'neutral');
      return { stance: polar ? (items.at(-1)?.stance ?? 'neutral') : 'neutral', trust: polar ? TRUST_MIN : 1 };
    }
    return { stance: balance > 0 ? 'pro' : 'against', trust: Math.min(1, Math.abs(balance)) };
  }

  /** Whom the item answers: a person it names at a clause edge, else its parent, the remark before it, or the post's author. */
  addressee(tokens: readonly Token[], mentions: readonly Mention[]): Referent | undefined {
    const { target, context } = this;
    const vocative = mentions.find((m) => m.kind === 'participant' && isVocative(tokens, m));
    if (vocative?.author) {
      return { name: vocative.author, role: vocative.author, stance: this.held(vocative.author)?.stance, trust: this.trustOf(vocative.author) };
    }
    const parent = target.kind === 'comment' && target.parentId ? context.earlier.find((e) => e.id === target.parentId) : undefined;
    // The post's author declared where they stand; that beats any automatic label on their comments.
    const declared = parent && sameName(parent.author, context.post.author) && context.post.stance !== 'neutral' ? context.post.stance : undefined;
    if (parent)
      return { name: parent.author, role: 'its parent', stance: declared ?? parent.stance, body: parent.body, trust: declared ? 1 : labelTrust(parent) };
    const prev = this.previousRemark;
    if (prev) return { name: prev.author, role: 'the remark before it', stance: prev.stance, body: prev.body, trust: labelTrust(prev) };
    const author = context.post.author;
    return { name: author, role: "the post's author", stance: this.held(author)?.stance, trust: this.trustOf(author) };
  }

  /**
   * History: the post's author declared a stance; commenters rarely switch sides within one thread;
   * and an unmarked reply to a stanced comment is, in a debate, more often a rebuttal than a seconding.
   */
  priors(referenced: boolean, addressee: Referent | undefined): Evidence[] {
    const { target, context } = this;
    const out: Evidence[] = [];
    const { post, earlier } = context;
    // Answering a neutral question is informing, not arguing: history says little there.
    const scale = addressee?.role === 'its parent' && addressee.stance === 'neutral' ? NEUTRAL_PARENT_PRIOR_SCALE : 1;
    if (sameName(target.author, post.author) && post.stance && post.stance !== 'neutral') {
      out.push({
        kind: 'prior:post-author',
        polarity: scale * POST_AUTHOR_PRIOR * stanceSign(post.stance),
        cue: `written by the post's author, who is ${post.stance}`,
      });
    } else {
      const own = findLast(earlier, (e) => sameName(e.author, target.author) && e.stance !== undefined && e.stance !== 'neutral');
      if (own?.stance) {
        const polarity = scale * AUTHOR_HISTORY_PRIOR * stanceSign(own.stance) * labelTrust(own);
        out.push({ kind: 'prior:history', polarity, cue: `its author was ${own.stance} earlier in the thread` });
      }
    }
    const answersSomeone = addressee && addressee.role !== "the post's author" && addressee.role !== 'the remark before it';
    if (!referenced && (target.parentId !== null || target.kind === 'remark') && answersSomeone) {
      const sign = stanceSign(addressee.stance);
      const polarity = -UNMARKED_REPLY_PRIOR * sign * (addressee.trust ?? 1);
      if (sign !== 0) out.push({ kind: 'prior:unmarked-reply', polarity, cue: `answers ${addressee.role}, which is ${addressee.stance}, without agreeing` });
    }
    return out;
  }
}

/** "Frank, ...", "..., Ian." or "You nailed it Maya": a name standing alone at a clause edge addresses that person. */
export function isVocative(tokens: readonly Token[], m: Mention): boolean {
  const before = tokens[m.start - 1];
  const after = tokens[m.start + m.length];
  const edgeBefore = !before || before.isMark || before.clause !== tokens[m.start]?.clause;
  const edgeAfter = !after || after.isMark;
  return edgeBefore && edgeAfter;
}

function lastRemarkUnder(parentId: string | null, earlier: readonly ThreadItem[]): ThreadItem | undefined {
  return findLast(earlier, (e) => e.kind === 'remark' && e.parentId === parentId);
}

function findLast<T>(items: readonly T[], test: (item: T) => boolean): T | undefined {
  for (let k = items.length - 1; k >= 0; k -= 1) if (test(items[k]!)) return items[k];
  return undefined;
}
