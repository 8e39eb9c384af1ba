import { SIDE_FILTER_LABELS, SIDE_FILTERS, SORT_LABELS, THREAD_SORTS } from '../debate/thread-arrangement.js';
import type { ThreadQuery } from './thread-query.js';
import { threadHref } from './thread-view.js';

/**
 * The sort, side-filter and Sides-view links printed above the thread: plain links, each one view of
 * the page that caches like the page. A link keeps the other choices; the filter and the Sides view
 * are left out when the site hides sides from readers. Pure.
 */
export function buildArrangeNav(postPath: string, query: Pick<ThreadQuery, 'view' | 'sort' | 'side'>, showSides: boolean) {
  const view = query.view === 'sides' ? 'all' : query.view;
  const side = showSides ? query.side : null;
  const href = (at: Partial<Pick<ThreadQuery, 'view' | 'sort' | 'side'>>) =>
    `${threadHref(postPath, { page: 1, view, sort: query.sort, side, ...at })}#comments`;
  const inThread = query.view !== 'sides';
  return {
    sorts: THREAD_SORTS.map((sort) => ({ label: SORT_LABELS[sort], href: href({ sort }), isCurrent: inThread && query.sort === sort })),
    sides: showSides
      ? [
          { label: 'Every side', href: href({ side: null }), isCurrent: inThread && side === null },
          ...SIDE_FILTERS.map((s) => ({ label: SIDE_FILTER_LABELS[s], href: href({ side: s }), isCurrent: inThread && side === s })),
        ]
      : null,
    sidesView: showSides ? { href: `${threadHref(postPath, { page: 1, view: 'sides' })}#comments`, isCurrent: !inThread } : null,
  };
}
