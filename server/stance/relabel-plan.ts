// Which automatic labels a change in the thread reaches, and whether a label worked out again differs. Pure.
import type { LabelCore } from './label-precedence.js';
import { tokenizeName } from './rules/tokens.js';
import type { StanceResult, ThreadItem } from './stance-types.js';
import type { Stance } from '../shared/stances.js';

/** Name words this short ("Jo", "Al") match too many words in passing to say a comment names their owner. */
const MIN_NAME_WORD = 3;

/** How a later comment leans on a change: through its parent or a name, and whether on the change itself (direct) or on a label it moved. */
export interface Leaning {
  relation: 'parent' | 'named';
  direct: boolean;
}

/**
 * Who changed so far in a relabelling walk: each changed comment's id and the words of its author's name, each
 * marked direct when it is the change itself rather than a label the walk moved.
 */
export class ChangedSet {
  private readonly ids = new Map<number, boolean>();
  private readonly nameWords = new Map<string, boolean>();

  add(id: number, authorName: string, direct: boolean): void {
    this.ids.set(id, direct || this.ids.get(id) === true);
    for (const word of tokenizeName(authorName)) {
      if (word.length >= MIN_NAME_WORD) this.nameWords.set(word, direct || this.nameWords.get(word) === true);
    }
  }

  has(id: number): boolean {
    return this.ids.has(id);
  }

  get size(): number {
    return this.ids.size;
  }

  /**
   * How a later comment leans on what changed: it answers a changed comment ('parent'), or names the author of
   * one ('named'); null when it does neither. The name test may over-match ("Rose" in "rose by 3%"): that only
   * costs one classification that then changes nothing.
   */
  leaningOf(comment: { parent_id: number | null; body: string }): Leaning | null {
    const parent = comment.parent_id === null ? undefined : this.ids.get(comment.parent_id);
    if (parent !== undefined) return { relation: 'parent', direct: parent };
    if (this.nameWords.size === 0) return null;
    let found: Leaning | null = null;
    for (const word of comment.body.toLowerCase().split(/[^\p{L}\p{N}_'-]+/u)) {
      const direct = this.nameWords.get(word);
      if (direct === undefined) continue;
      found = { relation: 'named', direct };
      if (direct) break;
    }
    return found;
  }
}

/** Whether a label worked out again says something else than the stored one (label, confidence or cues). */
export function labelDiffers(stored: { label: string; confidence: number; cues: string } | undefined, result: StanceResult): boolean {
  return !stored || stored.label !== result.label || Math.abs(stored.confidence - result.confidence) > 0.0005 || stored.cues !== JSON.stringify(result.cues);
}

/** The reason a relabelled item's history row gives, from how it leans on the change and what the change was. */
export function relabelReason(leaning: Leaning, cause: string): string {
  const whose = leaning.relation === 'parent' ? 'parent' : 'a named commenter';
  return leaning.direct ? `${whose} ${cause}` : `${whose} relabelled in turn (${cause})`;
}

/**
 * How much of a long thread the classifier reads besides the reply chain: enough for named references and each
 * author's earlier side. Reading 200 cost more than classifying; replies to people further back than this are
 * rare, and the reply chain is read whole anyway.
 */
export const CONTEXT_WINDOW = 50;
/** A reply chain deeper than this is cut; the nearest ancestors matter most. */
export const MAX_ANCESTORS = 50;

/** A comment as a relabelling walk reads it; body is the part the classifier reads, or '' where the walk never needs it. */
export interface WalkComment {
  id: number;
  parentId: number | null;
  author: string;
  body: string;
  status: 'pending' | 'approved' | 'spam' | 'trash';
}

/** Everything a relabelling walk reads: the post's comments in id order, their labels now, and what changed. */
export interface WalkInput {
  comments: WalkComment[];
  /** Each comment's current label (by precedence) and its latest automatic one with cues as stored. */
  current: Map<number, LabelCore>;
  latestAuto: Map<number, { label: Stance; confidence: number; cues: string }>;
  triggers: number[];
  cause: string;
}

/** A label the walk worked out again and found different, with the reason its history row gives. */
export interface Relabelled {
  commentId: number;
  result: StanceResult;
  reason: string;
  /** Whether it became the comment's current label (no moderator's or self label stands over it). */
  moved: boolean;
}

/**
 * Walks a post's comments in thread order from the first that changed, classifying again each one that leans on a
 * change (and, in turn, on a label the walk moved), each seeing the thread as it stands by then: the same window,
 * reply chain and labels the classifier reads when a comment is stored. Pure, given `classify`.
 */
export function walkRelabel(input: WalkInput, classify: (target: ThreadItem, earlier: ThreadItem[]) => StanceResult): Relabelled[] {
  const byId = new Map(input.comments.map((c) => [c.id, c]));
  const triggers = new Set(input.triggers);
  const first = Math.min(...input.triggers);
  const changed = new ChangedSet();
  for (const id of triggers) {
    const c = byId.get(id);
    if (c) changed.add(id, c.author, true);
  }
  const out: Relabelled[] = [];
  const recent: number[] = [];
  for (const c of input.comments) {
    const leaning =
      c.id > first && !triggers.has(c.id) && (c.status === 'approved' || c.status === 'pending')
        ? changed.leaningOf({ parent_id: c.parentId, body: c.body })
        : null;
    if (leaning) {
      const target: ThreadItem = {
        id: String(c.id),
        parentId: c.parentId === null ? null : String(c.parentId),
        author: c.author,
        body: c.body,
        kind: 'comment',
      };
      const result = classify(target, contextBefore(c, recent, byId, input.current));
      if (labelDiffers(input.latestAuto.get(c.id), result)) {
        input.latestAuto.set(c.id, { label: result.label, confidence: result.confidence, cues: JSON.stringify(result.cues) });
        const now = input.current.get(c.id);
        const moved = !now || now.source === 'auto';
        if (moved) {
          input.current.set(c.id, { label: result.label, source: 'auto', confidence: result.confidence });
          changed.add(c.id, c.author, false);
        }
        out.push({ commentId: c.id, result, reason: relabelReason(leaning, input.cause), moved });
      }
    }
    if (c.status === 'approved') {
      recent.push(c.id);
      if (recent.length > CONTEXT_WINDOW) recent.shift();
    }
  }
  return out;
}

/** The thread before a comment: the recent approved window plus its reply chain (any status), with the answered text. */
function contextBefore(
  c: WalkComment,
  recent: readonly number[],
  byId: ReadonlyMap<number, WalkComment>,
  current: ReadonlyMap<number, LabelCore>,
): ThreadItem[] {
  const ids = new Set(recent);
  let id = c.parentId;
  for (let steps = 0; id !== null && steps < MAX_ANCESTORS; steps++) {
    const node = byId.get(id);
    if (!node) break;
    ids.add(id);
    id = node.parentId;
  }
  return [...ids]
    .sort((a, b) => a - b)
    .map((itemId) => {
      const item = byId.get(itemId)!;
      const label = current.get(itemId);
      return {
        id: String(itemId),
        parentId: item.parentId === null ? null : String(item.parentId),
        author: item.author,
        body: itemId === c.parentId ? item.body : '',
        kind: 'comment' as const,
        stance: label?.label,
        source: label?.source,
        confidence: label?.confidence,
      };
    });
}
