// What every framed page needs before it renders: who may frame it, a form token that needs no cookie,
// and the layout's settings. The embed routes and the framed comment form both start here.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { allowFramingBy, embedCsrfTokenFor } from '../plugins/security.js';
import { currentEmbedSettings, embedSettingsVersion } from '../settings/embed-settings-cache.js';
import type { EmbedSettings } from '../settings/embed-settings.js';
import type { EmbedRender } from './post-page-render.js';

/** Sets up a reply as a framed page (framing allowed to exactly the listed origins) and returns the settings and the render's options. */
export async function prepareEmbedFrame(
  app: FastifyInstance,
  reply: FastifyReply,
  heldIds: number[],
): Promise<{ settings: EmbedSettings; embedded: EmbedRender }> {
  const settings = await currentEmbedSettings(app.db);
  allowFramingBy(reply, settings.origins);
  // The frame's forms carry a token of their own: the visitor cookie is a third-party cookie here, which browsers drop.
  if (reply.locals) {
    Object.defineProperty(reply.locals, 'csrfToken', { enumerable: true, configurable: true, value: embedCsrfTokenFor(app.config.secret, app.clock()) });
  }
  const version = embedSettingsVersion(settings);
  const layout = { themeHref: `/embed/theme.css?v=${version}`, allowedOrigins: settings.origins.join(' '), siteHref: '/' };
  return { settings, embedded: { heldIds, layout, key: version } };
}
