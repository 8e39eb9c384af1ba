import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requireVisible, staffOnly } from '../auth/guards.js';
import { canManageRemarks } from '../auth/permissions.js';
import { findCommentById } from '../comment/comment.repository.js';
import type { GroupRemark } from '../db/schema.js';
import { Forbidden, NotFound } from '../errors.js';
import { findPostWithAuthorById } from '../post/post.repository.js';
import { parseForm, pickFormValues } from '../shared/form.js';
import { parseId } from '../shared/params.js';
import { remarkPasteFormSchema, remarkRowSchema } from './remark-forms.js';
import { ROW_FIELD_NAMES } from './remark-rows.js';
import { findRemarkById } from './remark.repository.js';
import { editRemark, removeRemark } from './remark.service.js';

const EDIT_FIELDS = ['sourceGroup', 'sourceUrl', ...ROW_FIELD_NAMES] as const;
type Params = { Params: { id: string } };

/** Loads a remark and checks the signed-in user may change it (moderators, or the post's author). */
async function loadRemark(app: FastifyInstance, request: FastifyRequest<Params>) {
  const user = request.user;
  if (!user) throw new Forbidden('Your account is not allowed to change this remark.');
  const remark = await findRemarkById(app.db, parseId(request.params.id));
  const comment = remark && (await findCommentById(app.db, remark.comment_id));
  const post = comment ? await findPostWithAuthorById(app.db, comment.post_id) : undefined;
  // One answer for a missing remark and one on a post the user may not manage.
  requireVisible(user, post, (p) => canManageRemarks(user, p), 'There is no such remark.');
  if (!remark) throw new NotFound('There is no such remark.');
  return { remark, manageHref: `/staff/comments/${remark.comment_id}/remarks` };
}

function valuesOf(remark: GroupRemark): Record<string, string> {
  return {
    sourceGroup: remark.source_group,
    sourceUrl: remark.source_url ?? '',
    authorName: remark.author_name,
    headline: remark.headline ?? '',
    postedLabel: remark.posted_label ?? '',
    postedAt: remark.posted_at ?? '',
    body: remark.body_raw,
  };
}

function renderEdit(
  reply: FastifyReply,
  remark: GroupRemark,
  manageHref: string,
  values: Record<string, string>,
  errors: Record<string, string>,
  status = 200,
) {
  reply.code(status);
  return reply.viewAsync('pages/staff/remark-edit.hbs', {
    title: `Edit remark by ${remark.author_name}`,
    action: `/staff/remarks/${remark.id}`,
    deleteAction: `/staff/remarks/${remark.id}/delete`,
    manageHref,
    values,
    errors,
    hasErrors: Object.keys(errors).length > 0,
  });
}

export default async function remarkEditRoutes(app: FastifyInstance): Promise<void> {
  // GET /staff/remarks/:id/edit : one remark in a form.
  app.get<Params>('/staff/remarks/:id/edit', { preHandler: staffOnly }, async (request, reply) => {
    const { remark, manageHref } = await loadRemark(app, request);
    return renderEdit(reply, remark, manageHref, valuesOf(remark), {});
  });

  // POST /staff/remarks/:id : save an edited remark (relabelled by the stance engine).
  app.post<Params>('/staff/remarks/:id', { preHandler: staffOnly }, async (request, reply) => {
    const { remark, manageHref } = await loadRemark(app, request);
    const values = pickFormValues(request.body, EDIT_FIELDS);
    const source = parseForm(remarkPasteFormSchema, { ...values, paste: 'kept' }, ['sourceGroup', 'sourceUrl', 'paste']);
    const row = parseForm(remarkRowSchema, values, ROW_FIELD_NAMES);
    if (!source.ok || !row.ok) {
      return renderEdit(reply, remark, manageHref, values, { ...(source.ok ? {} : source.fields), ...(row.ok ? {} : row.fields) }, 422);
    }
    await editRemark(app.db, request.user!.id, remark.id, source.data, row.data, app.clock());
    return reply.redirect(`${manageHref}#remark-${remark.id}`, 303);
  });

  // POST /staff/remarks/:id/delete : delete one remark.
  app.post<Params>('/staff/remarks/:id/delete', { preHandler: staffOnly }, async (request, reply) => {
    const { remark, manageHref } = await loadRemark(app, request);
    await removeRemark(app.db, request.user!.id, remark.id, app.clock());
    return reply.redirect(manageHref, 303);
  });
}
