import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requirePermission, requireVisible, staffOnly } from '../auth/guards.js';
import { canEditPost } from '../auth/permissions.js';
import { FormInvalid } from '../errors.js';
import { parseForm, pickFormValues } from '../shared/form.js';
import { parseId } from '../shared/params.js';
import { NEW_POST_VALUES, buildPostEditor, postFormValues } from './post-editor-page.js';
import { createPostFromForm, deletePostWithComments, updatePostFromForm } from './post-editor.service.js';
import { POST_FORM_FIELDS, postFormSchema } from './post.forms.js';
import { renderPostMarkdown } from './post-markdown.js';
import { countCommentsOfPost, findPostById } from './post-staff.repository.js';
import { plural } from '../shared/words.js';

/** How much of a deleted post's title the dashboard's notice repeats. */
const DELETED_TITLE_CHARS = 120;

type EditorOptions = Parameters<typeof buildPostEditor>[0];

function renderEditor(reply: FastifyReply, status: number, options: EditorOptions) {
  reply.code(status);
  return reply.viewAsync('pages/staff/post-editor.hbs', { title: options.heading, editor: buildPostEditor(options) });
}

async function requireEditablePost(app: FastifyInstance, request: FastifyRequest<{ Params: { id: string } }>) {
  const user = requirePermission(request, 'post:edit');
  const post = await findPostById(app.db, parseId(request.params.id, 'post id'));
  // The same answer for another author's post and for none, so ids do not tell which posts exist.
  return requireVisible(user, post, (p) => canEditPost(user, p));
}

export default async function postEditorRoutes(app: FastifyInstance): Promise<void> {
  app.addHook('preHandler', staffOnly);

  // GET /staff/posts/new : an empty editor (authors and admins).
  app.get('/staff/posts/new', async (request, reply) => {
    requirePermission(request, 'post:create');
    return renderEditor(reply, 200, {
      action: '/staff/posts',
      heading: 'New post',
      values: NEW_POST_VALUES,
      errors: {},
      previewHtml: null,
      viewHref: null,
      saved: false,
    });
  });

  // POST /staff/posts : previews or stores a new post; 303 to its editor, or 422 with the text kept.
  app.post('/staff/posts', async (request, reply) => {
    const user = requirePermission(request, 'post:create');
    const base = { action: '/staff/posts', heading: 'New post', viewHref: null, saved: false };
    const form = parseForm(postFormSchema, request.body, POST_FORM_FIELDS);
    if (!form.ok) return renderEditor(reply, 422, { ...base, values: form.values, errors: form.fields, previewHtml: null });
    const values = pickFormValues(request.body, POST_FORM_FIELDS);
    if (form.data.intent === 'preview') return renderEditor(reply, 200, { ...base, values, errors: {}, previewHtml: renderPostMarkdown(form.data.body) });
    try {
      const id = await createPostFromForm(app.db, user.id, form.data, app.clock());
      return reply.redirect(`/staff/posts/${id}/edit?saved=1`, 303);
    } catch (err) {
      if (err instanceof FormInvalid) return renderEditor(reply, 422, { ...base, values, errors: err.fields, previewHtml: null });
      throw err;
    }
  });

  // GET /staff/posts/:id/edit : the editor for one post (its author or an admin).
  app.get<{ Params: { id: string }; Querystring: Record<string, unknown> }>('/staff/posts/:id/edit', async (request, reply) => {
    const post = await requireEditablePost(app, request);
    return renderEditor(reply, 200, {
      action: `/staff/posts/${post.id}`,
      heading: `Edit “${post.title}”`,
      values: postFormValues(post),
      errors: {},
      previewHtml: null,
      viewHref: post.status === 'published' ? `/posts/${post.slug}` : null,
      saved: request.query.saved === '1',
      postId: post.id,
    });
  });

  // POST /staff/posts/:id : previews or saves an edit (its author or an admin); 303 back, or 422 with the text kept.
  app.post<{ Params: { id: string } }>('/staff/posts/:id', async (request, reply) => {
    const post = await requireEditablePost(app, request);
    const base = { action: `/staff/posts/${post.id}`, heading: `Edit “${post.title}”`, viewHref: null, saved: false, postId: post.id };
    const form = parseForm(postFormSchema, request.body, POST_FORM_FIELDS);
    if (!form.ok) return renderEditor(reply, 422, { ...base, values: form.values, errors: form.fields, previewHtml: null });
    const values = pickFormValues(request.body, POST_FORM_FIELDS);
    if (form.data.intent === 'preview') return renderEditor(reply, 200, { ...base, values, errors: {}, previewHtml: renderPostMarkdown(form.data.body) });
    try {
      await updatePostFromForm(app.db, request.user!.id, post.id, form.data, app.clock());
      // A post imported without a subject has unlabelled comments: naming the subject labels them all, in thread order.
      if (post.subject_name === '') await app.labelUnlabelledComments(post.id);
      return reply.redirect(`/staff/posts/${post.id}/edit?saved=1`, 303);
    } catch (err) {
      if (err instanceof FormInvalid) return renderEditor(reply, 422, { ...base, values, errors: err.fields, previewHtml: null });
      throw err;
    }
  });

  // GET /staff/posts/:id/delete : asks to confirm deleting a post and its comments (its author or an admin).
  app.get<{ Params: { id: string } }>('/staff/posts/:id/delete', async (request, reply) => {
    const post = await requireEditablePost(app, request);
    const comments = await countCommentsOfPost(app.db, post.id);
    return reply.viewAsync('pages/staff/post-delete.hbs', {
      title: `Delete “${post.title}”`,
      post: { id: post.id, title: post.title, editHref: `/staff/posts/${post.id}/edit`, commentsText: plural(comments, 'comment'), hasComments: comments > 0 },
    });
  });

  // POST /staff/posts/:id/delete : deletes the post with its comments (logged), then 303 to the dashboard.
  app.post<{ Params: { id: string } }>('/staff/posts/:id/delete', async (request, reply) => {
    const post = await requireEditablePost(app, request);
    await deletePostWithComments(app.db, request.user!.id, post.id, app.clock());
    return reply.redirect(`/staff?deleted=${encodeURIComponent(post.title.slice(0, DELETED_TITLE_CHARS))}`, 303);
  });
}
