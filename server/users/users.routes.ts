// The users folder: admins managing staff accounts (the users page, role changes). Sign-in and sessions live in auth/.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { withWriteTransaction } from '../db/database.js';
import { Conflict, Forbidden, NotFound } from '../errors.js';
import { insertAuditEntries } from '../audit/audit.repository.js';
import { parseForm } from '../shared/form.js';
import { parseId } from '../shared/params.js';
import { ROLE_FORM_FIELDS, roleFormSchema } from '../auth/auth.forms.js';
import { requirePermission, staffOnly } from '../auth/guards.js';
import { ROLES } from '../auth/roles.js';
import { findUserById, listUsers, lockAdminIds, updateUserRole, type SessionUser } from '../auth/user.repository.js';

async function renderUsers(app: FastifyInstance, reply: FastifyReply, status = 200, errors: Record<number, string> = {}) {
  const users = await listUsers(app.db);
  reply.code(status);
  return reply.viewAsync('pages/staff/users.hbs', {
    title: 'Users',
    users: users.map((u: SessionUser) => ({
      ...u,
      action: `/staff/users/${u.id}/role`,
      error: errors[u.id] ?? null,
      roleOptions: ROLES.map((r) => ({ value: r, selected: r === u.role })),
    })),
  });
}

export default async function usersRoutes(app: FastifyInstance): Promise<void> {
  app.addHook('preHandler', staffOnly);

  // GET /staff/users : every account and its role (admins only).
  app.get('/staff/users', async (request, reply) => {
    requirePermission(request, 'users:manage');
    return renderUsers(app, reply);
  });

  // POST /staff/users/:id/role : changes an account's role (admins only; the last admin stays admin).
  app.post<{ Params: { id: string } }>('/staff/users/:id/role', async (request, reply) => {
    const actor = requirePermission(request, 'users:manage');
    const id = parseId(request.params.id, 'user id');
    const form = parseForm(roleFormSchema, request.body, ROLE_FORM_FIELDS);
    if (!form.ok) return renderUsers(app, reply, 422, { [id]: form.fields.role ?? 'Choose a role' });
    const role = form.data.role;
    await withWriteTransaction(app.db, async (tx) => {
      // Locked before the target is read: two admins demoting each other at once then take turns.
      const adminIds = await lockAdminIds(tx);
      // The session said admin when the request began; another admin may have changed that since.
      if (!adminIds.includes(actor.id)) throw new Forbidden('Your account is not allowed to do that.');
      const user = await findUserById(tx, id);
      if (!user) throw new NotFound('There is no such user.');
      if (user.role === 'admin' && role !== 'admin' && adminIds.length <= 1) {
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
