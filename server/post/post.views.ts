import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { countTopLevelCommentsBefore, findCommentPlacement, listApprovedCommentsForPost } from '../comment/comment.repository.js';
import { readHeldIds } from '../comment/held-cookie.js';
import { listHeldCommentsByIds } from '../comment/comment.repository.js';
import { listRemarksForPost } from '../remark/remark.repository.js';
import { listLabelsForPost } from '../stance/stance.repository.js';
import { buildStanceSidebar } from './stance-sidebar.js';
import { buildCommentForm, buildPostHead, buildThreadPart, type CommentFormState } from './post-page.js';
import { threadHref } from './thread-view.js';
import { apiCacheKey, ThreadCache, threadCacheKey, type CachedBody, type Cacheable } from './thread-cache.js';
import { buildPostJson } from './post-json.js';
import { acceptsGzip, gzipPieces, joinGzipPieces, type GzipPieces } from './gzip-pieces.js';
import { joinPieces, PageBuffers } from './page-buffers.js';
import { CSRF_TOKEN_CHARS } from '../plugins/security.js';
import { findPostWithAuthorById, type PostStamp, type PostWithAuthor } from './post.repository.js';
import { NotFound } from '../errors.js';
import type { ThreadView } from './thread-query.js';

const EMPTY_FORM: CommentFormState = { values: {}, errors: {} };
const MAX_ANCESTOR_HOPS = 100;

interface ThreadRequest {
  page: number | null;
  view: ThreadView;
  replyToId: number | null;
}

type ThreadPart = ReturnType<typeof buildThreadPart>;
/** A rendered thread page: its HTML plus the figures printed around it. */
interface CachedThread extends Omit<ThreadPart, 'thread' | 'stableUntil'> {
  /** Encoded once: re-encoding and flattening a 6 MB string on every request cost more than the rest of the page. */
  threadHtml: Buffer;
  stance: ReturnType<typeof buildStanceSidebar>;
  bytes: number;
  expiresAt?: number;
}

/** A whole post page as every anonymous reader gets it, cut where each reader's own CSRF token goes. */
interface CachedPage {
  pieces: Buffer[];
  /** Reusable whole copies, for pages short enough to be sent as one buffer. */
  buffers: PageBuffers | null;
  gzip: GzipPieces;
  bytes: number;
  expiresAt?: number;
}

