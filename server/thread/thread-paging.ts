import type { TreeInput, TreeNode } from '../comment/comment-tree.js';

/** One page of a thread: a slice of the top-level nodes, each with all of its replies. */
export interface ThreadPage<N> {
  roots: N[];
  /** 1-based. */
  page: number;
  pageCount: number;
  topLevelCount: number;
}

/** How many pages a thread of this many top-level nodes fills; an empty thread still has page 1. Pure. */
export function countThreadPages(topLevelCount: number, perPage: number): number {
  return Math.max(1, Math.ceil(topLevelCount / perPage));
}

/**
 * Cuts the thread into pages by its top-level nodes, oldest first, so every page carries complete
 * sub-threads. A page past the last one is null (the route answers 404). Pure.
 */
export function pageThread<N>(roots: readonly N[], perPage: number, page: number): ThreadPage<N> | null {
  const pageCount = countThreadPages(roots.length, perPage);
  if (!Number.isInteger(page) || page < 1 || page > pageCount) return null;
  const start = (page - 1) * perPage;
  return { roots: roots.slice(start, start + perPage), page, pageCount, topLevelCount: roots.length };
}

function holds<T extends TreeInput>(node: TreeNode<T>, id: number): boolean {
  if (node.comment.id === id) return true;
  return node.children.some((child) => holds(child, id));
}

/**
 * The page that shows a comment: the page of the top-level node it sits under, as the tree places
 * it (a reply to a hidden parent is its own top-level node). Null when the tree does not show it. Pure.
 */
export function findCommentPage<T extends TreeInput>(roots: readonly TreeNode<T>[], id: number, perPage: number): number | null {
  const index = roots.findIndex((root) => holds(root, id));
  return index === -1 ? null : Math.floor(index / perPage) + 1;
}

export interface PageLink {
  number: number;
  href: string;
  isCurrent: boolean;
}

/** The numbered page links to print: first, last and a window around the current page; null marks a gap. Pure. */
export function listPageLinks(page: number, pageCount: number, hrefFor: (n: number) => string, around = 2): (PageLink | null)[] {
  const links: (PageLink | null)[] = [];
  for (let n = 1; n <= pageCount; n++) {
    const shown = n === 1 || n === pageCount || Math.abs(n - page) <= around;
    if (shown) links.push({ number: n, href: hrefFor(n), isCurrent: n === page });
    else if (links[links.length - 1] !== null) links.push(null);
  }
  return links;
}
