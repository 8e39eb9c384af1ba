import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { requirePermission, staffOnly } from '../auth/guards.js';
import { BadRequest } from '../errors.js';
import { parseId } from '../shared/params.js';
import { listHeldVoteBursts } from './vote.repository.js';
import { BURST_VOTES, BURST_WINDOW_MINUTES, settleVoteBurst } from './vote.service.js';

/** The most bursts the review page lists at once. */
const BURSTS_SHOWN = 100;

const decisionSchema = z.object({ decision: z.enum(['count', 'reject']) });

export default async function voteReviewRoutes(app: FastifyInstance): Promise<void> {
  app.addHook('preHandler', staffOnly);

  // GET /staff/votes : comments whose votes came in a burst from new visitors, held until a moderator decides.
  app.get<{ Querystring: Record<string, unknown> }>('/staff/votes', async (request, reply) => {
    requirePermission(request, 'comment:moderate');
    const bursts = await listHeldVoteBursts(app.db, BURSTS_SHOWN);
    return reply.viewAsync('pages/staff/votes.hbs', {
      title: 'Vote bursts',
      rule: { votes: BURST_VOTES, minutes: BURST_WINDOW_MINUTES },
      settled: request.query.settled === '1',
      bursts: bursts.map((b) => ({
        commentId: b.comment_id,
        authorName: b.author_name,
        postTitle: b.title,
        commentHref: `/posts/${b.slug}/comments/${b.comment_id}`,
        held: Number(b.held),
        latestText: request.site.time.dateTime(String(b.latest)),
        action: `/staff/votes/${b.comment_id}`,
      })),
    });
  });

  // POST /staff/votes/:commentId : count a comment's held votes, or set them aside (logged).
  app.post<{ Params: { commentId: string } }>('/staff/votes/:commentId', async (request, reply) => {
    const user = requirePermission(request, 'comment:moderate');
    const commentId = parseId(request.params.commentId, 'comment id');
    const parsed = decisionSchema.safeParse(request.body ?? {});
    if (!parsed.success) throw new BadRequest('Choose to count the votes or to set them aside.');
    await settleVoteBurst(app.db, user.id, commentId, parsed.data.decision, app.clock());
    return reply.redirect('/staff/votes?settled=1', 303);
  });
}
