import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { requirePermission, staffOnly } from '../auth/guards.js';
import { BadRequest, NotFound } from '../errors.js';
import { parseForm } from '../shared/form.js';
import { parseId, parseOptionalId } from '../shared/params.js';
import {
  COMMENT_EDIT_FIELDS,
  COMMENTER_EXPORT_FIELDS,
  bulkActionSchema,
  commentEditSchema,
  commenterExportSchema,
  parseBulkForm,
  safeQueuePath,
} from './moderation.forms.js';
import { commenterExportFileName, exportCommenterComments } from './commenter-export.service.js';
import { buildQueueNotice, noticeQuery, parseChanges, type QueueNotice } from './moderation-notice.js';
import { findPostById } from '../post/post-staff.repository.js';
import {
  COMMENT_STATUSES,
  countCommentsByStatus,
  listCommentsByIds,
  listPostsWithComments,
  listQueue,
  type CommentStatus,
} from '../comment/comment.repository.js';
import { deleteCommentsForever, editComment, moderateComments, undoModeration, type ModerationAction } from './moderation.service.js';
import { buildQueuePage } from './queue-page.js';
import { listCommentRevisions } from '../comment/comment-revision.repository.js';
import { mailContextOf } from '../mail/mail-queue.service.js';

const QUEUE_PAGE_SIZE = 50;
/** What the export form holds when it comes back: the typed address and the message beside it. */
type ExportForm = { values: Record<string, string>; errors: Record<string, string> };
const MAX_QUEUE_PAGE = 10_000;
const statusSchema = z.enum(COMMENT_STATUSES);
const pageSchema = z
  .string()
  .regex(/^\d{1,5}$/)
  .transform(Number)
  .refine((n) => n >= 1 && n <= MAX_QUEUE_PAGE);

async function renderQueue(
  app: FastifyInstance,
  reply: FastifyReply,
  filter: { status: CommentStatus; postId: number | null; page: number },
  notice: QueueNotice | null,
  code = 200,
  exportForm: ExportForm = { values: { email: '' }, errors: {} },
) {
  const [counts, comments, posts] = await Promise.all([
    countCommentsByStatus(app.db, filter.postId),
    listQueue(app.db, { ...filter, limit: QUEUE_PAGE_SIZE, offset: (filter.page - 1) * QUEUE_PAGE_SIZE }),
    listPostsWithComments(app.db),
  ]);
  reply.code(code);
  return reply.viewAsync('pages/staff/moderation.hbs', {
    title: 'Moderation',
    queue: buildQueuePage({
      time: reply.request.site.time,
      ...filter,
      perPage: QUEUE_PAGE_SIZE,
      counts,
      comments,
      posts,
      message: notice?.text ?? null,
      undo: notice?.undo ?? null,
      exportForm,
    }),
  });
}

function parseQueueQuery(query: Record<string, unknown>) {
  const status = statusSchema.safeParse(query.status ?? 'pending');
  const page = pageSchema.safeParse(query.page ?? '1');
  if (!status.success || !page.success) throw new BadRequest('That queue address is not valid.');
  return { status: status.data, postId: parseOptionalId(query.post, 'post id'), page: page.data };
}

async function renderEdit(
  app: FastifyInstance,
  reply: FastifyReply,
  id: number,
  form: { values: Record<string, string>; errors: Record<string, string> },
  code = 200,
) {
  const [[comment], revisions] = await Promise.all([listCommentsByIds(app.db, [id]), listCommentRevisions(app.db, id)]);
  if (!comment) throw new NotFound('There is no such comment.');
  reply.code(code);
  return reply.viewAsync('pages/staff/comment-edit.hbs', {
    title: 'Edit comment',
    comment: { id: comment.id, status: comment.status, action: `/staff/comments/${comment.id}/edit` },
    revisions: revisions.map((r) => ({
      id: r.id,
      at: r.created_at,
      atText: reply.request.site.time.dateTime(r.created_at),
      by: r.editor === 'writer' ? 'its writer' : (r.editor_name ?? 'a former staff account'),
      body: r.body_raw,
    })),
    form: { values: { ...form.values, return_to: safeQueuePath(form.values.return_to) }, errors: form.errors, hasErrors: Object.keys(form.errors).length > 0 },
  });
}

