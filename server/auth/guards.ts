import type { FastifyReply, FastifyRequest } from 'fastify';
import { Forbidden } from '../errors.js';
import { can, type Action } from './permissions.js';
import type { SessionUser } from './user.repository.js';

/** A same-site path to return to after sign-in; anything else (other hosts, //x) becomes /staff. */
export function safeNextPath(value: unknown): string {
  return typeof value === 'string' && /^\/(?![/\\])[\x21-\x7e]*$/.test(value) ? value : '/staff';
}

/**
 * preHandler for staff routes: a reader asking for a staff page is sent to sign in;
 * any other request without a session is refused.
 */
export async function staffOnly(request: FastifyRequest, reply: FastifyReply): Promise<void> {
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
