// Old WordPress links of imported posts: their permalinks answer 301 to a landing page that keeps the fragment,
// and an old comment id is turned into the comment's permalink here.
import type { FastifyInstance } from 'fastify';
import { NotFound } from '../errors.js';
import { requirePublishedPost } from '../post/post-lookup.js';
import { findImportedCommentId } from './import.repository.js';
import { findLegacyPost, landingHref, OLD_COMMENT_PREFIX } from './legacy-links.js';

const OLD_COMMENT_ID = /^\d{1,20}$/;

export default async function legacyLinkRoutes(app: FastifyInstance): Promise<void> {
  // GET any path no route claims: an old permalink of an imported post answers 301 to its landing page; the rest is 404.
  app.get('/*', async (request, reply) => {
    const slug = await findLegacyPost(app.db, request.url);
    if (slug === undefined) return reply.callNotFound();
    return reply.redirect(landingHref(slug), 301);
  });

  // GET /posts/:slug/from-wordpress : where old links land; its script follows #comment-N, without script a link to the post.
  app.get<{ Params: { slug: string } }>('/posts/:slug/from-wordpress', async (request, reply) => {
    const post = await requirePublishedPost(app.db, request.params.slug);
    return reply.viewAsync('pages/wordpress-landing.hbs', {
      title: post.title,
      post: { title: post.title, href: `/posts/${post.slug}`, oldCommentsHref: `/posts/${post.slug}/${OLD_COMMENT_PREFIX}/` },
    });
  });

  // GET /posts/:slug/wordpress-comments/:id : 301 to the permalink of the comment that had this id on WordPress.
  app.get<{ Params: { slug: string; id: string } }>(`/posts/:slug/${OLD_COMMENT_PREFIX}/:id`, async (request, reply) => {
    const post = await requirePublishedPost(app.db, request.params.slug);
    const id = OLD_COMMENT_ID.test(request.params.id) ? await findImportedCommentId(app.db, post.id, request.params.id) : undefined;
    if (id === undefined) throw new NotFound('No comment of this post had that number.');
    return reply.redirect(`/posts/${post.slug}/comments/${id}`, 301);
  });
}
