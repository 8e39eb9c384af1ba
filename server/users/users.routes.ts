// The users folder: admins managing staff accounts (the users page: invitations, roles, disabling, removing),
// and each person's own account (account.routes.ts). Sign-in and sessions live in auth/.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { withWriteTransaction } from '../db/database.js';
import { Conflict, Forbidden, NotFound } from '../errors.js';
import { insertAuditEntries } from '../audit/audit.repository.js';
import { parseForm } from '../shared/form.js';
import { parseId } from '../shared/params.js';
import { siteOrigin } from '../shared/site-url.js';
import { INVITE_FORM_FIELDS, inviteFormSchema, ROLE_FORM_FIELDS, roleFormSchema } from '../auth/auth.forms.js';
import { requirePermission, staffOnly } from '../auth/guards.js';
import { ROLES } from '../auth/roles.js';
import { findUserById, listUsers, lockAdminIds, updateUserRole, type StaffAccount } from '../auth/user.repository.js';
import { FieldProblem, inviteUser, issueResetLink, removeAccount, setAccountDisabled, type PasswordLink } from './users.service.js';

interface UsersPageState {
  status?: number;
  /** A role form's message, by user id. */
  errors?: Record<number, string>;
  invite?: { values: Record<string, string>; errors: Record<string, string> };
  /** A one-time link just made, shown this once for the admin to pass on. */
  link?: { name: string; email: string; url: string; expiresText: string; invited: boolean };
  notice?: string;
}

/** How an account stands, in words for the table. Pure. */
function standingOf(u: StaffAccount): string {
  if (u.disabled_at !== null) return 'Disabled';
  if (!u.has_password) return u.password_link_expires_at ? 'Invited (has not set a password yet)' : 'No password (cannot sign in)';
  return 'Active';
}

async function renderUsers(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply, state: UsersPageState = {}) {
  const users = await listUsers(app.db);
  const self = request.user!;
  reply.code(state.status ?? 200);
  return reply.viewAsync('pages/staff/users.hbs', {
    title: 'Users',
    link: state.link ?? null,
    notice: state.notice ?? null,
    invite: state.invite ?? { values: { name: '', email: '', role: 'author' }, errors: {} },
    inviteRoles: ROLES.map((r) => ({ value: r, selected: r === (state.invite?.values.role ?? 'author') })),
    users: users.map((u) => ({
      ...u,
      self: u.id === self.id,
      disabled: u.disabled_at !== null,
      standing: standingOf(u),
      action: `/staff/users/${u.id}/role`,
      error: state.errors?.[u.id] ?? null,
      roleOptions: ROLES.map((r) => ({ value: r, selected: r === u.role })),
    })),
  });
}

/** The link as the admin passes it on: absolute, with when it stops working. */
function shownLink(app: FastifyInstance, request: FastifyRequest, user: { name: string; email: string }, link: PasswordLink, invited: boolean) {
  const url = `${siteOrigin(request, app.config.siteUrl)}${link.path}`;
  return { name: user.name, email: user.email, url, expiresText: request.site.time.dateTime(link.expiresAt), invited };
}

