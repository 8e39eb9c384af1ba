import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { isHttps } from '../shared/https.js';
import { AppError } from '../errors.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** 'manual': the route checks the CSRF token itself (to re-render its form with the text kept). */
    csrf?: 'manual';
  }
  interface FastifyRequest {
    visitorId: string | null;
  }
}

export const CSRF_FIELD = '_csrf';
/** Characters in every CSRF token: a SHA-256 HMAC in base64url. */
export const CSRF_TOKEN_CHARS = 43;
const VISITOR_COOKIE = 'rj_visitor';
const VISITOR_PATTERN = /^[A-Za-z0-9_-]{24}$/;
const VISITOR_MAX_AGE_S = 180 * 24 * 3600;
const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

const CSP_BASE = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'";
const SECURITY_HEADERS = {
  'content-security-policy': `${CSP_BASE}; frame-ancestors 'none'`,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'x-frame-options': 'DENY',
  // OWASP's HTTP Headers Cheat Sheet: no other origin shares this window, embeds these files or may
  // make them load its own; features the site never uses stay off; Adobe clients get no cross-domain policy.
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'cross-origin-embedder-policy': 'require-corp',
  'permissions-policy': 'accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()',
  'x-permitted-cross-domain-policies': 'none',
};
/** Two years, as OWASP recommends; sent only on HTTPS responses (a browser ignores it over HTTP anyway). */
const HSTS = 'max-age=63072000; includeSubDomains';
/** Staff pages and the sign-in form: answers for one person, which no shared or browser cache may keep. */
const PRIVATE_PATH = /^\/(staff|login)(?:[/?]|$)/;

/** A state-changing request without a valid CSRF token. */
export class CsrfRejected extends AppError {
  constructor() {
    super('This form has expired or did not come from this site. Go back, reload the page and try again.', 403, 'csrf');
  }
}

/** The token a visitor's forms carry: an HMAC of their visitor cookie (signed double-submit). Pure. */
export function csrfTokenFor(secret: string, visitorId: string): string {
  return createHmac('sha256', secret).update(`csrf:${visitorId}`).digest('base64url');
}

const VISITOR_ID_BYTES = 18;
const VISITOR_IDS_PER_DRAW = 512;
let randomPool = Buffer.alloc(0);
let poolOffset = 0;

/** A new visitor id from the CSPRNG, drawn in bulk (as Node's randomUUID does): a first visit is the common case. */
function newVisitorId(): string {
  if (poolOffset + VISITOR_ID_BYTES > randomPool.length) {
    randomPool = randomBytes(VISITOR_ID_BYTES * VISITOR_IDS_PER_DRAW);
    poolOffset = 0;
  }
  poolOffset += VISITOR_ID_BYTES;
  return randomPool.toString('base64url', poolOffset - VISITOR_ID_BYTES, poolOffset);
}

function setVisitor(request: FastifyRequest, reply: FastifyReply, id: string): string {
  request.visitorId = id;
  // Written out here: the cookie plugin's general serializer cost as much as the rest of a cached page view.
  // Fastify sends every set-cookie header given, and the plugin adds its own cookies beside this one.
  reply.header('set-cookie', `${VISITOR_COOKIE}=${id}; Max-Age=${VISITOR_MAX_AGE_S}; Path=/; HttpOnly; SameSite=Lax${isHttps(request) ? '; Secure' : ''}`);
  return id;
}

/** The visitor's id, giving them one (and its cookie) if they have none yet. */
export function ensureVisitorId(request: FastifyRequest, reply: FastifyReply): string {
  return request.visitorId ?? setVisitor(request, reply, newVisitorId());
}

/** Issues a new visitor id, so forms opened before a sign-in or sign-out stop working. */
export function rotateVisitorId(request: FastifyRequest, reply: FastifyReply): string {
  return setVisitor(request, reply, newVisitorId());
}

