import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import fastifyView from '@fastify/view';
import fp from 'fastify-plugin';
import Handlebars from 'handlebars';

declare module 'fastify' {
  interface FastifyReply {
    /** Set by @fastify/view per request; merged into every template's context (user, CSRF token). */
    locals?: Record<string, unknown>;
  }
}

export const VIEWS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../views');
/** What a page says about itself when it says nothing more particular (post pages give their excerpt). */
const SITE_DESCRIPTION = 'Posts that start debates, and the readers who answer them.';

declare module 'fastify' {
  interface FastifyReply {
    /** viewAsync in the embed layout: a page for a frame on another site, without the site's header. */
    embedViewAsync: FastifyReply['viewAsync'];
  }
  interface FastifyInstance {
    /** Renders one partial of views/partials to a string, with the same helpers and partials as pages. */
    renderPartial(name: string, data: unknown): string;
  }
}

function partialsIn(dir: string): Record<string, string> {
  const partials: Record<string, string> = {};
  for (const file of fs.readdirSync(path.join(VIEWS_DIR, dir))) {
    if (file.endsWith('.hbs')) partials[file.slice(0, -4)] = `${dir}/${file}`;
  }
  return partials;
}

async function viewsPlugin(app: FastifyInstance): Promise<void> {
  const handlebars = Handlebars.create();
  const shared = {
    engine: { handlebars },
    root: VIEWS_DIR,
    // Compiled templates are kept: recompiling per request would dominate a long thread's render time.
    production: true,
    // The site's own name and tagline come per request (site-context.plugin.ts sets them in the reply's locals).
    defaultContext: { siteName: 'Rejoinder', description: SITE_DESCRIPTION },
    // preventIndent: Handlebars would otherwise indent every line a standalone partial prints,
    // including the lines of a textarea's value, changing the text a reader gets back.
    options: { partials: partialsIn('partials'), compileOptions: { preventIndent: true } },
  };
  await app.register(fastifyView, { ...shared, layout: 'layouts/main.hbs' });
  // The view plugin takes one layout per instance (none per render once one is set): the frame gets its own.
  await app.register(fastifyView, { ...shared, layout: 'layouts/embed.hbs', propertyName: 'embedView' });
  app.decorate('renderPartial', (name: string, data: unknown): string => {
    const partial = handlebars.partials[name] as unknown;
    if (typeof partial !== 'function') throw new Error(`No compiled partial named ${name}`);
    return (partial as (context: unknown) => string)(data);
  });
}

export default fp(viewsPlugin, { name: 'views' });
