import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isHttps } from '../shared/https.js';

// A commenter sees their own held comments through this signed cookie listing their ids;
// nobody else's browser carries those ids, so nobody else sees them.
const HELD_COOKIE = 'rj_held';
const MAX_HELD_IDS = 20;
const HELD_MAX_AGE_S = 30 * 24 * 3600;
/** 128 bits of HMAC: enough that nobody guesses another's held comment into view. */
const HELD_SIGNATURE_CHARS = 22;

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

/**
 * A held comment's id signed for a URL (`?held=`): a frame on another site gets no cookies, so the 303
 * after posting carries it, and only the author's frame, which followed that 303, shows it. Pure.
 */
export function signHeldParam(secret: string, postId: number, id: number): string {
  return `${id}.${createHmac('sha256', secret).update(`held:${postId}:${id}`).digest('base64url').slice(0, HELD_SIGNATURE_CHARS)}`;
}

/** The held ids a `?held=` value proves (one, or none when forged or for another post). Pure. */
export function readHeldParam(secret: string, postId: number, value: unknown): number[] {
  if (typeof value !== 'string') return [];
  const match = /^(\d{1,10})\.[A-Za-z0-9_-]+$/.exec(value);
  if (!match) return [];
  const id = Number(match[1]);
  const expected = Buffer.from(signHeldParam(secret, postId, id));
  const given = Buffer.from(value);
  return given.length === expected.length && timingSafeEqual(given, expected) ? [id] : [];
}
