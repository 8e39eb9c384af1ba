// A staff member's own mail: new comments on their posts, and (moderators) the digest of comments held for review.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { requirePermission, staffOnly } from '../auth/guards.js';
import { can } from '../auth/permissions.js';
import { findUserById, updateUserMailPreferences, type SessionUser } from '../auth/user.repository.js';
import { HELD_DIGESTS } from '../db/schema.js';
import { parseForm } from '../shared/form.js';

const FIELDS = ['newComments', 'heldDigest'] as const;
const DIGEST_LABELS = { off: 'Do not email me', hourly: 'An hourly digest', daily: 'A daily digest' } as const;
const formSchema = z.object({
  newComments: z.enum(['', '1'], 'Tick the box or leave it').transform((v) => v === '1'),
  // Writers without moderation rights have no digest field; theirs stays off.
  heldDigest: z.enum(['', ...HELD_DIGESTS], 'Choose one of the three').transform((v) => (v === '' ? 'off' : v)),
});

function render(reply: FastifyReply, user: SessionUser, values: Record<string, string>, errors: Record<string, string>, saved: boolean, code = 200) {
  reply.code(code);
  return reply.viewAsync('pages/staff/mail-preferences.hbs', {
    title: 'Your mail',
    email: user.email,
    saved,
    errors,
    hasErrors: Object.keys(errors).length > 0,
    checked: { newComments: values.newComments === '1' },
    canModerate: can(user, 'comment:moderate'),
    digestOptions: HELD_DIGESTS.map((value) => ({ value, label: DIGEST_LABELS[value], checked: (values.heldDigest || 'off') === value })),
  });
}

export default async function mailPreferencesRoutes(app: FastifyInstance): Promise<void> {
  app.addHook('preHandler', staffOnly);

  // GET /staff/mail-preferences : what the signed-in staff member is mailed.
  app.get<{ Querystring: Record<string, unknown> }>('/staff/mail-preferences', async (request, reply) => {
    const user = requirePermission(request, 'dashboard:view');
    const row = await findUserById(app.db, user.id);
    const values = { newComments: row?.mail_new_comments === 1 ? '1' : '', heldDigest: row?.mail_held_digest ?? 'off' };
    return render(reply, user, values, {}, request.query.saved === '1');
  });

  // POST /staff/mail-preferences : saves them; 422 keeps the choices made.
  app.post('/staff/mail-preferences', async (request, reply) => {
    const user = requirePermission(request, 'dashboard:view');
    const form = parseForm(formSchema, request.body, FIELDS);
    if (!form.ok) return render(reply, user, form.values, form.fields, false, 422);
    const heldDigest = can(user, 'comment:moderate') ? form.data.heldDigest : 'off';
    await updateUserMailPreferences(app.db, user.id, { newComments: form.data.newComments, heldDigest });
    return reply.redirect('/staff/mail-preferences?saved=1', 303);
  });
}