export default async function queueRoutes(app: FastifyInstance): Promise<void> {
  app.addHook('preHandler', staffOnly);
  const moderator = (request: FastifyRequest) => requirePermission(request, 'comment:moderate');

  // GET /staff/moderation : a status queue (?status=pending|approved|spam|trash, ?post=ID, ?page=N) with counts,
  // and after an action the notice of what changed (?did, ?n, ?undo) with its Undo button.
  app.get<{ Querystring: Record<string, unknown> }>('/staff/moderation', async (request, reply) => {
    moderator(request);
    const filter = parseQueueQuery(request.query);
    const changes = parseChanges(request.query.undo);
    const [one] = changes?.length === 1 ? await listCommentsByIds(app.db, [changes[0]!.id]) : [];
    const post = one ? await findPostById(app.db, one.post_id) : undefined;
    const named = one && post ? { authorName: one.author_name, postTitle: post.title } : null;
    return renderQueue(app, reply, filter, buildQueueNotice(request.query, named));
  });

  /** Applies an action (or deletion) to comments and answers 303 to the queue it came from, with the notice. */
  async function act(request: FastifyRequest, reply: FastifyReply, ids: number[], action: ModerationAction | 'delete') {
    const user = moderator(request);
    const back = safeQueuePath((request.body as Record<string, unknown> | undefined)?.return_to);
    const sep = back.includes('?') ? '&' : '?';
    if (action === 'delete') {
      const { deleted, kept } = await deleteCommentsForever(app.db, user.id, ids, app.clock());
      return reply.redirect(`${back}${sep}${noticeQuery('delete', deleted, kept)}`, 303);
    }
    const changes = await moderateComments(app.db, user.id, ids, action, app.clock(), mailContextOf(app.config, request.site));
    app.wakeOutbox();
    return reply.redirect(`${back}${sep}${noticeQuery(action, changes)}`, 303);
  }

  // GET /staff/commenters/export?email=ADDRESS : every comment from one address as a JSON download, logged in the
  // audit log; an address that is not one, or that wrote nothing here, re-renders the queue (422) with the message.
  app.get<{ Querystring: Record<string, unknown> }>('/staff/commenters/export', async (request, reply) => {
    const user = moderator(request);
    const form = parseForm(commenterExportSchema, request.query, COMMENTER_EXPORT_FIELDS);
    const pending = { status: 'pending' as const, postId: null, page: 1 };
    if (!form.ok) return renderQueue(app, reply, pending, null, 422, { values: form.values, errors: form.fields });
    const file = await exportCommenterComments(app.db, user.id, form.data.email, app.clock());
    if (!file) {
      const errors = { email: 'No comments were written from that address.' };
      return renderQueue(app, reply, pending, null, 422, { values: { email: form.data.email }, errors });
    }
    return reply
      .header('content-disposition', `attachment; filename="${commenterExportFileName(form.data.email)}"`)
      .header('cache-control', 'no-store')
      .type('application/json; charset=utf-8')
      .send(`${JSON.stringify(file, null, 2)}\n`);
  });

  // POST /staff/moderation/bulk : applies one action to the ticked comments, then back to the queue.
  app.post('/staff/moderation/bulk', async (request, reply) => {
    moderator(request);
    const fields = (request.body ?? {}) as Record<string, unknown>;
    const back = safeQueuePath(fields.return_to);
    const parsed = parseBulkForm(request.body);
    if ('error' in parsed) {
      const query = Object.fromEntries(new URLSearchParams(back.split('?')[1] ?? ''));
      return renderQueue(app, reply, parseQueueQuery(query), { text: parsed.error, undo: null }, 422);
    }
    return act(request, reply, parsed.ids, parsed.action);
  });

  // POST /staff/moderation/undo : puts the comments of the last notice back in the statuses they had.
  app.post('/staff/moderation/undo', async (request, reply) => {
    const user = moderator(request);
    const fields = (request.body ?? {}) as Record<string, unknown>;
    const changes = parseChanges(fields.undo);
    if (!changes) throw new BadRequest('There is nothing to undo.');
    const undone = await undoModeration(app.db, user.id, changes, app.clock());
    const back = safeQueuePath(fields.return_to);
    return reply.redirect(`${back}${back.includes('?') ? '&' : '?'}${noticeQuery('undo', undone.length)}`, 303);
  });

  // POST /staff/comments/:id/:action : approve, spam, trash, restore, unapprove or delete one comment, then back to the queue.
  app.post<{ Params: { id: string; action: string } }>('/staff/comments/:id/:action', async (request, reply) => {
    moderator(request);
    const id = parseId(request.params.id, 'comment id');
    const action = bulkActionSchema.safeParse(request.params.action);
    if (!action.success) throw new NotFound('There is no such action.');
    const [comment] = await listCommentsByIds(app.db, [id]);
    if (!comment) throw new NotFound('There is no such comment.');
    return act(request, reply, [id], action.data);
  });

  // GET /staff/comments/:id/edit : the edit form for one comment.
  app.get<{ Params: { id: string }; Querystring: Record<string, unknown> }>('/staff/comments/:id/edit', async (request, reply) => {
    moderator(request);
    const id = parseId(request.params.id, 'comment id');
    const [comment] = await listCommentsByIds(app.db, [id]);
    if (!comment) throw new NotFound('There is no such comment.');
    return renderEdit(app, reply, id, {
      values: {
        author_name: comment.author_name,
        body: comment.body_raw,
        return_to: typeof request.query.return_to === 'string' ? request.query.return_to : '',
      },
      errors: {},
    });
  });

  // POST /staff/comments/:id/edit : saves a moderator's edit (logged); 422 keeps the typed text.
  app.post<{ Params: { id: string } }>('/staff/comments/:id/edit', async (request, reply) => {
    const user = moderator(request);
    const id = parseId(request.params.id, 'comment id');
    const form = parseForm(commentEditSchema, request.body, COMMENT_EDIT_FIELDS);
    if (!form.ok) return renderEdit(app, reply, id, { values: form.values, errors: form.fields }, 422);
    await editComment(app.db, user.id, id, { authorName: form.data.author_name, body: form.data.body }, app.clock());
    return reply.redirect(safeQueuePath(form.data.return_to), 303);
  });
}