const threadCaches = new WeakMap<FastifyInstance, ThreadCache<CachedThread>>();
const pageCaches = new WeakMap<FastifyInstance, ThreadCache<CachedPage>>();
const apiCaches = new WeakMap<FastifyInstance, ThreadCache<CachedBody>>();
function cacheIn<T extends Cacheable>(map: WeakMap<FastifyInstance, ThreadCache<T>>, app: FastifyInstance): ThreadCache<T> {
  let cache = map.get(app);
  if (!cache) map.set(app, (cache = new ThreadCache<T>(app.config.threadCacheMb * 1024 * 1024, () => app.clock().getTime())));
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
  const { thread, stableUntil, ...part } = buildThreadPart(post, held.length ? [...comments, ...held].sort((a, b) => a.id - b.id) : comments, remarks, {
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
  const threadHtml = Buffer.from(app.renderPartial('thread', { thread, isTopView: part.isTopView }));
  const stance = buildStanceSidebar(post.subject_name, comments, remarks, labels);
  return { ...part, threadHtml, stance, bytes: threadHtml.length, expiresAt: Number.isFinite(stableUntil) ? stableUntil : undefined };
}

/** Where the page template prints the thread, and each reader's CSRF token: replaced after rendering. */
const THREAD_MARKER = '<!--\u0001thread\u0001-->';
const TOKEN_MARKER = '\u0001token\u0001';

/** Renders the page around a thread, in pieces between which the reader's CSRF token goes. */
async function renderPieces(reply: FastifyReply, post: PostWithAuthor, part: CachedThread, form: CommentFormState): Promise<Buffer[]> {
  const html = await reply.viewAsync('pages/post.hbs', {
    ...part,
    threadHtml: THREAD_MARKER,
    title: part.documentTitle,
    post: buildPostHead(post),
    form: buildCommentForm(post, part.page, part.replyTo, form),
    csrfToken: TOKEN_MARKER,
  });
  return html.split(TOKEN_MARKER).map((piece) => {
    const at = piece.indexOf(THREAD_MARKER);
    if (at < 0) return Buffer.from(piece);
    return Buffer.concat([Buffer.from(piece.slice(0, at)), part.threadHtml, Buffer.from(piece.slice(at + THREAD_MARKER.length))]);
  });
}

/** Above this a page is streamed part by part rather than copied into one buffer per request. */
const STREAM_ABOVE_BYTES = 256 * 1024;

/** One buffer, or a stream of the parts for a long page, and its length. */
function bodyOf(parts: Buffer[]): { body: Buffer | Readable; length: number } {
  const length = parts.reduce((n, part) => n + part.length, 0);
  return { body: length > STREAM_ABOVE_BYTES ? Readable.from(parts, { objectMode: false }) : Buffer.concat(parts, length), length };
}

async function cachedPage(app: FastifyInstance, reply: FastifyReply, post: PostStamp, key: string, fullPost: () => Promise<PostWithAuthor>, renderPart: () => Promise<CachedThread>) {
  return cacheIn(pageCaches, app).getOrRender(`${key}|${post.author_name}`, async () => {
    const part = await renderPart();
    const pieces = await renderPieces(reply, await fullPost(), part, EMPTY_FORM);
    const gzip = gzipPieces(pieces);
    const buffers = gzip.rawBytes <= STREAM_ABOVE_BYTES ? new PageBuffers(pieces, CSRF_TOKEN_CHARS) : null;
    // Counted as if every spare copy were in use, so the budget holds at worst.
    return { pieces, buffers, gzip, bytes: gzip.rawBytes + gzip.bytes + (buffers?.mostSpareBytes ?? 0), expiresAt: part.expiresAt };
  });
}

/** The whole post behind a stamp, read only when a page has to be rendered. */
async function loadFullPost(app: FastifyInstance, post: PostStamp | PostWithAuthor): Promise<PostWithAuthor> {
  if ('body_html' in post) return post;
  const full = await findPostWithAuthorById(app.db, post.id);
  if (!full) throw new NotFound('There is no post at this address.');
  return full;
}

/**
 * Renders the post page. The page is the same for every anonymous reader but for their CSRF token,
 * until something in it changes, so it comes from the cache when it can, gzipped when the browser
 * takes it so. A visitor with comments awaiting moderation sees their own and gets a fresh thread;
 * staff and a form with errors get a fresh page around the cached thread. Given a stamp, the whole
 * post is read only on a cache miss.
 */
export async function renderPostPage(
  app: FastifyInstance,
  reply: FastifyReply,
  post: PostStamp | PostWithAuthor,
  options: { replyToId?: number | null; page?: number | null; view?: ThreadView; form?: CommentFormState; status?: number } = {},
) {
  const heldIds = readHeldIds(reply.request);
  const request: ThreadRequest = { page: options.page ?? null, view: options.view ?? 'all', replyToId: options.replyToId ?? null };
  const key = heldIds.length === 0 ? threadCacheKey(post, request) : null;
  let loading: Promise<PostWithAuthor> | undefined;
  const fullPost = () => (loading ??= loadFullPost(app, post));
  const renderPart = () => cacheIn(threadCaches, app).getOrRender(key, async () => renderThread(app, await fullPost(), heldIds, request));
  const token = Buffer.from(String(reply.locals?.csrfToken ?? ''));
  reply.code(options.status ?? 200).type('text/html; charset=utf-8');
  let parts: Buffer[];
  if (key !== null && options.form === undefined && reply.request.user === null) {
    const page = await cachedPage(app, reply, post, key, fullPost, renderPart);
    reply.header('vary', 'Accept-Encoding');
    const gzip = acceptsGzip(reply.request.headers['accept-encoding']);
    if (gzip) reply.header('content-encoding', 'gzip');
    const whole = gzip ? null : page.buffers?.take(token);
    if (whole) {
      reply.raw.once('finish', () => page.buffers?.release(whole));
      return reply.header('content-length', whole.length).send(whole);
    }
    parts = gzip ? joinGzipPieces(page.gzip, token) : joinPieces(page.pieces, token);
  } else {
    parts = joinPieces(await renderPieces(reply, await fullPost(), await renderPart(), options.form ?? EMPTY_FORM), token);
  }
  const { body, length } = bodyOf(parts);
  return reply.header('content-length', length).send(body);
}

/** The post and thread as the JSON API sends them, serialized once per thread version. */
export async function renderPostJson(app: FastifyInstance, post: PostWithAuthor): Promise<Buffer> {
  const cached = await cacheIn(apiCaches, app).getOrRender(apiCacheKey(post), async () => {
    const [comments, remarks] = await Promise.all([listApprovedCommentsForPost(app.db, post.id), listRemarksForPost(app.db, post.id)]);
    const body = Buffer.from(JSON.stringify(buildPostJson(post, comments, remarks, app.config.secret)));
    return { body, bytes: body.length };
  });
  return cached.body;
}

/** Where a comment is shown: its post's page address (the page of its top-level ancestor) and its anchor. */
export async function findCommentHref(app: FastifyInstance, post: PostWithAuthor, commentId: number): Promise<string> {
  // Climb to the top-level ancestor and count the top-level comments before it: a few indexed
  // lookups, where building the whole thread made every POST slower as the post grew.
  let node = await findCommentPlacement(app.db, commentId);
  let rootId = commentId;
  for (let hops = 0; node && node.parent_id !== null && hops < MAX_ANCESTOR_HOPS; hops++) {
    const parent = await findCommentPlacement(app.db, node.parent_id);
    // A reply to a comment that is not shown stands at the top level itself.
    if (!parent || parent.status !== 'approved') break;
    rootId = parent.id;
    node = parent;
  }
  const before = await countTopLevelCommentsBefore(app.db, post.id, rootId);
  const page = Math.floor(before / app.config.commentsPerPage) + 1;
  return `${threadHref(`/posts/${encodeURIComponent(post.slug)}`, { page, view: 'all' })}#comment-${commentId}`;
}
