// The staff page of pingbacks and trackbacks: listed per post, each shown, hidden, marked spam or deleted (trash,
// from which it can be restored); every change logged. Reached from the moderation page.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { requirePermission, staffOnly } from '../auth/guards.js';
import { parseId } from '../shared/params.js';
import type { TimeFormat } from '../shared/time.js';
import { LINKBACK_ACTIONS, moderateLinkback, type LinkbackAction } from './linkback-moderation.service.js';
import { countLinkbacksByStatus, listLinkbacksForStaff, type StaffLinkback } from './linkback.repository.js';

/** Rows the page lists at most: a site with more moderates them a status at a time. */
const PAGE_LIMIT = 500;
const STATUSES = ['all', 'approved', 'pending', 'spam', 'trash'] as const;
type StatusFilter = (typeof STATUSES)[number];
const STATUS_LABELS: Record<StatusFilter, string> = { all: 'All', approved: 'Shown', pending: 'Hidden', spam: 'Spam', trash: 'Deleted' };
const ACTION_LABELS: Record<LinkbackAction, string> = { show: 'Show', hide: 'Hide', spam: 'Spam', trash: 'Delete' };

const actionSchema = z.object({
  action: z.enum(Object.keys(LINKBACK_ACTIONS) as [LinkbackAction, ...LinkbackAction[]], 'Choose one of the buttons'),
  status: z.enum(STATUSES).catch('all'),
});

const statusOf = (value: unknown): StatusFilter => (STATUSES.includes(value as StatusFilter) ? (value as StatusFilter) : 'all');

/** The rows grouped by post, each with the buttons its status allows. Pure. */
function linkbackGroups(rows: readonly StaffLinkback[], time: TimeFormat) {
  const groups: { postTitle: string; postHref: string; items: unknown[] }[] = [];
  for (const r of rows) {
    let group = groups.at(-1);
    if (group?.postHref !== `/posts/${encodeURIComponent(r.post_slug)}`) {
      group = { postTitle: r.post_title, postHref: `/posts/${encodeURIComponent(r.post_slug)}`, items: [] };
      groups.push(group);
    }
    const restoring = r.status === 'trash' || r.status === 'spam';
    group.items.push({
      id: r.id,
      kind: r.kind === 'pingback' ? 'Pingback' : 'Trackback',
      sourceName: r.source_name,
      sourceUrl: r.source_url,
      excerpt: r.excerpt,
      when: time.dateTime(r.created_at),
      statusLabel: STATUS_LABELS[r.status],
      actions: (Object.keys(LINKBACK_ACTIONS) as LinkbackAction[])
        .filter((a) => LINKBACK_ACTIONS[a] !== r.status)
        .map((a) => ({ value: a, label: a === 'show' && restoring ? 'Restore' : ACTION_LABELS[a] })),
    });
  }
  return groups;
}

export default async function linkbackStaffRoutes(app: FastifyInstance): Promise<void> {
  app.addHook('preHandler', staffOnly);

  async function render(reply: FastifyReply, time: TimeFormat, status: StatusFilter, message: string | null, code = 200) {
    const [rows, counts] = await Promise.all([listLinkbacksForStaff(app.db, status === 'all' ? null : status, PAGE_LIMIT), countLinkbacksByStatus(app.db)]);
    const total = counts.approved + counts.pending + counts.spam + counts.trash;
    reply.code(code);
    return reply.viewAsync('pages/staff/linkbacks.hbs', {
      title: 'Pingbacks and trackbacks',
      status,
      message,
      tabs: STATUSES.map((s) => ({
        href: `/staff/linkbacks?status=${s}`,
        label: STATUS_LABELS[s],
        count: s === 'all' ? total : counts[s],
        isCurrent: s === status,
      })),
      groups: linkbackGroups(rows, time),
      truncated: rows.length === PAGE_LIMIT,
      limit: PAGE_LIMIT,
    });
  }

  // GET /staff/linkbacks?status= : every pingback and trackback (or one status's), per post.
  app.get<{ Querystring: { status?: unknown } }>('/staff/linkbacks', async (request, reply) => {
    requirePermission(request, 'comment:moderate');
    return render(reply, request.site.time, statusOf(request.query.status), null);
  });

  // POST /staff/linkbacks/:id : shows, hides, marks as spam or deletes one; back to the list at its place.
  app.post<{ Params: { id: string } }>('/staff/linkbacks/:id', async (request, reply) => {
    const user = requirePermission(request, 'comment:moderate');
    const id = parseId(request.params.id);
    const form = actionSchema.safeParse(request.body ?? {});
    if (!form.success)
      return render(reply, request.site.time, statusOf((request.body as { status?: unknown } | undefined)?.status), 'Choose one of the buttons.', 422);
    await moderateLinkback(app.db, user.id, id, form.data.action, app.clock());
    return reply.redirect(`/staff/linkbacks?status=${form.data.status}#linkback-${id}`, 303);
  });
}
