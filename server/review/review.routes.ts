import { mailContextOf } from '../mail/mail-queue.service.js';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { requirePermission, requireVisible, staffOnly } from '../auth/guards.js';
import { can, canSeePost } from '../auth/permissions.js';
import type { SessionUser } from '../auth/user.repository.js';
import { BadRequest } from '../errors.js';
import { listPostsWithComments } from '../comment/comment.repository.js';
import { findPostById } from '../post/post-staff.repository.js';
import { parseId, parseOptionalId } from '../shared/params.js';
import { plural } from '../shared/words.js';
import { buildReviewItems, filterReviewItems, sortReviewItems } from './review-items.js';
import { readReviewFilter } from './review-filter.js';
import { buildReviewPage } from './review-page.js';
import { listLabelsForTargets, listReviewTargets } from './review.repository.js';
import { recordLabelDecisions, type LabelDecision } from './review.service.js';
import { buildSummaryPage } from './summary-page.js';
import { listViewChangesForPost } from '../debate/view-change.repository.js';
import { reviewCsv, reviewJson } from './review-summary.js';
import { loadStanceSettings } from '../settings/settings.repository.js';

const REVIEW_PAGE_SIZE = 100;
const MAX_BULK_CONFIRM = 500;
const DECISION = /^([cr])(\d{1,10}):(pro|against|neutral|confirm)$/;

/** A same-site review address to return to; anything else is the site-wide review. */
function safeReviewPath(value: unknown): string {
  return typeof value === 'string' && /^\/staff\/stances(\?[\x21-\x7e]*)?$/.test(value) ? value : '/staff/stances';
}

function backTo(value: unknown, done: number): string {
  const path = safeReviewPath(value);
  return `${path}${path.includes('?') ? '&' : '?'}done=${done}`;
}

async function loadItems(app: FastifyInstance, postId: number | null, authorId: number | null = null) {
  const targets = await listReviewTargets(app.db, postId, authorId);
  const labels = await listLabelsForTargets(
    app.db,
    targets.filter((t) => t.kind === 'comment').map((t) => t.id),
    targets.filter((t) => t.kind === 'remark').map((t) => t.id),
  );
  return buildReviewItems(targets, labels, await loadStanceSettings(app.db));
}

/** A post the reviewer may see (moderators: published ones); a draft answers as a missing post does. */
async function requirePost(app: FastifyInstance, user: SessionUser, rawId: unknown) {
  const post = await findPostById(app.db, parseId(rawId, 'post id'));
  return requireVisible(user, post, (p) => canSeePost(user, p));
}

