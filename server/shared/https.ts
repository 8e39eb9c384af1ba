import type { FastifyRequest } from 'fastify';

/**
 * Whether the request came over HTTPS: directly, or through a trusted proxy that says so in
 * X-Forwarded-Proto (Fastify believes it only from TRUST_PROXY). Cookies get Secure, responses HSTS.
 */
export function isHttps(request: FastifyRequest): boolean {
  return request.protocol === 'https';
}
