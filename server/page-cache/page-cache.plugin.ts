import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { PageCache } from './page-cache.js';

/** Gives the app its page caches (`app.pageCache`), each store with the byte budget THREAD_CACHE_MB. */
async function pageCachePlugin(app: FastifyInstance): Promise<void> {
  app.decorate('pageCache', new PageCache(app.config.threadCacheMb * 1024 * 1024, () => app.clock().getTime()));
}

export default fp(pageCachePlugin, { name: 'page-cache', dependencies: ['context'] });
