import { describe, expect, it } from 'vitest';
import { buildCommentTree, type TreeNode } from '../../server/comment/comment-tree.js';
import { arrangeThread, type Arrangement } from '../../server/debate/thread-arrangement.js';
import type { BadgeSide } from '../../server/debate/side-badges.js';

type C = { id: number; parentId: number | null; authorName: string };

// 1 (pro)        ─ 2 (against) ─ 3 (pro)
// 4 (against)    ─ 5 (neutral)
// 6 (neutral)    ─ 7 (neutral) ─ 8 (against)
// 9 (unlabelled)
const comments: C[] = [
  { id: 1, parentId: null, authorName: 'A' },
  { id: 2, parentId: 1, authorName: 'B' },
  { id: 3, parentId: 2, authorName: 'C' },
  { id: 4, parentId: null, authorName: 'D' },
  { id: 5, parentId: 4, authorName: 'E' },
  { id: 6, parentId: null, authorName: 'F' },
  { id: 7, parentId: 6, authorName: 'G' },
  { id: 8, parentId: 7, authorName: 'H' },
  { id: 9, parentId: null, authorName: 'I' },
];
const sides: Record<number, BadgeSide> = { 1: 'pro', 2: 'against', 3: 'pro', 4: 'against', 5: 'neutral', 6: 'neutral', 7: 'neutral', 8: 'against' };
const scores: Record<number, number> = { 1: 0.2, 4: 0.6, 6: 0.6, 9: 0.4 };
const facts = { sideOf: (id: number) => sides[id], scoreOf: (id: number) => scores[id] ?? 0.25 };

/** The arranged thread as nested ids, context ids marked with a star. */
function shape(roots: TreeNode<C>[], context: Set<number>): unknown[] {
  return roots.map((n) => {
    const id = context.has(n.comment.id) ? `${n.comment.id}*` : n.comment.id;
    return n.children.length ? [id, shape(n.children, context)] : id;
  });
}

describe('arrangeThread', () => {
  const tree = buildCommentTree(comments, 5);
  it.each<[string, Arrangement, unknown[]]>([
    ['oldest (as written)', { sort: 'oldest', side: null }, [[1, [[2, [3]]]], [4, [5]], [6, [[7, [8]]]], 9]],
    ['newest: top level only, replies keep their order', { sort: 'newest', side: null }, [9, [6, [[7, [8]]]], [4, [5]], [1, [[2, [3]]]]]],
    ['most replied, ties oldest first', { sort: 'replies', side: null }, [[1, [[2, [3]]]], [6, [[7, [8]]]], [4, [5]], 9]],
    ['common ground, ties oldest first', { sort: 'common', side: null }, [[4, [5]], [6, [[7, [8]]]], 9, [1, [[2, [3]]]]]],
    ['for: a matching reply keeps its ancestors as context', { sort: 'oldest', side: 'pro' }, [[1, [['2*', [3]]]]]],
    ['against: deep matches keep the whole chain', { sort: 'oldest', side: 'against' }, [['1*', [2]], 4, ['6*', [['7*', [8]]]]]],
    [
      'neither, newest first',
      { sort: 'newest', side: 'neutral' },
      [
        [6, [7]],
        ['4*', [5]],
      ],
    ],
    ['a side nobody took', { sort: 'oldest', side: 'unsure' }, []],
  ])('%s', (_name, arrangement, expected) => {
    const { roots, contextIds } = arrangeThread(tree, arrangement, facts);
    expect(shape(roots, contextIds)).toEqual(expected);
  });

  it('counts only the replies a filter keeps', () => {
    const { roots } = arrangeThread(tree, { sort: 'oldest', side: 'against' }, facts);
    expect(roots.map((r) => r.replyCount)).toEqual([1, 0, 2]);
    expect(tree.map((r) => r.replyCount)).toEqual([2, 1, 2, 0]);
  });
});
