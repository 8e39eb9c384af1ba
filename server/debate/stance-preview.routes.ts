import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { BODY_MAX_BYTES } from '../db/column-limits.js';
import { hashIp } from '../comment/comment-screening.js';
import { CsrfRejected, isValidEmbedPost } from '../plugins/security.js';
import { requirePublishedPost } from '../post/post-lookup.js';
import { loadDebateSettings } from '../settings/settings.repository.js';
import { byteLength } from '../shared/form.js';
import type { Stance } from '../shared/stances.js';
import { classifyComment } from '../stance/stance.service.js';
import { PreviewLimit } from './preview-limit.js';

/** The draft as the reply form holds it; the name only helps the classifier tell quotes of others from the writer. */
const previewSchema = z.object({
  body: z
    .string()
    .refine((t) => t.trim() !== '', 'Type a comment first')
    .refine((t) => byteLength(t) <= BODY_MAX_BYTES, 'That comment is too long'),
  parent_id: z
    .string()
    .regex(/^\d{0,10}$/)
    .optional()
    .transform((v) => (v ? Number(v) : null))
    .refine((v) => v === null || (v >= 1 && v <= 2_147_483_647)),
  author_name: z.string().max(1000).optional(),
});

const READS_AS: Record<Stance, (subject: string) => string> = {
  pro: (s) => `for ${s}`,
  against: (s) => `against ${s}`,
  neutral: (s) => `neither for nor against ${s}`,
};

export default async function stancePreviewRoutes(app: FastifyInstance): Promise<void> {
  const limit = new PreviewLimit();

  // POST /posts/:slug/stance-preview : how the classifier reads a draft in its thread (JSON for stance-prompt.js); nothing is stored.
  app.post<{ Params: { slug: string } }>('/posts/:slug/stance-preview', async (request, reply) => previewStance(app, limit, request, reply));
  // POST /embed/posts/:slug/stance-preview : the same for the framed form, checked without cookies as that form is.
  app.post<{ Params: { slug: string } }>('/embed/posts/:slug/stance-preview', { config: { csrf: 'manual' } }, async (request, reply) => {
    if (!isValidEmbedPost(request, app.config.secret, app.clock())) {
      const refused = new CsrfRejected();
      return reply.code(refused.status).send({ error: refused.message, code: refused.code });
    }
    return previewStance(app, limit, request, reply, false);
  });
}

async function previewStance(
  app: FastifyInstance,
  limit: PreviewLimit,
  request: FastifyRequest<{ Params: { slug: string } }>,
  reply: FastifyReply,
  staffName = true,
) {
  const post = await requirePublishedPost(app.db, request.params.slug);
  if (!(await loadDebateSettings(app.db)).stancePrompt) return reply.code(404).send({ error: 'This site does not preview stances.', code: 'not_found' });
  const parsed = previewSchema.safeParse(request.body ?? {});
  if (!parsed.success) {
    const fields = Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0] ?? 'form'), i.message]));
    return reply.code(400).send({ error: 'That draft cannot be read.', code: 'bad_request', fields });
  }
  const now = app.clock().getTime();
  if (!limit.take(hashIp(app.config.secret, request.ip), now)) {
    reply.header('retry-after', String(limit.secondsLeft(now)));
    return reply.code(429).send({ error: 'Too many previews: post when you are ready.', code: 'too_many_previews' });
  }
  const { body, parent_id: parentId, author_name: authorName } = parsed.data;
  // The frame never acts for a signed-in user, so its drafts never take a staff name either.
  const fallbackName = (staffName ? request.user?.name : undefined) || 'Reader';
  const result = await classifyComment(app.db, post, { parentId, authorName: authorName?.trim() || fallbackName, body });
  if (!result) return reply.code(503).send({ error: 'The classifier is busy.', code: 'classifier_unavailable' });
  reply.header('cache-control', 'no-store');
  return reply.send({
    stance: result.label,
    confidence: Math.round(result.confidence * 100) / 100,
    text: `This reads as ${READS_AS[result.label](post.subject_name)}. Right?`,
  });
}
