// Which automatic labels a change in the thread reaches, and whether a label worked out again differs. Pure.
import { tokenizeName } from './rules/tokens.js';
import type { StanceResult } from './stance-types.js';

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
