import type { FastifyInstance } from 'fastify';

/** The benchmark's yardstick: the cheapest page this server can send, of a real page's size. */
export default async function fixedRoutes(app: FastifyInstance): Promise<void> {
  const size = app.config.benchFixedBytes;
  const html = `<!doctype html><title>fixed</title><p>${'x'.repeat(Math.max(0, size - 35))}</p>`;
  // GET /bench/fixed : a constant HTML string (only when BENCH_FIXED_BYTES is set).
  app.get('/bench/fixed', async (_request, reply) => reply.type('text/html; charset=utf-8').send(html));
}
