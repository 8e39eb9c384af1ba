// The admins' webhooks: register an endpoint for events, see its deliveries and their statuses, enable or remove it.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { requirePermission, staffOnly } from '../auth/guards.js';
import { withWriteTransaction } from '../db/database.js';
import { NotFound } from '../errors.js';
import { parseForm, pickFormValues } from '../shared/form.js';
import { parseId } from '../shared/params.js';
import { loadWebhookSettings, saveSettingJson } from '../settings/settings.repository.js';
import { WEBHOOK_SETTINGS_KEY } from '../settings/webhook-settings.js';
import { AddressRefused, resolvePublicAddresses } from './public-address.js';
import { deleteWebhook, enableWebhook, insertWebhook, listRecentDeliveries, listWebhooks, WEBHOOK_EVENTS, type WebhookEvent } from './webhook.repository.js';

const URL_MAX = 2000;
const LOG_SIZE = 50;
const FIELDS = ['url', ...WEBHOOK_EVENTS] as const;
const box = z.enum(['', '1']).transform((v) => v === '1');
const formSchema = z
  .object({
    url: z
      .string()
      .trim()
      .min(1, 'Give the address that receives the events')
      .max(URL_MAX, `At most ${URL_MAX} characters`)
      .refine((u) => URL.canParse(u) && /^https?:$/.test(new URL(u).protocol), 'An http:// or https:// address'),
    'comment.created': box,
    'comment.approved': box,
    'stance.changed': box,
  })
  .refine((f) => WEBHOOK_EVENTS.some((e) => f[e]), { message: 'Choose at least one event', path: ['comment.created'] });

async function render(app: FastifyInstance, reply: FastifyReply, values: Record<string, string>, errors: Record<string, string>, code = 200) {
  reply.code(code);
  const [hooks, deliveries, settings] = await Promise.all([listWebhooks(app.db), listRecentDeliveries(app.db, LOG_SIZE), loadWebhookSettings(app.db)]);
  return reply.viewAsync('pages/staff/webhooks.hbs', {
    title: 'Webhooks',
    values,
    errors,
    hasErrors: Object.keys(errors).length > 0,
    allowPrivate: settings.allowPrivateAddresses,
    events: WEBHOOK_EVENTS.map((e) => ({ name: e, checked: values[e] === '1' })),
    hooks: hooks.map((h) => ({
      ...h,
      isActive: h.active === 1,
      eventsText: (JSON.parse(h.events) as string[]).join(', '),
      createdText: reply.request.site.time.dateTime(h.created_at),
    })),
    deliveries: deliveries.map((d) => ({ ...d, failed: d.status === 'failed', createdText: reply.request.site.time.dateTime(d.created_at) })),
  });
}

export default async function webhooksRoutes(app: FastifyInstance): Promise<void> {
  app.addHook('preHandler', staffOnly);

  // GET /staff/webhooks : the endpoints, the form to add one, and the latest deliveries (admins).
  app.get('/staff/webhooks', async (request, reply) => {
    requirePermission(request, 'settings:edit');
    return render(app, reply, { url: '' }, {});
  });

  // POST /staff/webhooks : registers an endpoint; its address must resolve to public addresses unless allowed.
  app.post('/staff/webhooks', async (request, reply) => {
    requirePermission(request, 'settings:edit');
    const form = parseForm(formSchema, request.body, FIELDS);
    if (!form.ok) return render(app, reply, form.values, form.fields, 422);
    const url = new URL(form.data.url);
    try {
      await resolvePublicAddresses(url.hostname, (await loadWebhookSettings(app.db)).allowPrivateAddresses);
    } catch (err) {
      const message = err instanceof AddressRefused ? err.message : `${url.hostname} could not be resolved`;
      return render(app, reply, pickFormValues(request.body, FIELDS), { url: `Refused: ${message}` }, 422);
    }
    const events: WebhookEvent[] = WEBHOOK_EVENTS.filter((e) => form.data[e]);
    const secret = randomBytes(24).toString('base64url');
    await withWriteTransaction(app.db, (tx) => insertWebhook(tx, { url: url.toString(), secret, events, createdAt: app.clock().toISOString() }));
    return reply.redirect('/staff/webhooks', 303);
  });

  // POST /staff/webhooks/settings : whether private, loopback and link-local addresses may receive webhooks.
  app.post<{ Body: Record<string, unknown> }>('/staff/webhooks/settings', async (request, reply) => {
    requirePermission(request, 'settings:edit');
    const allow = request.body?.allowPrivateAddresses === '1';
    await withWriteTransaction(app.db, (tx) =>
      saveSettingJson(tx, WEBHOOK_SETTINGS_KEY, JSON.stringify({ allowPrivateAddresses: allow }), app.clock().toISOString()),
    );
    return reply.redirect('/staff/webhooks', 303);
  });

  // POST /staff/webhooks/:id/enable : turns a disabled endpoint on again.
  app.post<{ Params: { id: string } }>('/staff/webhooks/:id/enable', async (request, reply) => {
    requirePermission(request, 'settings:edit');
    await withWriteTransaction(app.db, (tx) => enableWebhook(tx, parseId(request.params.id, 'webhook id')));
    return reply.redirect('/staff/webhooks', 303);
  });

  // POST /staff/webhooks/:id/delete : removes an endpoint and what waits for it.
  app.post<{ Params: { id: string } }>('/staff/webhooks/:id/delete', async (request, reply) => {
    requirePermission(request, 'settings:edit');
    if (!(await withWriteTransaction(app.db, (tx) => deleteWebhook(tx, parseId(request.params.id, 'webhook id')))))
      throw new NotFound('There is no such webhook.');
    return reply.redirect('/staff/webhooks', 303);
  });
}
