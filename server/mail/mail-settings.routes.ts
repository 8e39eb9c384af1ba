// The admins' mail settings: how often a post's followers may be mailed about its new comments.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { requirePermission, staffOnly } from '../auth/guards.js';
import { parseForm } from '../shared/form.js';
import { MAIL_FORM_FIELDS, mailFormSchema, MAX_FOLLOW_BATCH_MINUTES } from '../settings/mail-settings.js';
import { loadMailSettings } from '../settings/settings.repository.js';
import { saveMailSettings } from './mail-settings.service.js';

function renderMailSettings(reply: FastifyReply, values: Record<string, string>, errors: Record<string, string>, saved: boolean, code = 200) {
  reply.code(code);
  return reply.viewAsync('pages/staff/mail-settings.hbs', {
    title: 'Mail settings',
    values,
    errors,
    saved,
    hasErrors: Object.keys(errors).length > 0,
    maxMinutes: MAX_FOLLOW_BATCH_MINUTES,
  });
}

export default async function mailSettingsRoutes(app: FastifyInstance): Promise<void> {
  app.addHook('preHandler', staffOnly);

  // GET /staff/mail : the notification mail rules (admins).
  app.get<{ Querystring: Record<string, unknown> }>('/staff/mail', async (request, reply) => {
    requirePermission(request, 'settings:edit');
    const settings = await loadMailSettings(app.db);
    return renderMailSettings(reply, { followBatchMinutes: String(settings.followBatchMinutes) }, {}, request.query.saved === '1');
  });

  // POST /staff/mail : saves them (logged); 422 keeps what was typed.
  app.post('/staff/mail', async (request, reply) => {
    const user = requirePermission(request, 'settings:edit');
    const form = parseForm(mailFormSchema, request.body, MAIL_FORM_FIELDS);
    if (!form.ok) return renderMailSettings(reply, form.values, form.fields, false, 422);
    await saveMailSettings(app.db, user.id, form.data, app.clock());
    return reply.redirect('/staff/mail?saved=1', 303);
  });
}
