import fs from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { isPostgresUrl, pingDatabase, sqlitePathFromUrl } from '../db/database.js';
import { pingClassifierThread } from '../stance/classifier-thread.js';

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

/** Free megabytes on the file system of the SQLite file's folder; null on PostgreSQL, whose disk is not this machine's. */
async function freeDiskMb(databaseUrl: string): Promise<number | null> {
  if (isPostgresUrl(databaseUrl)) return null;
  const file = sqlitePathFromUrl(databaseUrl);
  if (file === ':memory:') return null;
  const stats = await fs.statfs(path.dirname(path.resolve(file)));
  return Math.floor((stats.bavail * stats.bsize) / 1048576);
}

export default async function healthRoutes(app: FastifyInstance): Promise<void> {
  // GET /healthz : 200 when this instance can query its database, its classifier thread answers and its data folder
  // has room ("degraded" when it has not); 503 naming what failed otherwise (for the load balancer and the supervisor).
  app.get('/healthz', async (request, reply) => {
    reply.header('cache-control', 'no-store');
    try {
      await withinDeadline(pingDatabase(app.db), HEALTH_TIMEOUT_MS);
    } catch (err) {
      request.log.warn({ err }, 'health check: database unavailable');
      return reply.code(503).send({ status: 'unavailable', reason: 'database' });
    }
    try {
      await withinDeadline(pingClassifierThread(), HEALTH_TIMEOUT_MS);
    } catch (err) {
      request.log.warn({ err }, 'health check: classifier thread unavailable');
      return reply.code(503).send({ status: 'unavailable', reason: 'classifier' });
    }
    // A full disk refuses comments (507) but pages are still served: the instance stays in rotation, and says so.
    const freeMb = await freeDiskMb(app.config.databaseUrl);
    const disk = freeMb === null ? 'not local' : freeMb < app.config.minFreeDiskMb ? 'low' : 'ok';
    if (disk === 'low') request.log.warn({ freeMb }, 'health check: the data folder is nearly full');
    return { status: disk === 'low' ? 'degraded' : 'ok', database: 'ok', classifier: 'ok', disk, disk_free_mb: freeMb };
  });
}