export default async function reviewRoutes(app: FastifyInstance): Promise<void> {
  app.addHook('preHandler', staffOnly);

  // GET /staff/stances : comments and remarks with their labels, disagreements and low confidence first (?post, ?label, ?source, ?max_confidence, ?needs).
  // Authors see their own posts' items, read-only; a bad filter value comes back as the page with the field marked.
  app.get<{ Querystring: Record<string, unknown> }>('/staff/stances', async (request, reply: FastifyReply) => {
    const user = requirePermission(request, 'stance:read');
    const postId = parseOptionalId(request.query.post, 'post id');
    const { filter, page, typed, errors } = readReviewFilter(request.query);
    const post = postId === null ? null : await requirePost(app, user, String(postId));
    const ownOnly = user.role === 'author' ? user.id : null;
    const items = sortReviewItems(filterReviewItems(await loadItems(app, postId, ownOnly), filter));
    const done = typeof request.query.done === 'string' && /^\d{1,4}$/.test(request.query.done) ? Number(request.query.done) : null;
    const posts = (await listPostsWithComments(app.db)).filter((p) => canSeePost(user, p));
    reply.code(Object.keys(errors).length > 0 ? 422 : 200);
    return reply.viewAsync('pages/staff/stance-review.hbs', {
      title: 'Stances',
      review: buildReviewPage({
        time: request.site.time,
        postId,
        postTitle: post?.title ?? null,
        filter,
        typed,
        errors,
        canLabel: can(user, 'stance:review'),
        items: items.slice((page - 1) * REVIEW_PAGE_SIZE, page * REVIEW_PAGE_SIZE),
        total: items.length,
        page,
        perPage: REVIEW_PAGE_SIZE,
        posts,
        message: done === null ? null : `${plural(done, 'label')} recorded.`,
      }),
    });
  });

  // POST /staff/stances/label : confirms or overrides one item's label (a new moderator label; history is kept).
  app.post('/staff/stances/label', async (request, reply) => {
    const user = requirePermission(request, 'stance:review');
    const body = (request.body ?? {}) as Record<string, unknown>;
    const match = typeof body.decision === 'string' ? DECISION.exec(body.decision) : null;
    if (!match) throw new BadRequest('Choose a label for one item.');
    const decision: LabelDecision = {
      kind: match[1] === 'c' ? 'comment' : 'remark',
      id: Number(match[2]),
      label: match[3] === 'confirm' ? null : (match[3] as LabelDecision['label']),
    };
    const recorded = await recordLabelDecisions(app.db, user.id, [decision], app.clock(), mailContextOf(app.config, request.site));
    return reply.redirect(backTo(body.return_to, recorded), 303);
  });

  // POST /staff/stances/confirm : confirms the current label of every ticked item.
  app.post('/staff/stances/confirm', async (request, reply) => {
    const user = requirePermission(request, 'stance:review');
    const body = (request.body ?? {}) as Record<string, unknown>;
    const decisions: LabelDecision[] = Object.keys(body)
      .map((k) => /^t_([cr])(\d{1,10})$/.exec(k))
      .filter((m): m is RegExpExecArray => m !== null && body[m[0]] === '1')
      .map((m) => ({ kind: m[1] === 'c' ? 'comment' : 'remark', id: Number(m[2]), label: null }));
    if (decisions.length === 0 || decisions.length > MAX_BULK_CONFIRM) throw new BadRequest(`Tick between 1 and ${MAX_BULK_CONFIRM} items to confirm.`);
    const recorded = await recordLabelDecisions(app.db, user.id, decisions, app.clock(), mailContextOf(app.config, request.site));
    return reply.redirect(backTo(body.return_to, recorded), 303);
  });

  // GET /staff/posts/:id/stances : the post's stance summary: daily chart, most active per side, side changes.
  app.get<{ Params: { id: string } }>('/staff/posts/:id/stances', async (request, reply) => {
    const user = requirePermission(request, 'stance:read');
    const post = await requirePost(app, user, request.params.id);
    return reply.viewAsync('pages/staff/stance-summary.hbs', {
      title: `Stances on “${post.title}”`,
      summary: buildSummaryPage(post, await loadItems(app, post.id), {
        canLabel: can(user, 'stance:review'),
        settings: await loadStanceSettings(app.db),
        time: request.site.time,
        viewChanges: await listViewChangesForPost(app.db, post.id),
      }),
    });
  });

  // GET /staff/posts/:id/stances.csv : the post's labels as CSV.
  app.get<{ Params: { id: string } }>('/staff/posts/:id/stances.csv', async (request, reply) => {
    const user = requirePermission(request, 'stance:read');
    const post = await requirePost(app, user, request.params.id);
    reply.header('content-disposition', `attachment; filename="stances-${post.slug}.csv"`);
    return reply.type('text/csv; charset=utf-8').send(reviewCsv(await loadItems(app, post.id)));
  });

  // GET /staff/posts/:id/stances.json : the post's labels and summary as JSON.
  app.get<{ Params: { id: string } }>('/staff/posts/:id/stances.json', async (request, reply) => {
    const user = requirePermission(request, 'stance:read');
    const post = await requirePost(app, user, request.params.id);
    reply.header('content-disposition', `attachment; filename="stances-${post.slug}.json"`);
    return reviewJson({ id: post.id, slug: post.slug, title: post.title }, await loadItems(app, post.id), request.site.time);
  });
}
