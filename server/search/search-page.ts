// The search page's view-model: matches ranked together, each with its link, its words marked, its status for staff. Pure.
import type { CommentStatus } from '../comment/comment.repository.js';
import type { TimeFormat } from '../shared/time.js';
import { buildExcerpt, scoreMatch, type ExcerptPart } from './search-terms.js';
import type { CommentMatch, PostMatch } from './search.repository.js';

export const RESULTS_PER_PAGE = 20;
const STATUS_NOTES: Partial<Record<CommentStatus, string>> = { pending: 'Held for moderation', spam: 'Spam' };

export interface SearchResult {
  kind: 'post' | 'comment';
  id: number;
  score: number;
  heading: string;
  context: string;
  dateIso: string | null;
  dateText: string | null;
  /** Approved comments: filled in by the route from the thread's paging (which page shows the comment). */
  href: string;
  excerpt: ExcerptPart[];
  statusNote: string | null;
  status: CommentStatus | null;
  postId: number;
  postSlug: string;
}

const newerFirst = (a: SearchResult, b: SearchResult) => b.score - a.score || (b.dateIso ?? '').localeCompare(a.dateIso ?? '') || b.id - a.id;

/** Posts and comments matching the terms, best first (ties: newest first). */
export function rankResults(terms: readonly string[], posts: PostMatch[], comments: CommentMatch[], time: TimeFormat): SearchResult[] {
  const postResults = posts.map((p): SearchResult => ({
    kind: 'post',
    id: p.id,
    score: scoreMatch(terms, p.title, p.body_raw),
    heading: p.title,
    context: `Post by ${p.author_name}`,
    dateIso: p.published_at,
    dateText: p.published_at ? time.date(p.published_at) : null,
    href: `/posts/${encodeURIComponent(p.slug)}`,
    excerpt: buildExcerpt(p.body_raw, terms),
    statusNote: null,
    status: null,
    postId: p.id,
    postSlug: p.slug,
  }));
  const commentResults = comments.map((c): SearchResult => ({
    kind: 'comment',
    id: c.id,
    score: scoreMatch(terms, c.author_name, c.body_raw),
    heading: `${c.author_name} on “${c.post_title}”`,
    context: 'Comment',
    dateIso: c.created_at,
    dateText: time.date(c.created_at),
    href: c.status === 'approved' ? '' : `/staff/comments/${c.id}/edit`,
    excerpt: buildExcerpt(c.body_raw, terms),
    statusNote: STATUS_NOTES[c.status] ?? null,
    status: c.status,
    postId: c.post_id,
    postSlug: c.post_slug,
  }));
  return [...postResults, ...commentResults].sort(newerFirst);
}

/** What the page prints besides the results: the query kept in the box, the counts and the page links. */
export function buildSearchPage(query: string, termCount: number, ranked: SearchResult[], page: number, staff: boolean) {
  const pages = Math.max(1, Math.ceil(ranked.length / RESULTS_PER_PAGE));
  const results = ranked.slice((page - 1) * RESULTS_PER_PAGE, page * RESULTS_PER_PAGE);
  const href = (n: number) => `/search?q=${encodeURIComponent(query)}${n > 1 ? `&page=${n}` : ''}`;
  let summary = 'Type one or more words to search the posts and comments.';
  if (termCount > 0)
    summary = ranked.length === 0 ? `Nothing matches “${query}”.` : `${ranked.length} ${ranked.length === 1 ? 'match' : 'matches'} for “${query}”.`;
  return {
    title: query === '' ? 'Search' : `Search: ${query}`,
    query,
    summary,
    results,
    staffNote: staff ? 'As staff you also see held and spam comments.' : null,
    previousHref: page > 1 ? href(page - 1) : null,
    nextHref: page < pages ? href(page + 1) : null,
    pageLabel: pages > 1 ? `Page ${page} of ${pages}` : null,
  };
}
