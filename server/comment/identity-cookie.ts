import type { FastifyReply, FastifyRequest } from 'fastify';
import { EMAIL_MAX_BYTES, NAME_MAX_BYTES, URL_MAX_BYTES } from '../db/column-limits.js';
import { byteLength } from '../shared/form.js';
import { isHttps } from '../shared/https.js';

// "Remember my name, email and website": the three fields in a first-party cookie the server reads to prefill the
// comment form. Not signed: it holds only what its own browser typed, goes back only into that browser's form (escaped
// as any value), and a page that prints it is never cached (see renderPostPage).
const IDENTITY_COOKIE = 'rj_identity';
/** A year, as WordPress keeps its comment_author cookies. */
const IDENTITY_MAX_AGE_S = 365 * 24 * 3600;

/** What the form remembers. */
export interface RememberedIdentity {
  name: string;
  email: string;
  url: string;
}

const fits = (value: unknown, maxBytes: number): value is string => typeof value === 'string' && byteLength(value) <= maxBytes && !value.includes('\u0000');

/** The remembered fields, or null when there are none or the cookie does not read as them. */
export function readRememberedIdentity(request: FastifyRequest): RememberedIdentity | null {
  const raw = request.cookies[IDENTITY_COOKIE];
  if (typeof raw !== 'string' || raw === '') return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  const { n, e, u } = (parsed ?? {}) as Record<string, unknown>;
  if (!fits(n, NAME_MAX_BYTES) || !fits(e, EMAIL_MAX_BYTES) || !fits(u, URL_MAX_BYTES)) return null;
  return { name: n, email: e, url: u };
}

/** Remembers the fields a comment was posted with (ticked), or forgets them (unticked, when there were some). */
export function updateRememberedIdentity(request: FastifyRequest, reply: FastifyReply, identity: RememberedIdentity | null): void {
  if (identity === null) {
    if (request.cookies[IDENTITY_COOKIE] !== undefined) reply.clearCookie(IDENTITY_COOKIE, { path: '/' });
    return;
  }
  const value = Buffer.from(JSON.stringify({ n: identity.name, e: identity.email, u: identity.url })).toString('base64url');
  reply.setCookie(IDENTITY_COOKIE, value, { path: '/', httpOnly: true, sameSite: 'lax', secure: isHttps(request), maxAge: IDENTITY_MAX_AGE_S });
}
