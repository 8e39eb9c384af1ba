import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { isHttps } from '../shared/https.js';
import { findSessionUser } from './session.repository.js';
import { SESSION_COOKIE, hashSessionToken, isSessionTokenShape } from './session-token.js';
import { isHeldForNewPassword } from './guards.js';
import { staffLinksFor } from './staff-links.js';
import type { SessionUser } from './user.repository.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in staff member, or null for a reader. */
    user: SessionUser | null;
    /** Hash of the session id the browser sent, when it named a live session. */
    sessionTokenHash: string | null;
    /** The session is live but must choose a new password first (request.user stays null on this route). */
    heldForNewPassword: boolean;
  }
}

/**
 * Sets the session cookie: HttpOnly, SameSite=Lax, Secure over HTTPS, living as long as the session.
 * Max-Age rather than Expires: the browser counts the lifetime on its own clock, so a client whose calendar
 * differs from the server's (or from a test's injected clock) neither drops a live session nor keeps a dead
 * one past its length. The server still ends the session at expires_at, on its own clock.
 */
export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string, lifetimeSeconds: number): void {
  const maxAge = Math.max(0, Math.floor(lifetimeSeconds));
  reply.setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure: isHttps(request), maxAge });
}

/** Clears the session cookie. */
export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure: isHttps(request) });
}

async function sessionPlugin(app: FastifyInstance): Promise<void> {
  app.decorateRequest('user', null);
  app.decorateRequest('sessionTokenHash', null);
  app.decorateRequest('heldForNewPassword', false);
  app.addHook('onRequest', async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    if (isSessionTokenShape(token)) {
      const tokenHash = hashSessionToken(token);
      const user = await findSessionUser(app.db, tokenHash, app.clock().toISOString());
      if (user) {
        request.sessionTokenHash = tokenHash;
        if (isHeldForNewPassword(user, request)) request.heldForNewPassword = true;
        else request.user = user;
      }
    }
    // A held session renders as a reader's (pages it sees may be cached for everyone), so it has no staff bar here.
    if (reply.locals) {
      reply.locals.currentUser = request.user;
      reply.locals.staffLinks = staffLinksFor(request.user);
    }
  });
}

export default fp(sessionPlugin, { name: 'session', dependencies: ['context'] });
