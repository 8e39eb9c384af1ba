import type { FastifyReply, FastifyRequest } from 'fastify';
import { Forbidden, NotFound } from '../errors.js';
import { can, type Action } from './permissions.js';
import type { SessionUser } from './user.repository.js';

/** A same-site path to return to after sign-in; anything else (other hosts, //x) becomes /staff. */
export function safeNextPath(value: unknown): string {
  return typeof value === 'string' && /^\/(?![/\\])[\x21-\x7e]*$/.test(value) ? value : '/staff';
}

/** All that an account that must choose a new password may still do: see its account page, set the password, sign out. */
const MAY_BEFORE_NEW_PASSWORD = new Set(['GET /staff/account', 'HEAD /staff/account', 'POST /staff/account/password', 'POST /logout']);

/**
 * Whether a request's session is held at the new password: the first-start admin's one-time password was printed
 * on a terminal, so until it is replaced the session is no one's on every route but those above. The session
 * plugin asks this before it names the user, so no route (staff page, JSON, a reply from the post page, the
 * search's held comments) ever sees the account's role, and staffOnly sends the request to the account page.
 */
export function isHeldForNewPassword(user: SessionUser, request: Pick<FastifyRequest, 'method' | 'routeOptions'>): boolean {
  return user.must_change_password === 1 && !MAY_BEFORE_NEW_PASSWORD.has(`${request.method} ${request.routeOptions.url ?? ''}`);
}

/**
 * preHandler for staff routes: a reader asking for a staff page is sent to sign in, an account held at its new
 * password to its account page; any other request without a session is refused.
 */
export async function staffOnly(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (request.heldForNewPassword) {
    if (request.method === 'GET' || request.method === 'HEAD') {
      await reply.redirect('/staff/account', 303);
      return;
    }
    throw new Forbidden('Please choose a new password first, at /staff/account.');
  }
  if (request.user) return;
  if (request.method === 'GET' || request.method === 'HEAD') {
    await reply.redirect(`/login?next=${encodeURIComponent(request.url)}`, 303);
    return;
  }
  throw new Forbidden('Please sign in first.');
}

/** The signed-in user if their role allows the action; otherwise a 403. */
export function requirePermission(request: FastifyRequest, action: Action): SessionUser {
  const user = request.user;
  if (!user || !can(user, action)) throw new Forbidden('Your account is not allowed to do that.');
  return user;
}

/**
 * The post (or other item) when the user may work on it; otherwise one answer whether it exists or not,
 * so no one learns of posts they may not see: 403 for an author (who may only ever have their own), 404
 * for moderators and admins (a draft hidden from a moderator is as absent as a missing post).
 */
export function requireVisible<T>(user: SessionUser, item: T | undefined, allowed: (item: T) => boolean, missing = 'There is no such post.'): T {
  if (item !== undefined && allowed(item)) return item;
  if (user.role === 'author') throw new Forbidden('Your account is not allowed to do that.');
  throw new NotFound(missing);
}
