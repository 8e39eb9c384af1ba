import type { FastifyInstance } from 'fastify';
import { BadRequest } from '../errors.js';
import { defineStore } from '../page-cache/page-cache.js';
import { normalisePageUrl } from '../settings/embed-origins.js';
import type { EmbedSettings } from '../settings/embed-settings.js';
import { currentEmbedSettings, embedSettingsVersion } from '../settings/embed-settings-cache.js';
import { countCommentsForPages, stampPagesForCounts } from './external-page.repository.js';

/** Pages one count request may name: a long list page, well short of an unbounded IN list. */
export const MAX_COUNT_PAGES = 100;
/** Counts may be a minute old: a list page's figures, fetched by every visitor to it. */
const COUNTS_MAX_AGE_S = 60;

/**
 * A count answer kept for its exact query: the pages as sent with their normalised URLs, and the body with
 * the stamp of the threads it counted. Every visitor of a list page sends the same query; a hit costs one
 * indexed read of the stamp instead of 50 URL parses and a count over the pages' comments.
 */
interface CachedCounts {
  pages: [sent: string, url: string][];
  stamp: string;
  body: string;
  bytes: number;
}

const COUNTS = defineStore<CachedCounts>('counts');

/** The pages of allowed origins among those sent, each with its normalised URL. */
function allowedPages(sent: readonly string[], settings: EmbedSettings): [string, string][] {
  const pages = new Map<string, string>();
  for (const page of sent) {
    const n = normalisePageUrl(page, settings.keepQuery);
    if (n.ok && settings.origins.includes(n.value.origin)) pages.set(page, n.value.url);
  }
  return [...pages];
}

export default async function countsRoutes(app: FastifyInstance): Promise<void> {
  // GET /api/counts?page=URL&page=URL : approved comments per page of the allowed sites, keyed by the URLs as sent; CORS for those sites only.
  app.get<{ Querystring: Record<string, unknown> }>('/api/counts', async (request, reply) => {
    const raw = request.query.page;
    const sent = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter((p): p is string => typeof p === 'string');
    if (sent.length > MAX_COUNT_PAGES) throw new BadRequest(`At most ${MAX_COUNT_PAGES} pages per request.`);
    const settings = await currentEmbedSettings(app.db);
    const origin = request.headers.origin;
    reply.header('vary', 'Origin').header('content-type', 'application/json; charset=utf-8').header('cache-control', `public, max-age=${COUNTS_MAX_AGE_S}`);
    if (origin !== undefined && settings.origins.includes(origin)) reply.header('access-control-allow-origin', origin);

    const store = app.pageCache.store(COUNTS);
    const key = `${embedSettingsVersion(settings)}|${settings.keepQuery}|${request.url}`;
    const kept = store.get(key);
    const pages = kept?.pages ?? allowedPages(sent, settings);
    const urls = [...new Set(pages.map(([, url]) => url))];
    // Read before the counts: a comment landing in between leaves an older stamp, which the next request redoes.
    const stamp = await stampPagesForCounts(app.db, urls);
    if (kept && kept.stamp === stamp) return reply.send(kept.body);
    const counts = await countCommentsForPages(app.db, urls);
    const body = JSON.stringify({ counts: Object.fromEntries(pages.map(([page, url]) => [page, counts.get(url) ?? 0])) });
    store.set(key, { pages, stamp, body, bytes: body.length + request.url.length * 2 });
    return reply.send(body);
  });
}
