import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requireVisible, staffOnly } from '../auth/guards.js';
import { canManageRemarks } from '../auth/permissions.js';
import { findCommentById } from '../comment/comment.repository.js';
import { Forbidden } from '../errors.js';
import { findPostWithAuthorById, type PostWithAuthor } from '../post/post.repository.js';
import { parseForm, pickFormValues } from '../shared/form.js';
import { parseId } from '../shared/params.js';
import { remarkPasteFormSchema, remarkRowSchema, type RemarkRow } from './remark-forms.js';
import { buildRemarkPage, type RemarkPageInput } from './remark-page.js';
import { parseRemarkPaste } from './remark-parser.js';
import { applyRowEdits, readRows, rowFromParsed, ROW_FIELD_NAMES, type RowFields } from './remark-rows.js';
import { listRemarkAuthorsForPost, listRemarksForComment } from './remark.repository.js';
import { saveRemarks, type RemarkTarget } from './remark.service.js';

const PASTE_FIELDS = ['sourceGroup', 'sourceUrl', 'paste', 'intro'] as const;
const ONE_FIELDS = ['sourceGroup', 'sourceUrl', 'intro', ...ROW_FIELD_NAMES] as const;
const INTRO_MAX_CHARS = 2000;

type Params = { Params: { id: string } };
interface Loaded {
  kind: 'comment' | 'post';
  id: number;
  base: string;
  post: PostWithAuthor;
  carrier: { authorName: string; bodyHtml: string } | null;
}

/** Loads the comment or post named in the path and checks the signed-in user may add remarks to it. */
async function loadTarget(app: FastifyInstance, request: FastifyRequest<Params>, kind: 'comment' | 'post'): Promise<Loaded> {
  const id = parseId(request.params.id);
  let postId = id;
  let carrier: Loaded['carrier'] = null;
  const user = request.user;
  if (!user) throw new Forbidden('Your account is not allowed to add remarks here.');
  let missing = 'There is no such post.';
  if (kind === 'comment') {
    missing = 'There is no such comment.';
    const comment = await findCommentById(app.db, id);
    postId = comment?.post_id ?? 0;
    carrier = comment ? { authorName: comment.author_name, bodyHtml: comment.body_html } : null;
  }
  const found = postId > 0 ? await findPostWithAuthorById(app.db, postId) : undefined;
  // One answer for a post (or comment) that is missing and one the user may not add remarks to.
  const post = requireVisible(user, found, (p) => canManageRemarks(user, p), missing);
  return { kind, id, base: `/staff/${kind}s/${id}/remarks`, post, carrier };
}

function targetOf(loaded: Loaded, request: FastifyRequest, intro: string, sourceGroup: string): RemarkTarget {
  if (loaded.kind === 'comment') return { kind: 'comment', commentId: loaded.id };
  const user = request.user!;
  const text = intro.trim().slice(0, INTRO_MAX_CHARS) || `Remarks shared from ${sourceGroup}:`;
  return { kind: 'post', postId: loaded.id, staff: { userId: user.id, name: user.name, email: user.email }, intro: text };
}

async function renderPage(app: FastifyInstance, reply: FastifyReply, loaded: Loaded, parts: Partial<RemarkPageInput>, status = 200) {
  const existing = loaded.kind === 'comment' ? await listRemarksForComment(app.db, loaded.id) : [];
  const page = buildRemarkPage({
    time: reply.request.site.time,
    base: loaded.base,
    heading: loaded.kind === 'comment' ? `Group remarks on ${loaded.carrier!.authorName}'s comment` : `Add group remarks to “${loaded.post.title}”`,
    postTitle: loaded.post.title,
    postHref: `/posts/${loaded.post.slug}`,
    carrier: loaded.carrier,
    isPostTarget: loaded.kind === 'post',
    existing,
    paste: { values: {}, errors: {} },
    preview: null,
    one: { values: {}, errors: {} },
    ...parts,
  });
  reply.code(status);
  return reply.viewAsync('pages/staff/remarks.hbs', page);
}

/** Validates every kept row; returns the typed rows, or one error map per row. */
function validateRows(rows: RowFields[]): { ok: true; rows: RemarkRow[] } | { ok: false; errors: Record<string, string>[] } {
  const results = rows.map((row) => parseForm(remarkRowSchema, row, ROW_FIELD_NAMES));
  if (results.every((r) => r.ok)) return { ok: true, rows: results.map((r) => (r.ok ? r.data : (null as never))) };
  return { ok: false, errors: results.map((r) => (r.ok ? {} : r.fields)) };
}

