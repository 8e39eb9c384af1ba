import type { FastifyInstance, FastifyReply } from 'fastify';
import { listApprovedCommentsForPost } from '../comment/comment.repository.js';
import { readHeldIds } from '../moderation/held-cookie.js';
import { listHeldCommentsByIds } from '../moderation/moderation.repository.js';
import { listRemarksForPost } from '../remark/remark.repository.js';
import { listLabelsForPost } from '../stance/stance.repository.js';
import { buildStanceSidebar } from './stance-sidebar.js';
import { buildCommentForm, buildPostHead, buildThreadPart, locateCommentHref, type CommentFormState } from './post-page.js';
import { ThreadCache, threadCacheKey } from './thread-cache.js';
import type { PostWithAuthor } from './post.repository.js';
import type { ThreadView } from './thread-query.js';

const EMPTY_FORM: CommentFormState = { values: {}, errors: {} };

interface ThreadRequest {
  page: number | null;
  view: ThreadView;
  replyToId: number | null;
}

type ThreadPart = ReturnType<typeof buildThreadPart>;
/** A rendered thread page: its HTML plus the figures printed around it. */
interface CachedThread extends Omit<ThreadPart, 'thread'> {
  threadHtml: string;
  stance: ReturnType<typeof buildStanceSidebar>;
  bytes: number;
}

const caches = new WeakMap<FastifyInstance, ThreadCache<CachedThread>>();
function cacheOf(app: FastifyInstance): ThreadCache<CachedThread> {
  let cache = caches.get(app);
  if (!cache) caches.set(app, (cache = new ThreadCache<CachedThread>(app.config.threadCacheMb * 1024 * 1024)));
  return cache;
}

/** Loads a post's thread (one query each for comments, remarks and labels) and renders it with its sidebar. */
async function renderThread(app: FastifyInstance, post: PostWithAuthor, heldIds: number[], request: ThreadRequest): Promise<CachedThread> {
  const [comments, remarks, labels, held] = await Promise.all([
    listApprovedCommentsForPost(app.db, post.id),
    listRemarksForPost(app.db, post.id),
    listLabelsForPost(app.db, post.id),
    listHeldCommentsByIds(app.db, post.id, heldIds),
  ]);
  // The visitor's own held comments join the thread, marked; they are not counted.
  const { thread, ...part } = buildThreadPart(post, held.length ? [...comments, ...held].sort((a, b) => a.id - b.id) : comments, remarks, {
    heldIds: new Set(held.map((c) => c.id)),
    now: app.clock(),
    secret: app.config.secret,
    threadDepth: app.config.threadDepth,
    perPage: app.config.commentsPerPage,
    page: request.page,
    view: request.view,
    replyToId: request.replyToId,
    form: EMPTY_FORM,
  });
  const threadHtml = app.renderPartial('thread', { thread, isTopView: part.isTopView });
  const stance = buildStanceSidebar(post.subject_name, comments, remarks, labels);
  return { ...part, threadHtml, stance, bytes: threadHtml.length * 2 };
}

/**
 * Renders the post page. The thread below the post is the same for every reader until something in
 * it changes, so it comes from the cache when it can; a visitor with comments awaiting moderation
 * sees their own and gets a fresh render.
 */
export async function renderPostPage(
  app: FastifyInstance,
  reply: FastifyReply,
  post: PostWithAuthor,
  options: { replyToId?: number | null; page?: number | null; view?: ThreadView; form?: CommentFormState; status?: number } = {},
) {
  const heldIds = readHeldIds(reply.request);
  const request: ThreadRequest = { page: options.page ?? null, view: options.view ?? 'all', replyToId: options.replyToId ?? null };
  const key = heldIds.length === 0 ? threadCacheKey(post, request, app.clock()) : null;
  const cache = cacheOf(app);
  let part = key === null ? undefined : cache.get(key);
  if (!part) {
    part = await renderThread(app, post, heldIds, request);
    if (key !== null) cache.set(key, part);
  }
  reply.code(options.status ?? 200);
  return reply.viewAsync('pages/post.hbs', {
    ...part,
    title: part.documentTitle,
    post: buildPostHead(post),
    form: buildCommentForm(post, part.page, part.replyTo, options.form ?? EMPTY_FORM),
  });
}

/** Where a comment is shown: its post's page address (the page of its top-level ancestor) and its anchor. */
export async function findCommentHref(app: FastifyInstance, post: PostWithAuthor, commentId: number): Promise<string> {
  const [comments, held] = await Promise.all([listApprovedCommentsForPost(app.db, post.id), listHeldCommentsByIds(app.db, post.id, [commentId])]);
  return locateCommentHref(post.slug, held.length ? [...comments, ...held] : comments, commentId, app.config);
}
