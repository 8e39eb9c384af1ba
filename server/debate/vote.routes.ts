import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { locateCommentPage } from '../comment/comment-permalink.js';
import { hashIp } from '../comment/comment-screening.js';
import { AppError, BadRequest, Forbidden } from '../errors.js';
import { CsrfRejected, frameVisitorOf, isValidEmbedPost } from '../plugins/security.js';
import { requirePublishedPost } from '../post/post-lookup.js';
import { parseId } from '../shared/params.js';
import { castVote } from './vote.service.js';
import { applyVoteToGround } from './common-ground.service.js';
import { hashVisitor, VOTE_VALUES, voterKeyOf, type Voter } from './vote-values.js';

/** The button a reader pressed: "<comment id>:<value>". */
const voteSchema = z.object({ vote: z.string().regex(new RegExp(`^[1-9]\\d{0,9}:(${VOTE_VALUES.join('|')})$`)) });

/**
 * The reader casting a vote: a signed-in staff member, or the visitor their cookie names. In a frame there
 * is no cookie (nor a staff session to trust): the frame's script sends the id it keeps.
 */
function voterOf(request: FastifyRequest, secret: string, embed: boolean): Voter {
  if (embed) {
    const id = frameVisitorOf(request);
    if (id === null) throw new Forbidden('Votes in an embedded discussion need JavaScript: reload the page and try again.');
    return { kind: 'visitor', visitorHash: hashVisitor(secret, id) };
  }
  if (request.user) return { kind: 'user', userId: request.user.id, email: request.user.email };
  // The page that shows the buttons gave the visitor a cookie; without one the form cannot have come from it.
  if (request.visitorId === null) throw new Forbidden('Votes need cookies: reload the page and try again.');
  return { kind: 'visitor', visitorHash: hashVisitor(secret, request.visitorId) };
}

const wantsJson = (request: FastifyRequest) => (request.headers.accept ?? '').includes('application/json');

function sendJsonError(reply: FastifyReply, err: AppError) {
  return reply.code(err.status).send({ error: err.message, code: err.code });
}

export default async function voteRoutes(app: FastifyInstance): Promise<void> {
  // GET /posts/:slug/votes/held?comment=ID : where a held vote lands without JavaScript: it is not counted yet.
  app.get<{ Params: { slug: string }; Querystring: Record<string, unknown> }>('/posts/:slug/votes/held', async (request, reply) => {
    const post = await requirePublishedPost(app.db, request.params.slug);
    const commentId = parseId(request.query.comment, 'comment id');
    return reply.viewAsync('pages/vote-held.hbs', {
      title: 'Your vote is waiting',
      commentHref: `/posts/${post.slug}/comments/${commentId}`,
      postTitle: post.title,
    });
  });

  // POST /posts/:slug/votes : a reader's "Good point" or "Not convinced" on a comment; 303 to it, or JSON counts for vote.js.
  app.post<{ Params: { slug: string } }>('/posts/:slug/votes', async (request, reply) => postVote(app, request, reply, false));
  // POST /embed/posts/:slug/votes : the same from a framed page, checked without cookies as its comment form is.
  app.post<{ Params: { slug: string } }>('/embed/posts/:slug/votes', { config: { csrf: 'manual' } }, async (request, reply) =>
    postVote(app, request, reply, true),
  );
}

async function postVote(app: FastifyInstance, request: FastifyRequest<{ Params: { slug: string } }>, reply: FastifyReply, embed: boolean) {
  try {
    if (embed && !isValidEmbedPost(request, app.config.secret, app.clock())) throw new CsrfRejected();
    const post = await requirePublishedPost(app.db, request.params.slug);
    const parsed = voteSchema.safeParse(request.body ?? {});
    if (!parsed.success) throw new BadRequest('That vote is not one this page offers.');
    const [id, value] = parsed.data.vote.split(':') as [string, (typeof VOTE_VALUES)[number]];
    const commentId = Number(id);
    const voter = voterOf(request, app.config.secret, embed);
    const outcome = await castVote(app.db, { commentId, postId: post.id, voter, ipHash: hashIp(app.config.secret, request.ip), value }, app.clock());
    if (outcome.status === 'counted') applyVoteToGround(app.pageCache, post.id, outcome.threadVersion, { voterKey: voterKeyOf(voter), commentId, value });
    if (wantsJson(request)) return reply.send({ comment_id: commentId, vote: value, status: outcome.status, counts: outcome.counts });
    const base = `${embed ? '/embed' : ''}/posts/${post.slug}`;
    // Without JavaScript a held vote must not come back to counts that look as if it were in them: say so on a page of its own.
    if (outcome.status === 'held' && !embed) return reply.redirect(`${base}/votes/held?comment=${commentId}`, 303);
    const page = await locateCommentPage(app.db, post.id, commentId, app.config.commentsPerPage);
    return reply.redirect(`${base}${page > 1 ? `?cpage=${page}` : ''}#comment-${commentId}`, 303);
  } catch (err) {
    if (err instanceof AppError && wantsJson(request)) return sendJsonError(reply, err);
    throw err;
  }
}
