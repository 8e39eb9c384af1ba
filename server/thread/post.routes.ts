// The thread folder: what a reader gets at /posts/:slug (the page, its JSON, permalinks) and the comment form that posts to it.
// It sits above post/, comment/, remark/ and stance/, and composes them; none of them imports it.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { locateCommentPage } from '../comment/comment-permalink.js';
import { findCommentPlacement } from '../comment/comment.repository.js';
import { NotFound } from '../errors.js';
import { readHeldIds } from '../comment/held-cookie.js';
import { parseId, parseSlug } from '../shared/params.js';
import { renderPostJson } from './post-api.js';
import { requirePublishedPost } from '../post/post-lookup.js';
import { renderPostPage } from './post-page-render.js';
import { findPublishedPostBySlug, findPublishedPostStampBySlug, listPublishedPosts } from '../post/post.repository.js';
import { findCurrentSlugForOldSlug } from '../post/post-staff.repository.js';
import { parseThreadQuery } from './thread-query.js';
import { findLegacyPost, landingHref } from '../import/legacy-links.js';
import { commentHref } from './thread-view.js';

const FRONT_PAGE_POSTS = 20;

/** Answers 301 to the post's current address when the slug is one it had before; false otherwise. */
async function redirectOldSlug(app: FastifyInstance, reply: FastifyReply, rawSlug: unknown, prefix: string, search = ''): Promise<boolean> {
  const current = await findCurrentSlugForOldSlug(app.db, parseSlug(rawSlug));
  if (current === undefined) return false;
  await reply.redirect(`${prefix}${current}${search}`, 301);
  return true;
}

export default async function postRoutes(app: FastifyInstance): Promise<void> {
  // GET / : published posts, newest first; WordPress short links of imported posts (?p=N, ?page_id=N) answer 301.
  app.get<{ Querystring: Record<string, unknown> }>('/', async (request, reply) => {
    // WordPress's own short links (/?p=123, /?page_id=2) of imported posts.
    if (request.query.p !== undefined || request.query.page_id !== undefined) {
      const slug = await findLegacyPost(app.db, request.url);
      if (slug !== undefined) return reply.redirect(landingHref(slug), 301);
    }
    const posts = await listPublishedPosts(app.db, FRONT_PAGE_POSTS);
    return reply.viewAsync('pages/index.hbs', {
      title: 'Debates',
      posts: posts.map((p) => ({
        ...p,
        href: `/posts/${p.slug}`,
        publishedText: p.publishedAt ? request.site.time.date(p.publishedAt) : null,
        responseWord: p.responseCount === 1 ? 'response' : 'responses',
      })),
    });
  });

  // GET /posts/:slug : the post and one page of its thread (?cpage=N, ?view=top); ?replytocom=ID points the form at a comment.
  app.get<{ Params: { slug: string }; Querystring: Record<string, unknown> }>('/posts/:slug', async (request, reply) => {
    const post = await findPublishedPostStampBySlug(app.db, parseSlug(request.params.slug));
    if (!post) {
      const search = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
      if (await redirectOldSlug(app, reply, request.params.slug, '/posts/', search)) return reply;
      throw new NotFound('There is no post at this address.');
    }
    return renderPostPage(app, reply, post, parseThreadQuery(request.query));
  });

  // GET /posts/:slug/comments/:id : 303 to the thread page and anchor that show the comment (permalinks across pages).
  app.get<{ Params: { slug: string; id: string } }>('/posts/:slug/comments/:id', async (request, reply) => {
    const post = await requirePublishedPost(app.db, request.params.slug);
    const id = parseId(request.params.id, 'comment id');
    const comment = await findCommentPlacement(app.db, id);
    // A held comment has a permalink only for its author (the browser whose cookie lists it).
    const visible = comment?.status === 'approved' || (comment !== undefined && readHeldIds(request).includes(id));
    if (!comment || comment.post_id !== post.id || !visible) throw new NotFound('There is no such comment on this post.');
    return reply.redirect(commentHref(post.slug, await locateCommentPage(app.db, post.id, id, app.config.commentsPerPage), id), 303);
  });

  // GET /api/posts/:slug : the same post and thread as JSON, fully nested.
  app.get<{ Params: { slug: string } }>('/api/posts/:slug', async (request, reply) => {
    const post = await findPublishedPostBySlug(app.db, parseSlug(request.params.slug));
    if (!post) {
      if (await redirectOldSlug(app, reply, request.params.slug, '/api/posts/')) return reply;
      throw new NotFound('There is no post at this address.');
    }
    return reply.type('application/json; charset=utf-8').send(await renderPostJson(app, post));
  });
}
