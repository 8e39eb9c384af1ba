import { describe, expect, it } from 'vitest';
import { buildCommentTree, type TreeNode } from '../../server/comment/comment-tree.js';

type C = { id: number; parentId: number | null; authorName: string };
const c = (id: number, parentId: number | null, authorName = `n${id}`): C => ({ id, parentId, authorName });

/** A compact picture of a tree: "id@level(<inReplyTo)[children]". */
function shape(nodes: TreeNode<C>[]): string {
  return nodes
    .map((n) => {
      const reply = n.inReplyTo ? `<${n.inReplyTo.id}` : '';
      const kids = n.children.length ? `[${shape(n.children)}]` : '';
      return `${n.comment.id}@${n.level}${reply}${kids}`;
    })
    .join(' ');
}

describe('buildCommentTree', () => {
  const cases: { name: string; input: C[]; depth: number; expected: string }[] = [
    { name: 'empty thread', input: [], depth: 5, expected: '' },
    { name: 'flat comments keep their order', input: [c(1, null), c(2, null), c(3, null)], depth: 5, expected: '1@1 2@1 3@1' },
    { name: 'one nested reply', input: [c(1, null), c(2, 1), c(3, null)], depth: 5, expected: '1@1[2@2] 3@1' },
    { name: 'siblings in order under a parent', input: [c(1, null), c(2, 1), c(3, 1)], depth: 5, expected: '1@1[2@2 3@2]' },
    {
      name: 'a chain deeper than the limit flattens at the last level with in-reply-to',
      input: [c(1, null), c(2, 1), c(3, 2), c(4, 3), c(5, 4)],
      depth: 3,
      expected: '1@1[2@2[3@3 4@3<3 5@3<4]]',
    },
    { name: 'depth 1 shows everything flat', input: [c(1, null), c(2, 1), c(3, 2)], depth: 1, expected: '1@1 2@1<1 3@1<2' },
    { name: 'a reply to a hidden parent is shown at the top level', input: [c(1, null), c(5, 4)], depth: 5, expected: '1@1 5@1<4' },
  ];
  it.each(cases)('$name', ({ input, depth, expected }) => {
    expect(shape(buildCommentTree(input, depth))).toBe(expected);
  });

  it('counts the nodes shown below each node', () => {
    const tree = buildCommentTree([c(1, null), c(2, 1), c(3, 2), c(4, 3), c(5, null)], 2);
    expect(tree.map((n) => n.replyCount)).toEqual([3, 0]);
    expect(tree[0]?.children.map((n) => n.replyCount)).toEqual([0, 0, 0]);
  });

  it('names the parent in in-reply-to', () => {
    const tree = buildCommentTree([c(1, null, 'Ana'), c(2, 1, 'Ben'), c(3, 2, 'Cy')], 2);
    expect(tree[0]?.children[1]?.inReplyTo).toEqual({ id: 2, authorName: 'Ben' });
  });
});
