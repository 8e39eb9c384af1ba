// The admins' webhooks: register an endpoint for events, see its deliveries and their statuses, turn it off and on,
// rotate its secret or remove it. A secret is shown once, on the page after it was made; every change is logged.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { requirePermission, staffOnly } from '../auth/guards.js';
import { parseForm, pickFormValues } from '../shared/form.js';
import { parseId } from '../shared/params.js';
import { loadWebhookSettings } from '../settings/settings.repository.js';
import { AddressRefused, resolvePublicAddresses } from './public-address.js';
import { listRecentDeliveries, listWebhooks, WEBHOOK_EVENTS, type WebhookEvent } from './webhook.repository.js';
import { createWebhook, removeWebhook, rotateWebhookSecret, saveWebhookSettings, secretHint, setWebhookActive } from './webhook-admin.service.js';
import { passFreshSecret, takeFreshSecret } from './webhook-secret-cookie.js';

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
  // The page that may show a secret is nobody's to keep: no cache, no back-button copy.
  reply.header('cache-control', 'no-store');
  const fresh = takeFreshSecret(reply.request, reply, app.config.secret);
  const [hooks, deliveries, settings] = await Promise.all([listWebhooks(app.db), listRecentDeliveries(app.db, LOG_SIZE), loadWebhookSettings(app.db)]);
  return reply.viewAsync('pages/staff/webhooks.hbs', {
    title: 'Webhooks',
    values,
    errors,
    hasErrors: Object.keys(errors).length > 0,
    allowPrivate: settings.allowPrivateAddresses,
    events: WEBHOOK_EVENTS.map((e) => ({ name: e, checked: values[e] === '1' })),
    // Each field named: the secret itself never reaches the template, only its hint, and once the new one.
    hooks: hooks.map((h) => ({
      id: h.id,
      url: h.url,
      disabledReason: h.disabled_reason,
      consecutiveFailures: h.consecutive_failures,
      secretHint: secretHint(h.secret),
      freshSecret: fresh?.webhookId === h.id ? fresh.secret : null,
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

  // POST /staff/webhooks : registers an endpoint (logged); its address must resolve to public addresses unless allowed.
  app.post('/staff/webhooks', async (request, reply) => {
    const user = requirePermission(request, 'settings:edit');
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
    const { id, secret } = await createWebhook(app.db, user.id, { url: url.toString(), events }, app.clock());
    passFreshSecret(request, reply, app.config.secret, { webhookId: id, secret });
    return reply.redirect(`/staff/webhooks#webhook-${id}`, 303);
  });

  // POST /staff/webhooks/settings : whether private, loopback and link-local addresses may receive webhooks (logged).
  app.post<{ Body: Record<string, unknown> }>('/staff/webhooks/settings', async (request, reply) => {
    const user = requirePermission(request, 'settings:edit');
    await saveWebhookSettings(app.db, user.id, { allowPrivateAddresses: request.body?.allowPrivateAddresses === '1' }, app.clock());
    return reply.redirect('/staff/webhooks', 303);
  });

  // POST /staff/webhooks/:id/rotate-secret : a new signing secret, shown once on the page it lands on (logged).
  app.post<{ Params: { id: string } }>('/staff/webhooks/:id/rotate-secret', async (request, reply) => {
    const user = requirePermission(request, 'settings:edit');
    const id = parseId(request.params.id, 'webhook id');
    const secret = await rotateWebhookSecret(app.db, user.id, id, app.clock());
    passFreshSecret(request, reply, app.config.secret, { webhookId: id, secret });
    return reply.redirect(`/staff/webhooks#webhook-${id}`, 303);
  });

  // POST /staff/webhooks/:id/disable and /enable : turns an endpoint off (its waiting deliveries given up) or on again (logged).
  for (const [action, active] of [
    ['disable', false],
    ['enable', true],
  ] as const) {
    app.post<{ Params: { id: string } }>(`/staff/webhooks/:id/${action}`, async (request, reply) => {
      const user = requirePermission(request, 'settings:edit');
      const id = parseId(request.params.id, 'webhook id');
      await setWebhookActive(app.db, user.id, id, active, app.clock());
      return reply.redirect(`/staff/webhooks#webhook-${id}`, 303);
    });
  }

  // POST /staff/webhooks/:id/delete : removes an endpoint and what waits for it (logged).
  app.post<{ Params: { id: string } }>('/staff/webhooks/:id/delete', async (request, reply) => {
    const user = requirePermission(request, 'settings:edit');
    await removeWebhook(app.db, user.id, parseId(request.params.id, 'webhook id'), app.clock());
    return reply.redirect('/staff/webhooks', 303);
  });
}
