import { describe, expect, it } from 'vitest';
import { buildCommentTree } from '../../server/comment/comment-tree.js';
import { countThreadPages, findCommentPage, listPageLinks, pageThread } from '../../server/thread/thread-paging.js';

type C = { id: number; parentId: number | null; authorName: string };
const c = (id: number, parentId: number | null): C => ({ id, parentId, authorName: `n${id}` });

/** Top-level 1, 3, 6, 8, 9; 2 under 1, 4 and 5 under 3 (5 nested twice), 7 under 6; 11 answers hidden 10. */
const THREAD = [c(1, null), c(2, 1), c(3, null), c(4, 3), c(5, 4), c(6, null), c(7, 6), c(8, null), c(9, null), c(11, 10)];

describe('countThreadPages', () => {
  it.each([
    [0, 50, 1],
    [1, 50, 1],
    [50, 50, 1],
    [51, 50, 2],
    [7, 2, 4],
  ])('%i top-level comments at %i a page fill %i pages', (count, perPage, pages) => {
    expect(countThreadPages(count, perPage)).toBe(pages);
  });
});

describe('pageThread', () => {
  const roots = buildCommentTree(THREAD, 5);
  const ids = (page: ReturnType<typeof pageThread<(typeof roots)[number]>>) => page?.roots.map((n) => n.comment.id);

  const cases: { name: string; perPage: number; page: number; expected: number[] | null; pageCount?: number }[] = [
    { name: 'one page holds everything', perPage: 50, page: 1, expected: [1, 3, 6, 8, 9, 11], pageCount: 1 },
    { name: 'first page of two-a-page', perPage: 2, page: 1, expected: [1, 3], pageCount: 3 },
    { name: 'middle page', perPage: 2, page: 2, expected: [6, 8], pageCount: 3 },
    { name: 'last page is the orphan reply shown at the top level', perPage: 2, page: 3, expected: [9, 11], pageCount: 3 },
    { name: 'a short last page', perPage: 4, page: 2, expected: [9, 11], pageCount: 2 },
    { name: 'past the last page', perPage: 2, page: 4, expected: null },
    { name: 'page zero', perPage: 2, page: 0, expected: null },
  ];
  it.each(cases)('$name', ({ perPage, page, expected, pageCount }) => {
    const result = pageThread(roots, perPage, page);
    expect(ids(result) ?? null).toEqual(expected);
    if (pageCount !== undefined) expect(result?.pageCount).toBe(pageCount);
  });

  it('keeps every nested reply of the page complete', () => {
    const page = pageThread(roots, 2, 1)!;
    expect(page.roots[1]!.children[0]!.children.map((n) => n.comment.id)).toEqual([5]);
    expect(page.roots.map((n) => n.replyCount)).toEqual([1, 2]);
    expect(page.topLevelCount).toBe(6);
  });

  it('gives an empty thread one empty page', () => {
    expect(pageThread([], 50, 1)).toEqual({ roots: [], page: 1, pageCount: 1, topLevelCount: 0 });
  });
});

describe('findCommentPage', () => {
  const roots = buildCommentTree(THREAD, 2);
  it.each([
    { id: 1, perPage: 2, page: 1 },
    { id: 2, perPage: 2, page: 1 },
    { id: 5, perPage: 2, page: 1 }, // flattened beside 4 at the last level, still under 3
    { id: 7, perPage: 2, page: 2 },
    { id: 11, perPage: 2, page: 3 },
    { id: 11, perPage: 50, page: 1 },
    { id: 10, perPage: 2, page: null }, // hidden
    { id: 99, perPage: 2, page: null },
  ])('comment $id at $perPage a page is on page $page', ({ id, perPage, page }) => {
    expect(findCommentPage(roots, id, perPage)).toBe(page);
  });
});

describe('listPageLinks', () => {
  const picture = (page: number, count: number) =>
    listPageLinks(page, count, (n) => `?cpage=${n}`)
      .map((l) => (l === null ? '…' : l.isCurrent ? `[${l.number}]` : String(l.number)))
      .join(' ');
  it.each([
    [1, 1, '[1]'],
    [1, 3, '[1] 2 3'],
    [5, 10, '1 … 3 4 [5] 6 7 … 10'],
    [1, 10, '[1] 2 3 … 10'],
    [10, 10, '1 … 8 9 [10]'],
    [4, 7, '1 2 3 [4] 5 6 7'],
  ])('page %i of %i: %s', (page, count, expected) => {
    expect(picture(page, count)).toBe(expected);
  });

  it('builds each href from the number', () => {
    expect(listPageLinks(2, 2, (n) => `/p?cpage=${n}`)[0]).toEqual({ number: 1, href: '/p?cpage=1', isCurrent: false });
  });
});