/** Whether a form body carries the token that matches the visitor cookie. */
export function hasValidCsrfToken(request: FastifyRequest, secret: string): boolean {
  const sent = (request.body as Record<string, unknown> | undefined)?.[CSRF_FIELD];
  if (typeof sent !== 'string' || request.visitorId === null) return false;
  const expected = Buffer.from(csrfTokenFor(secret, request.visitorId));
  const given = Buffer.from(sent);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** How long a framed page's form token stays good: a reader may leave the page open for a day. */
const EMBED_TOKEN_MAX_AGE_S = 24 * 3600;
const EMBED_TOKEN_TIME_CHARS = 8;

function embedSignature(secret: string, issued: string): string {
  return createHmac('sha256', secret)
    .update(`embed-csrf:${issued}`)
    .digest('base64url')
    .slice(0, CSRF_TOKEN_CHARS - EMBED_TOKEN_TIME_CHARS - 1);
}

/**
 * The form token of a page framed by another site, where the visitor cookie is a third-party cookie the
 * browser drops: its issue time, signed, as wide as a cookie token (the page cache's slots fit it).
 */
export function embedCsrfTokenFor(secret: string, now: Date): string {
  const issued = Math.floor(now.getTime() / 1000)
    .toString(36)
    .padStart(EMBED_TOKEN_TIME_CHARS, '0');
  // Every framed view within a second gets the same token: sign it once (the HMAC was a twentieth of a cached view).
  if (lastEmbedToken.secret !== secret || lastEmbedToken.issued !== issued)
    lastEmbedToken = { secret, issued, token: `${issued}.${embedSignature(secret, issued)}` };
  return lastEmbedToken.token;
}

let lastEmbedToken = { secret: '', issued: '', token: '' };

/**
 * Whether a framed form's POST is this site's own: the browser says the request is same-origin
 * (Sec-Fetch-Site, or an Origin equal to ours), which a page elsewhere cannot forge, and the body carries
 * a signed token younger than a day. This replaces the cookie-bound token only on the embed's form.
 */
export function isValidEmbedPost(request: FastifyRequest, secret: string, now: Date): boolean {
  const site = request.headers['sec-fetch-site'];
  const origin = request.headers.origin;
  const sameOrigin = site !== undefined ? site === 'same-origin' : origin === `${request.protocol}://${request.host}`;
  const sent = (request.body as Record<string, unknown> | undefined)?.[CSRF_FIELD];
  if (!sameOrigin || typeof sent !== 'string' || sent.length !== CSRF_TOKEN_CHARS) return false;
  const issued = sent.slice(0, EMBED_TOKEN_TIME_CHARS);
  const age = now.getTime() / 1000 - parseInt(issued, 36);
  if (!/^[0-9a-z]+$/.test(issued) || !(age >= -60 && age <= EMBED_TOKEN_MAX_AGE_S)) return false;
  const expected = Buffer.from(`${issued}.${embedSignature(secret, issued)}`);
  const given = Buffer.from(sent);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The body field a framed page's script fills with the reader's id, kept in the frame's own storage. */
export const FRAME_VISITOR_FIELD = 'visitor';

/**
 * The visitor id a framed form sends in its body, where a frame has no cookie to hold it: made by the
 * frame's script, kept in the frame's (partitioned) storage. Worth as much as the cookie, which a client
 * also chooses: a random name that keeps one reader's votes together, never a proof of who they are.
 */
export function frameVisitorOf(request: FastifyRequest): string | null {
  const sent = (request.body as Record<string, unknown> | undefined)?.[FRAME_VISITOR_FIELD];
  return typeof sent === 'string' && VISITOR_PATTERN.test(sent) ? sent : null;
}

/**
 * Lets the named origins frame this response (the embed's pages only); every other response keeps
 * frame-ancestors 'none' and X-Frame-Options DENY. With no origin allowed it stays unframable.
 */
export function allowFramingBy(reply: FastifyReply, origins: readonly string[]): void {
  if (origins.length === 0) return;
  reply.header('content-security-policy', `${CSP_BASE}; frame-ancestors ${origins.join(' ')}`);
  reply.removeHeader('x-frame-options');
}

async function securityPlugin(app: FastifyInstance): Promise<void> {
  app.decorateRequest('visitorId', null);
  app.addHook('onRequest', async (request, reply) => {
    reply.headers(SECURITY_HEADERS);
    if (isHttps(request)) reply.header('strict-transport-security', HSTS);
    // The session plugin ran first, so request.user is known: a signed-in view carries the staff bar.
    if (request.user !== null || PRIVATE_PATH.test(request.url)) reply.header('cache-control', 'no-store');
    const cookie = request.cookies[VISITOR_COOKIE];
    request.visitorId = typeof cookie === 'string' && VISITOR_PATTERN.test(cookie) ? cookie : null;
    // A getter: the visitor cookie is only issued when a page actually renders a form token.
    if (reply.locals) {
      Object.defineProperty(reply.locals, 'csrfToken', {
        enumerable: true,
        configurable: true,
        get: () => csrfTokenFor(app.config.secret, ensureVisitorId(request, reply)),
      });
    }
  });
  app.addHook('preHandler', async (request) => {
    if (!STATE_CHANGING.has(request.method) || request.routeOptions.config.csrf === 'manual') return;
    if (!hasValidCsrfToken(request, app.config.secret)) throw new CsrfRejected();
  });
}

export default fp(securityPlugin, { name: 'security', dependencies: ['context'] });
