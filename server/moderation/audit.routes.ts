import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { requirePermission, staffOnly } from '../auth/guards.js';
import { BadRequest } from '../errors.js';
import { formatAbsolute } from '../shared/time.js';
import { countAuditEntries, listAuditEntries } from './audit.repository.js';

const AUDIT_PAGE_SIZE = 100;
const pageSchema = z
  .string()
  .regex(/^\d{1,5}$/)
  .transform(Number)
  .refine((n) => n >= 1);

function pretty(json: string | null): string | null {
  if (json === null) return null;
  try {
    return JSON.stringify(JSON.parse(json), null, 1);
  } catch {
    return json;
  }
}

export default async function auditRoutes(app: FastifyInstance): Promise<void> {
  app.addHook('preHandler', staffOnly);

  // GET /staff/audit : every moderator and admin action, newest first (admins only).
  app.get<{ Querystring: Record<string, unknown> }>('/staff/audit', async (request, reply) => {
    requirePermission(request, 'audit:read');
    const parsed = pageSchema.safeParse(request.query.page ?? '1');
    if (!parsed.success) throw new BadRequest('That page number is not valid.');
    const page = parsed.data;
    const [rows, total] = await Promise.all([listAuditEntries(app.db, AUDIT_PAGE_SIZE, (page - 1) * AUDIT_PAGE_SIZE), countAuditEntries(app.db)]);
    const pageCount = Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE));
    return reply.viewAsync('pages/staff/audit.hbs', {
      title: 'Audit log',
      entries: rows.map((r) => ({
        id: r.id,
        who: r.user_name ?? '(deleted user)',
        whoEmail: r.user_email,
        action: r.action,
        target: r.target_id === null ? r.target_type : `${r.target_type} #${r.target_id}`,
        createdAt: r.created_at,
        createdText: formatAbsolute(r.created_at),
        before: pretty(r.before_json),
        after: pretty(r.after_json),
      })),
      prevHref: page > 1 ? `/staff/audit?page=${page - 1}` : null,
      nextHref: page < pageCount ? `/staff/audit?page=${page + 1}` : null,
      pageLabel: `Page ${page} of ${pageCount}`,
    });
  });
}
