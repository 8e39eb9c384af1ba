// GET /metrics in Prometheus' text format, off unless METRICS_TOKEN (a bearer token on the app's own port) or
// METRICS_PORT (a listener of its own, for a scraper on a private network) is set: the figures describe traffic
// and should not be public.
import crypto from 'node:crypto';
import http from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { collectDefaultMetrics } from 'prom-client';
import type { Config } from '../config.js';
import { httpRequests, httpRequestSeconds, metricsRegistry, reportPageCachesFrom } from '../shared/metrics.js';

let defaultMetricsOn = false;

/** Event-loop lag, heap, resident memory and the like (prom-client's own set), started once per process. */
function startDefaultMetrics(): void {
  if (defaultMetricsOn) return;
  defaultMetricsOn = true;
  collectDefaultMetrics({ register: metricsRegistry });
}

function isEnabled(config: Config): boolean {
  return config.metricsToken !== '' || config.metricsPort > 0;
}

function hasToken(request: FastifyRequest, token: string): boolean {
  const given = Buffer.from(request.headers.authorization ?? '');
  const expected = Buffer.from(`Bearer ${token}`);
  return given.length === expected.length && crypto.timingSafeEqual(given, expected);
}

async function metricsPlugin(app: FastifyInstance): Promise<void> {
  if (!isEnabled(app.config)) return;
  startDefaultMetrics();
  reportPageCachesFrom(() => app.pageCache.stats());
  app.addHook('onResponse', async (request: FastifyRequest, reply: FastifyReply) => {
    const route = request.routeOptions.url ?? '(no route)';
    httpRequests.inc({ route, method: request.method, status: reply.statusCode });
    httpRequestSeconds.observe({ route, method: request.method }, reply.elapsedTime / 1000);
  });
  const token = app.config.metricsToken;
  if (token === '') return;
  // GET /metrics : the Prometheus scrape, for the bearer of METRICS_TOKEN only.
  app.get('/metrics', async (request, reply) => {
    reply.header('cache-control', 'no-store');
    if (!hasToken(request, token)) return reply.code(401).header('www-authenticate', 'Bearer').type('text/plain').send('METRICS_TOKEN required\n');
    return reply.type(metricsRegistry.contentType).send(await metricsRegistry.metrics());
  });
}

export default fp(metricsPlugin, { name: 'metrics', dependencies: ['context', 'page-cache'] });

/** With METRICS_PORT set, a bare listener that answers the scrape (any path) on that port; null otherwise. */
export async function startMetricsListener(config: Config): Promise<{ close: () => Promise<void> } | null> {
  if (config.metricsPort === 0) return null;
  const server = http.createServer((_request, response) => {
    metricsRegistry.metrics().then(
      (text) => response.writeHead(200, { 'content-type': metricsRegistry.contentType }).end(text),
      () => response.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(config.metricsPort, config.host, resolve));
  return { close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
