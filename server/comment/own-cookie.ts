import type { FastifyReply, FastifyRequest } from 'fastify';
import { isHttps } from '../shared/https.js';

// The comments this browser wrote lately, in a signed cookie (as held-cookie.ts does for held ones): its writer may
// edit or delete a comment for a while, and nobody else's browser carries its id. Each entry holds its post and the
// time it was posted, so a page is rendered for its writer only while one of their comments on it can still change.
const OWN_COOKIE = 'rj_own';
const MAX_OWN_COMMENTS = 10;

/** A comment this browser wrote: on which post, and when (seconds since the epoch). */
export interface OwnComment {
  postId: number;
  id: number;
  postedAt: number;
}

const ENTRY = /^(\d{1,10})-(\d{1,10})-(\d{1,12})$/;

/** The comments this browser wrote that its cookie lists (a forged or tampered cookie gives none). */
export function readOwnComments(request: FastifyRequest): OwnComment[] {
  const raw = request.cookies[OWN_COOKIE];
  if (typeof raw !== 'string') return [];
  const unsigned = request.unsignCookie(raw);
  if (!unsigned.valid || unsigned.value === null) return [];
  return unsigned.value.split('.').flatMap((part) => {
    const match = ENTRY.exec(part);
    return match ? [{ postId: Number(match[1]), id: Number(match[2]), postedAt: Number(match[3]) }] : [];
  });
}

/**
 * Adds a comment to this browser's list, dropping entries older than `windowS` (they can no longer change) and
 * keeping the newest MAX_OWN_COMMENTS. The cookie lives as long as the longest edit window, `windowS`.
 */
export function rememberOwnComment(request: FastifyRequest, reply: FastifyReply, entry: OwnComment, windowS: number): void {
  const kept = readOwnComments(request).filter((c) => c.id !== entry.id && c.postedAt > entry.postedAt - windowS);
  const list = [...kept, entry].slice(-MAX_OWN_COMMENTS);
  const value = list.map((c) => `${c.postId}-${c.id}-${c.postedAt}`).join('.');
  reply.setCookie(OWN_COOKIE, value, { signed: true, path: '/', httpOnly: true, sameSite: 'lax', secure: isHttps(request), maxAge: windowS });
}

/** Whether this browser wrote the comment. */
export function isOwnComment(request: FastifyRequest, id: number): boolean {
  return readOwnComments(request).some((c) => c.id === id);
}

/** The ids of this browser's comments on a post posted less than `windowS` before `nowS`. Pure. */
export function recentOwnIds(own: readonly OwnComment[], postId: number, nowS: number, windowS: number): number[] {
  return own.filter((c) => c.postId === postId && c.postedAt > nowS - windowS).map((c) => c.id);
}
