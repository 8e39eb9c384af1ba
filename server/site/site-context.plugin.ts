// Gives every request the site's settings (request.site): its name and tagline for the layout, and the time
// format every page, mail and staff table prints times with. Loaded once per few seconds, not per request.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { currentSite } from '../settings/site-settings-cache.js';
import type { Site } from '../settings/site-settings.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The site's name, tagline and time format, as they were when the request came in. */
    site: Site;
  }
}

async function siteContextPlugin(app: FastifyInstance): Promise<void> {
  // Set by the hook below before any route runs; null only for the instant before it.
  app.decorateRequest('site', null as unknown as Site);
  app.addHook('onRequest', async (request, reply) => {
    const site = await currentSite(app.db, app.config.siteTimeZone);
    request.site = site;
    if (reply.locals) {
      reply.locals.siteName = site.settings.siteName;
      reply.locals.tagline = site.settings.tagline;
    }
  });
}

export default fp(siteContextPlugin, { name: 'site-context', dependencies: ['context', 'views'] });
