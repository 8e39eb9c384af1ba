import type { FastifyInstance } from 'fastify';
import { BadRequest } from '../errors.js';
import { normalisePageUrl } from '../settings/embed-origins.js';
import { currentEmbedSettings } from '../settings/embed-settings-cache.js';
import { countCommentsForPages } from './external-page.repository.js';

/** Pages one count request may name: a long list page, well short of an unbounded IN list. */
export const MAX_COUNT_PAGES = 100;
/** Counts may be a minute old: a list page's figures, fetched by every visitor to it. */
const COUNTS_MAX_AGE_S = 60;

export default async function countsRoutes(app: FastifyInstance): Promise<void> {
  // GET /api/counts?page=URL&page=URL : approved comments per page of the allowed sites, keyed by the URLs as sent; CORS for those sites only.
  app.get<{ Querystring: Record<string, unknown> }>('/api/counts', async (request, reply) => {
    const raw = request.query.page;
    const pages = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter((p): p is string => typeof p === 'string');
    if (pages.length > MAX_COUNT_PAGES) throw new BadRequest(`At most ${MAX_COUNT_PAGES} pages per request.`);
    const settings = await currentEmbedSettings(app.db);
    const origin = request.headers.origin;
    reply.header('vary', 'Origin');
    if (origin !== undefined && settings.origins.includes(origin)) reply.header('access-control-allow-origin', origin);
    const normal = new Map<string, string>();
    for (const page of pages) {
      const n = normalisePageUrl(page, settings.keepQuery);
      if (n.ok && settings.origins.includes(n.value.origin)) normal.set(page, n.value.url);
    }
    const counts = await countCommentsForPages(app.db, [...new Set(normal.values())]);
    const body: Record<string, number> = {};
    for (const [page, url] of normal) body[page] = counts.get(url) ?? 0;
    return reply.header('cache-control', `public, max-age=${COUNTS_MAX_AGE_S}`).send({ counts: body });
  });
}
