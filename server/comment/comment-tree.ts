/** The least a comment needs to be placed in a thread. */
export interface TreeInput {
  id: number;
  parentId: number | null;
  authorName: string;
}

export interface TreeNode<T extends TreeInput> {
  comment: T;
  /** 1 = top level; never more than the maximum visual depth. */
  level: number;
  /** Set when the node is shown away from its parent (below the deepest level, or parent not shown). */
  inReplyTo: { id: number; authorName: string } | null;
  children: TreeNode<T>[];
  /** Every node shown nested below this one: what collapsing it hides. */
  replyCount: number;
}

/**
 * Builds the visible thread from one flat list in display order (oldest first). Pure.
 * A reply whose parent already sits at maxDepth is shown beside its parent, at maxDepth, with
 * "in reply to NAME", the way WordPress keeps deep threads readable. A removed parent comes in the list as
 * a placeholder (removed-placeholders.ts); a reply whose parent is not in the list at all stands at the top level.
 */
export function buildCommentTree<T extends TreeInput>(comments: readonly T[], maxDepth: number): TreeNode<T>[] {
  const roots: TreeNode<T>[] = [];
  const nodes = new Map<number, { node: TreeNode<T>; container: TreeNode<T>[]; parent: TreeNode<T> | null }>();
  for (const comment of comments) {
    const parentEntry = comment.parentId === null ? undefined : nodes.get(comment.parentId);
    const node: TreeNode<T> = { comment, level: 1, inReplyTo: null, children: [], replyCount: 0 };
    let container = roots;
    let parentNode: TreeNode<T> | null = null;
    if (parentEntry) {
      const parent = parentEntry.node;
      if (parent.level < maxDepth) {
        node.level = parent.level + 1;
        container = parent.children;
        parentNode = parent;
      } else {
        node.level = parent.level;
        container = parentEntry.container;
        parentNode = parentEntry.parent;
        node.inReplyTo = { id: parent.comment.id, authorName: parent.comment.authorName };
      }
    } else if (comment.parentId !== null) {
      node.inReplyTo = { id: comment.parentId, authorName: '' };
    }
    for (let up = parentNode; up; up = nodes.get(up.comment.id)?.parent ?? null) up.replyCount += 1;
    container.push(node);
    nodes.set(comment.id, { node, container, parent: parentNode });
  }
  return roots;
}
