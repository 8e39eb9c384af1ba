// A commenter's own comment, from the browser that posted it, within the edit window: edit it, or take it back.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Forbidden } from '../errors.js';
import { isOwnComment } from '../comment/own-cookie.js';
import { rememberHeldId } from '../comment/held-cookie.js';
import { WRITER_EDIT_FIELDS, writerEditSchema } from '../comment/comment.forms.js';
import { locateCommentPage } from '../comment/comment-permalink.js';
import { hasValidCsrfToken } from '../plugins/security.js';
import { requirePublishedPost } from '../post/post-lookup.js';
import type { PostWithAuthor } from '../post/post.repository.js';
import { parseId } from '../shared/params.js';
import { parseForm, pickFormValues } from '../shared/form.js';
import type { Comment } from '../db/schema.js';
import { deleteOwnComment, editOwnComment, requireChangeable } from './own-comment.service.js';
import { commentHref, postPathOf } from './thread-view.js';

type OwnRequest = FastifyRequest<{ Params: { slug: string; id: string } }>;

const EXPIRED_MESSAGE = 'Not saved: this page had expired. Your text is kept below; please press Save again.';

/** The post and the comment, when this browser wrote it and may still change it; Forbidden with the reason otherwise. */
async function ownComment(app: FastifyInstance, request: OwnRequest): Promise<{ post: PostWithAuthor; comment: Comment }> {
  const post = await requirePublishedPost(app.db, request.params.slug);
  const id = parseId(request.params.id, 'comment id');
  // The signed cookie of the browser that posted it is the only proof of authorship a commenter without an account has.
  if (!isOwnComment(request, id)) throw new Forbidden('Only the browser this comment was posted from can change it.');
  return { post, comment: await requireChangeable(app.db, post.id, id, app.clock()) };
}

/** Where the thread shows the comment (its page and anchor). */
async function hrefOf(app: FastifyInstance, post: PostWithAuthor, id: number): Promise<string> {
  return commentHref(post.slug, await locateCommentPage(app.db, post.id, id, app.config.commentsPerPage), id);
}

async function renderEditForm(
  app: FastifyInstance,
  reply: FastifyReply,
  post: PostWithAuthor,
  comment: Comment,
  form: { values: Record<string, string>; errors: Record<string, string>; message?: string },
  status = 200,
) {
  reply.code(status);
  return reply.viewAsync('pages/comment-edit.hbs', {
    title: 'Edit your comment',
    postTitle: post.title,
    postHref: postPathOf(post.slug),
    commentHref: await hrefOf(app, post, comment.id),
    action: `${postPathOf(post.slug)}/comments/${comment.id}/edit`,
    deleteHref: `${postPathOf(post.slug)}/comments/${comment.id}/delete`,
    form: { ...form, hasErrors: Object.keys(form.errors).length > 0 },
  });
}

export default async function ownCommentRoutes(app: FastifyInstance): Promise<void> {
  // These pages answer one browser: no shared or browser cache may keep them (the plugin is encapsulated, so only them).
  app.addHook('onRequest', async (_request, reply) => {
    reply.header('cache-control', 'no-store');
  });

  // GET /posts/:slug/comments/:id/edit : the writer's edit form, with the text as it stands.
  app.get<{ Params: { slug: string; id: string } }>('/posts/:slug/comments/:id/edit', async (request, reply) => {
    const { post, comment } = await ownComment(app, request);
    return renderEditForm(app, reply, post, comment, { values: { body: comment.body_raw }, errors: {} });
  });

  // POST /posts/:slug/comments/:id/edit : saves the writer's edit; 303 to the comment, or the form again with 422.
  app.post<{ Params: { slug: string; id: string } }>('/posts/:slug/comments/:id/edit', { config: { csrf: 'manual' } }, async (request, reply) => {
    const { post, comment } = await ownComment(app, request);
    // Checked here, not by the hook: an expired token brings the text back rather than losing it.
    if (!hasValidCsrfToken(request, app.config.secret)) {
      return renderEditForm(app, reply, post, comment, { values: pickFormValues(request.body, WRITER_EDIT_FIELDS), errors: {}, message: EXPIRED_MESSAGE }, 403);
    }
    const form = parseForm(writerEditSchema, request.body, WRITER_EDIT_FIELDS);
    if (!form.ok) return renderEditForm(app, reply, post, comment, { values: form.values, errors: form.fields }, 422);
    const status = await editOwnComment(app.db, post.id, comment.id, form.data.body, app.clock());
    // Held again by the site's rules: its writer keeps seeing it, "awaiting moderation", as after posting.
    if (status !== 'approved') rememberHeldId(request, reply, comment.id);
    return reply.redirect(await hrefOf(app, post, comment.id), 303);
  });

  // GET /posts/:slug/comments/:id/delete : asks the writer to confirm taking the comment back (a form: no JavaScript needed).
  app.get<{ Params: { slug: string; id: string } }>('/posts/:slug/comments/:id/delete', async (request, reply) => {
    const { post, comment } = await ownComment(app, request);
    return reply.viewAsync('pages/comment-delete.hbs', {
      title: 'Delete your comment',
      postTitle: post.title,
      postHref: postPathOf(post.slug),
      commentHref: await hrefOf(app, post, comment.id),
      action: `${postPathOf(post.slug)}/comments/${comment.id}/delete`,
      bodyHtml: comment.body_html,
    });
  });

  // POST /posts/:slug/comments/:id/delete : takes the comment back (to the trash, as a moderator would); 303 to the thread.
  app.post<{ Params: { slug: string; id: string } }>('/posts/:slug/comments/:id/delete', async (request, reply) => {
    const { post, comment } = await ownComment(app, request);
    await deleteOwnComment(app.db, post.id, comment.id, app.clock());
    return reply.redirect(`${postPathOf(post.slug)}?deleted=1#comments`, 303);
  });
}
