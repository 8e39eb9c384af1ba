import type { FastifyRequest } from 'fastify';
import { isHttps } from './https.js';

/** A Host header worth echoing into a link: a host name or address and an optional port, nothing else. */
const HOST_HEADER = /^(?:[a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?|\[[0-9a-f:.]{2,45}\])(?::\d{1,5})?$/i;
const FALLBACK_HOST = 'localhost';

/**
 * The origin absolute links are made from (feeds, the sitemap, canonical and Open Graph links):
 * SITE_URL when it is set, else the request's own scheme and Host. Whatever a Host header holds beyond
 * a host and port is not echoed, and callers that cache key on the origin they get.
 */
export function siteOrigin(request: FastifyRequest, siteUrl: string | null): string {
  if (siteUrl !== null) return siteUrl;
  const host = request.headers.host ?? '';
  return `${isHttps(request) ? 'https' : 'http'}://${HOST_HEADER.test(host) ? host.toLowerCase() : FALLBACK_HOST}`;
}
