import type { FastifyInstance } from 'fastify';
import { BadRequest } from '../errors.js';
import { normalisePageUrl } from '../settings/embed-origins.js';
import { ByteBudgetCache } from '../page-cache/byte-budget-cache.js';
import { currentEmbedSettings, embedSettingsVersion } from '../settings/embed-settings-cache.js';
import type { EmbedSettings } from '../settings/embed-settings.js';
import { countCommentsForPages } from './external-page.repository.js';

/** Pages one count request may name: a long list page, well short of an unbounded IN list. */
export const MAX_COUNT_PAGES = 100;
/** Counts may be a minute old: a list page's figures, fetched by every visitor to it. */
const COUNTS_MAX_AGE_S = 60;
/**
 * Each answer is also kept here for a few seconds: every visitor of a list page asks the same question, and
 * answering it costs 50 URL parses and a grouped query (about ten times the fixed route). A count that lags a new
 * comment by this much is well inside the minute that the answer's Cache-Control already allows browsers.
 */
const COUNTS_FRESH_MS = 10_000;
const COUNTS_CACHE_BYTES = 2 * 1024 * 1024;

type CountsAnswer = { json: string; bytes: number; expiresAt: number };

export default async function countsRoutes(app: FastifyInstance): Promise<void> {
  const answers = new ByteBudgetCache<CountsAnswer>(COUNTS_CACHE_BYTES, () => app.clock().getTime());

  async function countPages(key: string, pages: string[], settings: EmbedSettings): Promise<CountsAnswer> {
    const normal = new Map<string, string>();
    for (const page of pages) {
      const n = normalisePageUrl(page, settings.keepQuery);
      if (n.ok && settings.origins.includes(n.value.origin)) normal.set(page, n.value.url);
    }
    const counts = await countCommentsForPages(app.db, [...new Set(normal.values())]);
    const body: Record<string, number> = {};
    for (const [page, url] of normal) body[page] = counts.get(url) ?? 0;
    const json = JSON.stringify({ counts: body });
    // Both strings stay in memory, the key (up to 100 addresses) as much as the answer.
    return { json, bytes: (key.length + json.length) * 2, expiresAt: app.clock().getTime() + COUNTS_FRESH_MS };
  }

  // GET /api/counts?page=URL&page=URL : approved comments per page of the allowed sites, keyed by the URLs as sent; CORS for those sites only.
  app.get<{ Querystring: Record<string, unknown> }>('/api/counts', async (request, reply) => {
    const raw = request.query.page;
    const pages = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter((p): p is string => typeof p === 'string');
    if (pages.length > MAX_COUNT_PAGES) throw new BadRequest(`At most ${MAX_COUNT_PAGES} pages per request.`);
    const settings = await currentEmbedSettings(app.db);
    const origin = request.headers.origin;
    reply.header('vary', 'Origin');
    if (origin !== undefined && settings.origins.includes(origin)) reply.header('access-control-allow-origin', origin);
    // The answer depends on the pages asked for, in order, and on the settings; not on who asks.
    const key = `${embedSettingsVersion(settings)} ${JSON.stringify(pages)}`;
    const answer = await answers.getOrRender(key, () => countPages(key, pages, settings));
    return reply.header('cache-control', `public, max-age=${COUNTS_MAX_AGE_S}`).type('application/json; charset=utf-8').send(answer.json);
  });
}
