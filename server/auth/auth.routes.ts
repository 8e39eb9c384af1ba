import type { FastifyInstance, FastifyReply } from 'fastify';
import { rotateVisitorId } from '../plugins/security.js';
import { parseForm } from '../shared/form.js';
import { LOGIN_FORM_FIELDS, loginFormSchema } from './auth.forms.js';
import { LOGIN_WINDOW_MINUTES, signIn, type SignInResult } from './auth.service.js';
import { HashingBusy } from './hash-slots.js';
import { safeNextPath } from './guards.js';
import { deleteSession } from './session.repository.js';
import { clearSessionCookie, setSessionCookie } from './session.plugin.js';

// One message for a wrong password and an unknown address alike.
const INVALID_MESSAGE = 'That email and password do not match an account.';
/** What a refused sign-in's Retry-After says when too many passwords are being checked. */
const BUSY_RETRY_SECONDS = 5;
const THROTTLED_MESSAGE = `Too many failed sign-ins. Please wait ${LOGIN_WINDOW_MINUTES} minutes and try again.`;

function renderLogin(reply: FastifyReply, status: number, values: Record<string, string>, errors: Record<string, string>, message?: string, notice?: string) {
  reply.code(status);
  return reply.viewAsync('pages/login.hbs', {
    title: 'Sign in',
    form: { values: { email: values.email ?? '', next: safeNextPath(values.next) }, errors, message: message ?? null, notice: notice ?? null },
  });
}

export default async function authRoutes(app: FastifyInstance): Promise<void> {
  // GET /login : the sign-in form (already signed in: straight to the dashboard).
  app.get<{ Querystring: Record<string, unknown> }>('/login', async (request, reply) => {
    if (request.user) return reply.redirect(safeNextPath(request.query.next), 303);
    const notice = request.query.set === '1' ? 'Your password is set. Sign in with it.' : undefined;
    return renderLogin(reply, 200, { next: safeNextPath(request.query.next) }, {}, undefined, notice);
  });

  // POST /login : checks the password, opens a fresh session and returns to `next`; 422 or 429 re-render otherwise.
  app.post('/login', async (request, reply) => {
    const form = parseForm(loginFormSchema, request.body, LOGIN_FORM_FIELDS);
    if (!form.ok) return renderLogin(reply, 422, form.values, form.fields);
    const now = app.clock();
    let result: SignInResult;
    try {
      result = await signIn(
        app.db,
        { email: form.data.email, password: form.data.password, ip: request.ip, previousTokenHash: request.sessionTokenHash },
        { now, sessionTtlHours: app.config.sessionTtlHours, passwordHashCost: app.config.passwordHashCost },
      );
    } catch (err) {
      if (!(err instanceof HashingBusy)) throw err;
      reply.header('retry-after', String(BUSY_RETRY_SECONDS));
      return renderLogin(reply, 429, { email: form.data.email, next: form.data.next }, {}, err.message);
    }
    if (!result.ok) {
      const throttled = result.reason === 'throttled';
      const values = { email: form.data.email, next: form.data.next };
      return renderLogin(reply, throttled ? 429 : 422, values, throttled ? {} : { password: INVALID_MESSAGE }, throttled ? THROTTLED_MESSAGE : undefined);
    }
    setSessionCookie(request, reply, result.token, (result.expiresAt.getTime() - now.getTime()) / 1000);
    rotateVisitorId(request, reply);
    return reply.redirect(safeNextPath(form.data.next), 303);
  });

  // POST /logout : ends the session and forgets the cookie.
  app.post('/logout', async (request, reply) => {
    if (request.sessionTokenHash) await deleteSession(app.db, request.sessionTokenHash);
    clearSessionCookie(request, reply);
    rotateVisitorId(request, reply);
    return reply.redirect('/', 303);
  });
}