export default async function remarkRoutes(app: FastifyInstance): Promise<void> {
  for (const kind of ['comment', 'post'] as const) {
    const base = `/staff/${kind}s/:id/remarks`;

    // GET /staff/{comments|posts}/:id/remarks : the paste box, the one-remark form and existing remarks.
    app.get<Params>(base, { preHandler: staffOnly }, async (request, reply) => renderPage(app, reply, await loadTarget(app, request, kind), {}));

    // POST /staff/{comments|posts}/:id/remarks/preview : parse a paste into editable rows; nothing is saved.
    app.post<Params>(`${base}/preview`, { preHandler: staffOnly }, async (request, reply) => {
      const loaded = await loadTarget(app, request, kind);
      const form = parseForm(remarkPasteFormSchema, request.body, PASTE_FIELDS);
      if (!form.ok) return renderPage(app, reply, loaded, { paste: { values: form.values, errors: form.fields } }, 422);
      const known = await listRemarkAuthorsForPost(app.db, loaded.post.id);
      const parsed = parseRemarkPaste(form.data.paste, app.clock(), known);
      const values = pickFormValues(request.body, PASTE_FIELDS);
      const rows = parsed.remarks.map(rowFromParsed);
      const warnings = rows.length === 0 ? [...parsed.warnings, 'No remarks were found in the paste.'] : parsed.warnings;
      return renderPage(app, reply, loaded, { paste: { values, errors: {} }, preview: { rows, rowErrors: [], warnings } }, rows.length ? 200 : 422);
    });

    // POST /staff/{comments|posts}/:id/remarks : apply preview edits (action=update) or store the rows (action=save).
    app.post<Params>(base, { preHandler: staffOnly }, async (request, reply) => {
      const loaded = await loadTarget(app, request, kind);
      const body = (request.body ?? {}) as Record<string, unknown>;
      const values = pickFormValues(body, PASTE_FIELDS);
      const source = parseForm(remarkPasteFormSchema, { ...values, paste: 'kept' }, PASTE_FIELDS);
      const rows = applyRowEdits(readRows(body));
      const again = (rowErrors: Record<string, string>[], errors: Record<string, string> = {}) =>
        renderPage(app, reply, loaded, { paste: { values, errors }, preview: { rows, rowErrors, warnings: [] } }, 422);
      if (!source.ok) return again([], source.fields);
      if (body.action !== 'save') return renderPage(app, reply, loaded, { paste: { values, errors: {} }, preview: { rows, rowErrors: [], warnings: [] } });
      if (rows.length === 0) return again([], { paste: 'Keep at least one remark, or leave this page.' });
      const checked = validateRows(rows);
      if (!checked.ok) return again(checked.errors);
      const target = targetOf(loaded, request, values.intro ?? '', source.data.sourceGroup);
      const carrierId = await saveRemarks(app.db, request.user!.id, target, source.data, checked.rows, app.clock());
      return reply.redirect(`/posts/${loaded.post.slug}#comment-${carrierId}`, 303);
    });

    // POST /staff/{comments|posts}/:id/remarks/one : add a single remark typed by hand.
    app.post<Params>(`${base}/one`, { preHandler: staffOnly }, async (request, reply) => {
      const loaded = await loadTarget(app, request, kind);
      const values = pickFormValues(request.body, ONE_FIELDS);
      const source = parseForm(remarkPasteFormSchema, { ...values, paste: 'kept' }, PASTE_FIELDS);
      const row = parseForm(remarkRowSchema, values, ROW_FIELD_NAMES);
      if (!source.ok || !row.ok) {
        const errors = { ...(source.ok ? {} : source.fields), ...(row.ok ? {} : row.fields) };
        return renderPage(app, reply, loaded, { one: { values, errors } }, 422);
      }
      const target = targetOf(loaded, request, values.intro ?? '', source.data.sourceGroup);
      const carrierId = await saveRemarks(app.db, request.user!.id, target, source.data, [row.data], app.clock());
      return reply.redirect(`/posts/${loaded.post.slug}#comment-${carrierId}`, 303);
    });
  }
}
