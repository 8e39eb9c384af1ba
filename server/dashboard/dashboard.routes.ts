// The dashboard folder: the staff home page, each post with its comment, pending and stance counts.
import type { FastifyInstance } from 'fastify';
import { requirePermission, staffOnly } from '../auth/guards.js';
import { can, canEditPost, canManageRemarks, canSeePost } from '../auth/permissions.js';
import { splitStancesByPost } from './dashboard-split.js';
import { listPostsForDashboard } from '../post/post-staff.repository.js';
import { listLabelsForPosts } from '../stance/stance.repository.js';

/** The line over the table while imported posts wait for a subject; null when none does. */
function needSubjectNote(count: number): string | null {
  if (count === 0) return null;
  return `${count} ${count === 1 ? 'post needs' : 'posts need'} a subject: name it in the editor and its comments are labelled.`;
}

export default async function dashboardRoutes(app: FastifyInstance): Promise<void> {
  app.addHook('preHandler', staffOnly);

  // GET /staff : the dashboard: an author's own posts (every post for admins and moderators) with counts.
  app.get<{ Querystring: Record<string, unknown> }>('/staff', async (request, reply) => {
    const user = requirePermission(request, 'dashboard:view');
    const ownOnly = user.role === 'author';
    // Moderators get the published posts: another author's draft, title included, is not theirs to see.
    const posts = (await listPostsForDashboard(app.db, ownOnly ? user.id : null)).filter((p) => canSeePost(user, { author_id: p.authorId, status: p.status }));
    const splits = splitStancesByPost(
      await listLabelsForPosts(
        app.db,
        posts.map((p) => p.id),
      ),
    );
    return reply.viewAsync('pages/staff/dashboard.hbs', {
      title: 'Dashboard',
      heading: ownOnly ? 'Your posts' : user.role === 'admin' ? 'All posts' : 'Published posts',
      canCreate: can(user, 'post:create'),
      deleted: typeof request.query.deleted === 'string' ? request.query.deleted : null,
      needSubjectNote: needSubjectNote(posts.filter((p) => p.needsSubject).length),
      posts: posts.map((p) => ({
        ...p,
        href: `/posts/${p.slug}`,
        editHref: canEditPost(user, { author_id: p.authorId }) ? `/staff/posts/${p.id}/edit` : null,
        stancesHref: `/staff/posts/${p.id}/stances`,
        remarksHref: canManageRemarks(user, { author_id: p.authorId, status: p.status }) ? `/staff/posts/${p.id}/remarks` : null,
        updatedText: request.site.time.date(p.updatedAt),
        isDraft: p.status === 'draft',
        split: splits.get(p.id) ?? null,
      })),
    });
  });
}
