import type { FastifyInstance } from 'fastify';
import { pingDatabase } from '../db/database.js';

/** A load balancer stops sending traffic long before this; a hung database must not hang the probe. */
export const HEALTH_TIMEOUT_MS = 2000;

async function withinDeadline(work: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  try {
    await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

export default async function healthRoutes(app: FastifyInstance): Promise<void> {
  // GET /healthz : 200 when this instance can query its database, 503 otherwise (for the load balancer).
  app.get('/healthz', async (request, reply) => {
    reply.header('cache-control', 'no-store');
    try {
      await withinDeadline(pingDatabase(app.db), HEALTH_TIMEOUT_MS);
      return { status: 'ok' };
    } catch (err) {
      request.log.warn({ err }, 'health check: database unavailable');
      return reply.code(503).send({ status: 'unavailable', reason: 'database' });
    }
  });
}
