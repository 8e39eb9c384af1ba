import type { FastifyInstance } from 'fastify';
import { requirePermission, staffOnly } from '../auth/guards.js';
import { countAuditEntries, listAuditChoices, listAuditEntries } from '../audit/audit.repository.js';
import { buildAuditPage, readAuditFilter } from './audit-page.js';

const AUDIT_PAGE_SIZE = 100;

export default async function auditRoutes(app: FastifyInstance): Promise<void> {
  app.addHook('preHandler', staffOnly);

  // GET /staff/audit : every staff action, newest first (admins only), filtered by ?user, ?action, ?from, ?to (days).
  // A bad filter value comes back as the page with the field marked.
  app.get<{ Querystring: Record<string, unknown> }>('/staff/audit', async (request, reply) => {
    requirePermission(request, 'audit:read');
    const { filter, typed, errors, page } = readAuditFilter(request.query, request.site.time);
    const [rows, total, choices] = await Promise.all([
      listAuditEntries(app.db, filter, AUDIT_PAGE_SIZE, (page - 1) * AUDIT_PAGE_SIZE),
      countAuditEntries(app.db, filter),
      listAuditChoices(app.db),
    ]);
    reply.code(Object.keys(errors).length > 0 ? 422 : 200);
    return reply.viewAsync('pages/staff/audit.hbs', {
      title: 'Audit log',
      audit: buildAuditPage({ time: request.site.time, rows, total, page, perPage: AUDIT_PAGE_SIZE, typed, errors, choices }),
    });
  });
}
