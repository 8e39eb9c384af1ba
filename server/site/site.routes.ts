// What crawlers and browsers ask a site for besides its pages: robots.txt, sitemap.xml, favicon.ico.
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { readPublishedStamp } from '../feed/feed.repository.js';
import { sendCachedDocument } from '../page-cache/document-sender.js';
import { STATIC_DIR } from '../plugins/static.js';
import { siteOrigin } from '../shared/site-url.js';
import { renderRobotsTxt, renderSitemap } from './site-files.js';
import { listSitemapPosts } from './site.repository.js';

const ONE_DAY_SECONDS = 86_400;
const FAVICON = fs.readFileSync(path.join(STATIC_DIR, 'img/favicon.svg'));

export default async function siteRoutes(app: FastifyInstance): Promise<void> {
  // GET /robots.txt : what crawlers may read, and where the sitemap is.
  app.get('/robots.txt', async (request, reply) => {
    return reply
      .type('text/plain; charset=utf-8')
      .header('cache-control', `public, max-age=${ONE_DAY_SECONDS}`)
      .send(renderRobotsTxt(siteOrigin(request, app.config.siteUrl)));
  });

  // GET /sitemap.xml : the front page and every published post, revalidated like the feeds.
  app.get('/sitemap.xml', async (request, reply) => {
    const origin = siteOrigin(request, app.config.siteUrl);
    const key = `sitemap|${origin}|${await readPublishedStamp(app.db)}`;
    return sendCachedDocument(reply, key, 'application/xml; charset=utf-8', async () => renderSitemap(origin, await listSitemapPosts(app.db)));
  });

  // GET /favicon.ico : the site's icon (SVG, which browsers take at this address too) for those that ask here first.
  app.get('/favicon.ico', async (_request, reply) => {
    return reply.type('image/svg+xml').header('cache-control', `public, max-age=${ONE_DAY_SECONDS}`).send(FAVICON);
  });
}
