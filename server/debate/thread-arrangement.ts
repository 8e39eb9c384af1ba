// Sorting and filtering a built thread: the top-level comments change order, replies stay under their
// parents in the order they were written, and a side filter keeps the ancestors of a matching reply as
// collapsed context.
import type { TreeInput, TreeNode } from '../comment/comment-tree.js';
import type { BadgeSide } from './side-badges.js';

/** The orders a thread can be read in; the first is the default (as WordPress). */
export const THREAD_SORTS = ['oldest', 'newest', 'replies', 'common'] as const;
export type ThreadSort = (typeof THREAD_SORTS)[number];

export const SORT_LABELS: Record<ThreadSort, string> = { oldest: 'Oldest', newest: 'Newest', replies: 'Most replied', common: 'Common ground' };

/** The sides a reader can filter to: the badges they see. */
export const SIDE_FILTERS = ['pro', 'against', 'neutral', 'unsure'] as const satisfies readonly BadgeSide[];
export type SideFilter = (typeof SIDE_FILTERS)[number];

export const SIDE_FILTER_LABELS: Record<SideFilter, string> = { pro: 'For', against: 'Against', neutral: 'Neither', unsure: 'Unsure' };

export interface Arrangement {
  sort: ThreadSort;
  side: SideFilter | null;
}

export interface ArrangementFacts {
  sideOf: (commentId: number) => BadgeSide | undefined;
  /** The common-ground score; read only for that sort. */
  scoreOf: (commentId: number) => number;
}

export interface ArrangedThread<T extends TreeInput> {
  roots: TreeNode<T>[];
  /** Comments shown only because a matching reply sits below them: printed collapsed. */
  contextIds: Set<number>;
}

/** A node with only the replies that match (or lead to one that does); null when nothing below matches. */
function keepMatching<T extends TreeInput>(node: TreeNode<T>, matches: (id: number) => boolean, contextIds: Set<number>): TreeNode<T> | null {
  const children: TreeNode<T>[] = [];
  for (const child of node.children) {
    const kept = keepMatching(child, matches, contextIds);
    if (kept) children.push(kept);
  }
  const isMatch = matches(node.comment.id);
  if (!isMatch && children.length === 0) return null;
  if (!isMatch) contextIds.add(node.comment.id);
  const replyCount = children.reduce((n, c) => n + 1 + c.replyCount, 0);
  return { ...node, children, replyCount };
}

/** The thread in the order and with the side asked for. Pure, O(n log n) in the comments. */
export function arrangeThread<T extends TreeInput>(roots: readonly TreeNode<T>[], arrangement: Arrangement, facts: ArrangementFacts): ArrangedThread<T> {
  const contextIds = new Set<number>();
  let arranged = [...roots];
  if (arrangement.side !== null) {
    const side = arrangement.side;
    arranged = [];
    for (const root of roots) {
      const kept = keepMatching(root, (id) => facts.sideOf(id) === side, contextIds);
      if (kept) arranged.push(kept);
    }
  }
  const byId = (a: TreeNode<T>, b: TreeNode<T>) => a.comment.id - b.comment.id;
  if (arrangement.sort === 'newest') arranged.sort((a, b) => byId(b, a));
  if (arrangement.sort === 'replies') arranged.sort((a, b) => b.replyCount - a.replyCount || byId(a, b));
  if (arrangement.sort === 'common') {
    const scores = new Map(arranged.map((n) => [n.comment.id, facts.scoreOf(n.comment.id)]));
    arranged.sort((a, b) => scores.get(b.comment.id)! - scores.get(a.comment.id)! || byId(a, b));
  }
  return { roots: arranged, contextIds };
}
