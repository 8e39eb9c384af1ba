// Each person's own account: their name, email and password (the current password required for each), and the
// one-time set-password links of invitations and resets, which work without signing in.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import {
  PASSWORD_FORM_FIELDS,
  passwordFormSchema,
  PROFILE_FORM_FIELDS,
  profileFormSchema,
  SET_PASSWORD_FORM_FIELDS,
  setPasswordFormSchema,
} from '../auth/auth.forms.js';
import { staffOnly } from '../auth/guards.js';
import { isSessionTokenShape } from '../auth/session-token.js';
import type { SessionUser } from '../auth/user.repository.js';
import { NotFound } from '../errors.js';
import { parseForm } from '../shared/form.js';
import { changeOwnPassword, changeOwnProfile, FieldProblem, findLinkUser, setPasswordByLink } from './users.service.js';

const EXPIRED_LINK = 'This link has expired or has been used already. Ask an admin for a new one.';

interface AccountForms {
  profile?: { values: Record<string, string>; errors: Record<string, string> };
  password?: { values: Record<string, string>; errors: Record<string, string> };
  saved?: string | null;
}

function renderAccount(reply: FastifyReply, user: SessionUser, forms: AccountForms = {}, status = 200) {
  reply.code(status);
  const profile = forms.profile ?? { values: { name: user.name, email: user.email }, errors: {} };
  const password = forms.password ?? { values: {}, errors: {} };
  return reply.viewAsync('pages/staff/account.hbs', {
    title: 'Your account',
    mustChange: user.must_change_password === 1,
    role: user.role,
    // Passwords are never printed back, even after a 422.
    profile: {
      values: { name: profile.values.name ?? '', email: profile.values.email ?? '' },
      errors: profile.errors,
      hasErrors: Object.keys(profile.errors).length > 0,
    },
    password: { errors: password.errors, hasErrors: Object.keys(password.errors).length > 0 },
    saved: forms.saved ?? null,
  });
}

const tokenParam = z.object({ token: z.string().refine(isSessionTokenShape) });

/** The link's token when it has the right shape; otherwise the same answer as a spent link. */
function linkToken(params: unknown): string {
  const parsed = tokenParam.safeParse(params);
  if (!parsed.success) throw new NotFound(EXPIRED_LINK);
  return parsed.data.token;
}

export default async function accountRoutes(app: FastifyInstance): Promise<void> {
  // GET /staff/account : one's own name, email and password.
  app.get<{ Querystring: Record<string, unknown> }>('/staff/account', { preHandler: staffOnly }, async (request, reply) => {
    const saved = request.query.saved === 'profile' ? 'Saved your name and email.' : request.query.saved === 'password' ? 'Changed your password.' : null;
    return renderAccount(reply, request.user!, { saved });
  });

  // POST /staff/account : changes one's own name and email (current password required; logged); 422 keeps what was typed.
  app.post('/staff/account', { preHandler: staffOnly }, async (request, reply) => {
    const user = request.user!;
    const form = parseForm(profileFormSchema, request.body, PROFILE_FORM_FIELDS);
    if (!form.ok) return renderAccount(reply, user, { profile: { values: form.values, errors: form.fields } }, 422);
    try {
      await changeOwnProfile(app.db, user, form.data, app.clock());
    } catch (err) {
      if (!(err instanceof FieldProblem)) throw err;
      return renderAccount(reply, user, { profile: { values: { ...form.data }, errors: { [err.field]: err.message } } }, 422);
    }
    return reply.redirect('/staff/account?saved=profile', 303);
  });

  // POST /staff/account/password : changes one's own password (current one required; one's other sessions end; logged).
  app.post('/staff/account/password', { preHandler: staffOnly }, async (request, reply) => {
    const user = request.user!;
    const form = parseForm(passwordFormSchema, request.body, PASSWORD_FORM_FIELDS);
    if (!form.ok) return renderAccount(reply, user, { password: { values: {}, errors: form.fields } }, 422);
    try {
      await changeOwnPassword(app.db, user, request.sessionTokenHash, form.data, app.clock(), app.config.passwordHashCost);
    } catch (err) {
      if (!(err instanceof FieldProblem)) throw err;
      return renderAccount(reply, user, { password: { values: {}, errors: { [err.field]: err.message } } }, 422);
    }
    return reply.redirect('/staff/account?saved=password', 303);
  });

  // GET /password/:token : the form of a one-time set-password link (an invitation or a reset).
  app.get<{ Params: { token: string } }>('/password/:token', async (request, reply) => {
    const token = linkToken(request.params);
    const user = await findLinkUser(app.db, token, app.clock());
    if (!user) throw new NotFound(EXPIRED_LINK);
    // The token is in the address: no other site learns it from a link followed out of this page.
    reply.header('referrer-policy', 'no-referrer');
    return reply.viewAsync('pages/set-password.hbs', {
      title: 'Choose a password',
      account: { name: user.name, email: user.email },
      action: `/password/${token}`,
      errors: {},
    });
  });

  // POST /password/:token : sets the password and spends the link (logged), then 303 to sign in; 422 on a bad password.
  app.post<{ Params: { token: string } }>('/password/:token', async (request, reply) => {
    const token = linkToken(request.params);
    const user = await findLinkUser(app.db, token, app.clock());
    if (!user) throw new NotFound(EXPIRED_LINK);
    reply.header('referrer-policy', 'no-referrer');
    const form = parseForm(setPasswordFormSchema, request.body, SET_PASSWORD_FORM_FIELDS);
    if (!form.ok) {
      reply.code(422);
      return reply.viewAsync('pages/set-password.hbs', {
        title: 'Choose a password',
        account: { name: user.name, email: user.email },
        action: `/password/${token}`,
        errors: form.fields,
        hasErrors: true,
      });
    }
    const set = await setPasswordByLink(app.db, token, form.data.newPassword, app.clock(), app.config.passwordHashCost);
    if (!set) throw new NotFound(EXPIRED_LINK);
    return reply.redirect('/login?set=1', 303);
  });
}
