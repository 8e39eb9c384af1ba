import type { FastifyInstance, FastifyReply } from 'fastify';
import { requirePublishedPost } from '../post/post-lookup.js';
import { parseForm } from '../shared/form.js';
import { parseId } from '../shared/params.js';
import { STANCES, type Stance } from '../shared/stances.js';
import { hashVisitor } from './vote-values.js';
import { VIEW_CHANGE_FIELDS, viewChangeSchema } from './view-change-form.js';
import { findChangeableComment, recordViewChange, ViewChangeRefused } from './view-change.service.js';

const SIDE_WORDS: Record<Stance, (subject: string) => string> = {
  pro: (s) => `For ${s}`,
  against: (s) => `Against ${s}`,
  neutral: () => 'Neither',
};

type Page = { slug: string; subjectName: string; comment: { id: number; authorName: string; bodyHtml: string } };

function renderForm(reply: FastifyReply, status: number, page: Page, values: Record<string, string>, errors: Record<string, string>) {
  reply.code(status);
  const postHref = `/posts/${page.slug}`;
  return reply.viewAsync('pages/view-change.hbs', {
    title: 'This changed my view',
    postHref,
    commentHref: `${postHref}/comments/${page.comment.id}`,
    action: `${postHref}/comments/${page.comment.id}/changed-my-view`,
    comment: page.comment,
    form: {
      values,
      errors,
      hasErrors: Object.keys(errors).length > 0,
      stanceOptions: STANCES.map((s) => ({ value: s, label: SIDE_WORDS[s](page.subjectName), checked: values.stance === s })),
    },
  });
}

export default async function viewChangeRoutes(app: FastifyInstance): Promise<void> {
  const load = async (params: { slug: string; id: string }): Promise<Page & { postId: number }> => {
    const post = await requirePublishedPost(app.db, params.slug);
    const comment = await findChangeableComment(app.db, post.id, parseId(params.id, 'comment id'));
    return {
      postId: post.id,
      slug: post.slug,
      subjectName: post.subject_name,
      comment: { id: comment.id, authorName: comment.author_name, bodyHtml: comment.body_html },
    };
  };

  // GET /posts/:slug/comments/:id/changed-my-view : the form a commenter says with that this comment changed their view.
  app.get<{ Params: { slug: string; id: string } }>('/posts/:slug/comments/:id/changed-my-view', async (request, reply) => {
    return renderForm(reply, 200, await load(request.params), { reason: '', stance: '', email: '' }, {});
  });

  // POST /posts/:slug/comments/:id/changed-my-view : records the changed view; 303 to the comment, or 422 with the text kept.
  app.post<{ Params: { slug: string; id: string } }>('/posts/:slug/comments/:id/changed-my-view', async (request, reply) => {
    const page = await load(request.params);
    const form = parseForm(viewChangeSchema, request.body, VIEW_CHANGE_FIELDS);
    if (!form.ok) return renderForm(reply, 422, page, form.values, form.fields);
    const visitorHash = request.visitorId === null ? null : hashVisitor(app.config.secret, request.visitorId);
    try {
      await recordViewChange(app.db, { postId: page.postId, commentId: page.comment.id, visitorHash, form: form.data }, app.clock());
    } catch (err) {
      if (!(err instanceof ViewChangeRefused)) throw err;
      const values = { reason: form.data.reason, stance: form.data.stance, email: form.data.email ?? '' };
      return renderForm(reply, 422, page, values, { [err.field]: err.message });
    }
    return reply.redirect(`/posts/${page.slug}/comments/${page.comment.id}`, 303);
  });
}
