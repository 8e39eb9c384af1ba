// The search page: GET /search?q=WORDS finds posts and comments, with or without JavaScript.
import type { FastifyInstance } from 'fastify';
import { can } from '../auth/permissions.js';
import { locateCommentPage } from '../comment/comment-permalink.js';
import type { CommentStatus } from '../comment/comment.repository.js';
import { commentHref } from '../thread/thread-view.js';
import { buildSearchPage, rankResults } from './search-page.js';
import { MAX_QUERY_CHARS, parseSearchTerms } from './search-terms.js';
import { searchComments, searchPosts } from './search.repository.js';

const MAX_PAGE = 50;
const PUBLIC_STATUSES: readonly CommentStatus[] = ['approved'];
const STAFF_STATUSES: readonly CommentStatus[] = ['approved', 'pending', 'spam'];

/** The first value of a query parameter as text ("" when absent or not text). */
function firstText(value: unknown): string {
  const first: unknown = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : '';
}

export default async function searchRoutes(app: FastifyInstance): Promise<void> {
  // GET /search : ?q= the words, ?page=N; staff also find held and spam comments.
  app.get<{ Querystring: Record<string, unknown> }>('/search', async (request, reply) => {
    const query = firstText(request.query.q).slice(0, MAX_QUERY_CHARS).trim();
    const pageText = firstText(request.query.page);
    const page = /^\d{1,2}$/.test(pageText) ? Math.min(Math.max(Number(pageText), 1), MAX_PAGE) : 1;
    const staff = can(request.user, 'comment:moderate');
    const terms = parseSearchTerms(query);
    const [posts, comments] =
      terms.length === 0 ? [[], []] : await Promise.all([searchPosts(app.db, terms), searchComments(app.db, terms, staff ? STAFF_STATUSES : PUBLIC_STATUSES)]);
    const view = buildSearchPage(query, terms.length, rankResults(terms, posts, comments, request.site.time), page, staff);
    // Only the shown comments are placed: which thread page holds each, as its permalink would answer.
    for (const result of view.results) {
      if (result.kind === 'comment' && result.status === 'approved') {
        result.href = commentHref(result.postSlug, await locateCommentPage(app.db, result.postId, result.id, app.config.commentsPerPage), result.id);
      }
    }
    return reply.viewAsync('pages/search.hbs', view);
  });
}
