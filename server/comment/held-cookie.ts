import type { FastifyReply, FastifyRequest } from 'fastify';
import { isHttps } from '../shared/https.js';

// A commenter sees their own held comments through this signed cookie listing their ids;
// nobody else's browser carries those ids, so nobody else sees them.
const HELD_COOKIE = 'rj_held';
const MAX_HELD_IDS = 20;
const HELD_MAX_AGE_S = 30 * 24 * 3600;

/** The held comment ids this browser may see (a forged or tampered cookie gives none). */
export function readHeldIds(request: FastifyRequest): number[] {
  const raw = request.cookies[HELD_COOKIE];
  if (typeof raw !== 'string') return [];
  const unsigned = request.unsignCookie(raw);
  if (!unsigned.valid || unsigned.value === null) return [];
  return unsigned.value
    .split('.')
    .filter((part) => /^\d{1,10}$/.test(part))
    .map(Number)
    .slice(-MAX_HELD_IDS);
}

/** Adds a held comment to this browser's list (keeping the newest MAX_HELD_IDS). */
export function rememberHeldId(request: FastifyRequest, reply: FastifyReply, id: number): void {
  const ids = [...readHeldIds(request).filter((x) => x !== id), id].slice(-MAX_HELD_IDS);
  reply.setCookie(HELD_COOKIE, ids.join('.'), { signed: true, path: '/', httpOnly: true, sameSite: 'lax', secure: isHttps(request), maxAge: HELD_MAX_AGE_S });
}