export default async function usersRoutes(app: FastifyInstance): Promise<void> {
  app.addHook('preHandler', staffOnly);

  // GET /staff/users : every account, its role and standing, and the invitation form (admins only).
  app.get<{ Querystring: Record<string, unknown> }>('/staff/users', async (request, reply) => {
    requirePermission(request, 'users:manage');
    const done = request.query.done;
    const notice =
      done === 'disabled'
        ? 'Disabled the account; its sessions have ended.'
        : done === 'enabled'
          ? 'Enabled the account.'
          : done === 'removed'
            ? 'Removed the account.'
            : undefined;
    return renderUsers(app, request, reply, { notice });
  });

  // POST /staff/users : invites someone (an account without a password) and shows their one-time link once; 422 keeps what was typed.
  app.post('/staff/users', async (request, reply) => {
    const actor = requirePermission(request, 'users:manage');
    const form = parseForm(inviteFormSchema, request.body, INVITE_FORM_FIELDS);
    if (!form.ok) return renderUsers(app, request, reply, { status: 422, invite: { values: form.values, errors: form.fields } });
    try {
      const link = await inviteUser(app.db, actor.id, form.data, app.clock());
      // Shown on this answer and nowhere else: the link is stored only as a hash.
      return await renderUsers(app, request, reply, {
        status: 201,
        link: shownLink(app, request, { name: form.data.name, email: form.data.email.toLowerCase() }, link, true),
      });
    } catch (err) {
      if (!(err instanceof FieldProblem)) throw err;
      return renderUsers(app, request, reply, { status: 422, invite: { values: { ...form.data }, errors: { [err.field]: err.message } } });
    }
  });

  // POST /staff/users/:id/link : a fresh one-time set-password link for the account, shown once (the earlier one stops working).
  app.post<{ Params: { id: string } }>('/staff/users/:id/link', async (request, reply) => {
    const actor = requirePermission(request, 'users:manage');
    const id = parseId(request.params.id, 'user id');
    const user = await findUserById(app.db, id);
    if (!user) throw new NotFound('There is no such user.');
    const link = await issueResetLink(app.db, actor.id, id, app.clock());
    return renderUsers(app, request, reply, { link: shownLink(app, request, user, link, user.password_hash === null) });
  });

  // POST /staff/users/:id/disable and /enable : an account stops signing in (its sessions end) or may again; not one's own, not the last admin.
  for (const action of ['disable', 'enable'] as const) {
    app.post<{ Params: { id: string } }>(`/staff/users/:id/${action}`, async (request, reply) => {
      const actor = requirePermission(request, 'users:manage');
      const id = parseId(request.params.id, 'user id');
      await setAccountDisabled(app.db, actor.id, id, action === 'disable', app.clock());
      return reply.redirect(`/staff/users?done=${action}d#user-${id}`, 303);
    });
  }

  // GET /staff/users/:id/remove : asks to confirm removing an account, saying where its posts go.
  app.get<{ Params: { id: string } }>('/staff/users/:id/remove', async (request, reply) => {
    const actor = requirePermission(request, 'users:manage');
    const id = parseId(request.params.id, 'user id');
    const user = await findUserById(app.db, id);
    if (!user) throw new NotFound('There is no such user.');
    if (user.id === actor.id) throw new Conflict('You cannot remove your own account.');
    return reply.viewAsync('pages/staff/user-remove.hbs', {
      title: `Remove ${user.name}?`,
      target: { id: user.id, name: user.name, email: user.email, role: user.role },
      actorName: actor.name,
    });
  });

  // POST /staff/users/:id/remove : removes the account (its posts pass to the admin removing it; logged), then 303 to the list.
  app.post<{ Params: { id: string } }>('/staff/users/:id/remove', async (request, reply) => {
    const actor = requirePermission(request, 'users:manage');
    const id = parseId(request.params.id, 'user id');
    await removeAccount(app.db, actor.id, id, app.clock());
    return reply.redirect('/staff/users?done=removed', 303);
  });

  // POST /staff/users/:id/role : changes an account's role (admins only; the last admin stays admin).
  app.post<{ Params: { id: string } }>('/staff/users/:id/role', async (request, reply) => {
    const actor = requirePermission(request, 'users:manage');
    const id = parseId(request.params.id, 'user id');
    const form = parseForm(roleFormSchema, request.body, ROLE_FORM_FIELDS);
    if (!form.ok) return renderUsers(app, request, reply, { status: 422, errors: { [id]: form.fields.role ?? 'Choose a role' } });
    const role = form.data.role;
    await withWriteTransaction(app.db, async (tx) => {
      // Locked before the target is read: two admins demoting each other at once then take turns.
      const adminIds = await lockAdminIds(tx);
      // The session said admin when the request began; another admin may have changed that since.
      if (!adminIds.includes(actor.id)) throw new Forbidden('Your account is not allowed to do that.');
      const user = await findUserById(tx, id);
      if (!user) throw new NotFound('There is no such user.');
      if (adminIds.includes(user.id) && role !== 'admin' && adminIds.length <= 1) {
        throw new Conflict('The last admin cannot give up the admin role.');
      }
      await updateUserRole(tx, id, role);
      if (user.role !== role) {
        const at = app.clock().toISOString();
        await insertAuditEntries(tx, [
          { userId: actor.id, action: 'user.role', targetType: 'user', targetId: id, before: { role: user.role }, after: { role }, createdAt: at },
        ]);
      }
    });
    return reply.redirect('/staff/users', 303);
  });
}
