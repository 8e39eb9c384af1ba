// The admins' view of the outbox: what waits, what went, what failed and why; each message readable.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { requirePermission, staffOnly } from '../auth/guards.js';
import { BadRequest, NotFound } from '../errors.js';
import { parseId } from '../shared/params.js';
import { countOutboxByStatus, findOutboxMessage, listOutboxMessages, requeueMessage, type OutboxStatus } from './outbox.repository.js';

const OUTBOX_PAGE_SIZE = 100;
const querySchema = z.object({
  status: z.enum(['', 'queued', 'sent', 'failed']).default(''),
  page: z
    .string()
    .regex(/^\d{1,5}$/)
    .transform(Number)
    .refine((n) => n >= 1)
    .default(1),
});

export default async function outboxRoutes(app: FastifyInstance): Promise<void> {
  app.addHook('preHandler', staffOnly);

  // GET /staff/outbox : every message, newest first, optionally one status (admins).
  app.get<{ Querystring: Record<string, unknown> }>('/staff/outbox', async (request, reply) => {
    requirePermission(request, 'mail:read');
    const query = querySchema.safeParse(request.query);
    if (!query.success) throw new BadRequest('That status or page is not valid.');
    const status: OutboxStatus | null = query.data.status === '' ? null : query.data.status;
    const page = query.data.page;
    const [rows, counts] = await Promise.all([
      listOutboxMessages(app.db, { status, limit: OUTBOX_PAGE_SIZE + 1, offset: (page - 1) * OUTBOX_PAGE_SIZE }),
      countOutboxByStatus(app.db),
    ]);
    const base = `/staff/outbox?${status ? `status=${status}&` : ''}`;
    return reply.viewAsync('pages/staff/outbox.hbs', {
      title: 'Outbox',
      sending: app.config.smtpUrl !== '',
      filters: (['', 'queued', 'sent', 'failed'] as const).map((s) => ({
        label: s === '' ? 'All' : s,
        count: s === '' ? counts.queued + counts.sent + counts.failed : counts[s],
        href: s === '' ? '/staff/outbox' : `/staff/outbox?status=${s}`,
        current: (status ?? '') === s,
      })),
      messages: rows.slice(0, OUTBOX_PAGE_SIZE).map((m) => ({
        id: m.id,
        recipient: m.recipient,
        subject: m.subject,
        status: m.status,
        failed: m.status === 'failed',
        attempts: m.attempts,
        lastError: m.last_error,
        createdAt: m.created_at,
        createdText: request.site.time.dateTime(m.created_at),
        sentText: m.sent_at ? request.site.time.dateTime(m.sent_at) : null,
      })),
      prevHref: page > 1 ? `${base}page=${page - 1}` : null,
      nextHref: rows.length > OUTBOX_PAGE_SIZE ? `${base}page=${page + 1}` : null,
    });
  });

  // GET /staff/outbox/:id : one message as it is (or was) sent: headers and the text part.
  app.get<{ Params: { id: string } }>('/staff/outbox/:id', async (request, reply) => {
    requirePermission(request, 'mail:read');
    const message = await findOutboxMessage(app.db, parseId(request.params.id, 'message id'));
    if (!message) throw new NotFound('There is no such message.');
    return reply.viewAsync('pages/staff/outbox-message.hbs', {
      title: `Message ${message.id}`,
      message: { ...message, failed: message.status === 'failed', createdText: request.site.time.dateTime(message.created_at) },
      headers: Object.entries(JSON.parse(message.headers_json) as Record<string, string>).map(([name, value]) => ({ name, value })),
    });
  });

  // POST /staff/outbox/:id/retry : puts a failed message back in the queue.
  app.post<{ Params: { id: string } }>('/staff/outbox/:id/retry', async (request, reply) => {
    requirePermission(request, 'mail:read');
    const id = parseId(request.params.id, 'message id');
    if (!(await requeueMessage(app.db, id, app.clock().toISOString()))) throw new NotFound('There is no failed message with that number.');
    app.wakeOutbox();
    return reply.redirect(`/staff/outbox/${id}`, 303);
  });
}
