// The admins' changes to webhooks, each logged in the audit log in its own transaction: endpoints added, removed,
// turned off and on, their secrets rotated, and the rule on private addresses. The log never holds a secret, only
// the hint the page shows.
import { randomBytes } from 'node:crypto';
import { insertAuditEntries } from '../audit/audit.repository.js';
import { withWriteTransaction, type Db } from '../db/database.js';
import { NotFound } from '../errors.js';
import { loadWebhookSettings, saveSettingJson } from '../settings/settings.repository.js';
import { WEBHOOK_SETTINGS_KEY, type WebhookSettings } from '../settings/webhook-settings.js';
import {
  deleteWebhook,
  disableWebhook,
  enableWebhook,
  failWaitingDeliveries,
  findWebhook,
  insertWebhook,
  updateWebhookSecret,
  type WebhookEvent,
} from './webhook.repository.js';

const SECRET_BYTES = 24;
const HINT_CHARS = 4;
/** Why an endpoint an admin turned off is off, as the page shows it. */
export const TURNED_OFF_REASON = 'turned off by an admin';

/** What the page shows of a secret once it was shown: its last characters. Pure. */
export function secretHint(secret: string): string {
  return `…${secret.slice(-HINT_CHARS)}`;
}

const newSecret = () => randomBytes(SECRET_BYTES).toString('base64url');
const eventsOf = (json: string) => JSON.parse(json) as string[];

/** Registers an endpoint with a new secret, returned for the admin to see once. */
export async function createWebhook(db: Db, actorId: number, input: { url: string; events: readonly WebhookEvent[] }, now: Date) {
  const at = now.toISOString();
  const secret = newSecret();
  const id = await withWriteTransaction(db, async (tx) => {
    const id = await insertWebhook(tx, { url: input.url, secret, events: input.events, createdAt: at });
    const after = { url: input.url, events: input.events, secret: secretHint(secret), active: true };
    await insertAuditEntries(tx, [{ userId: actorId, action: 'webhook.create', targetType: 'webhook', targetId: id, before: undefined, after, createdAt: at }]);
    return id;
  });
  return { id, secret };
}

/** Gives an endpoint a new secret (the old one stops signing at once), returned for the admin to see once. */
export async function rotateWebhookSecret(db: Db, actorId: number, id: number, now: Date): Promise<string> {
  const at = now.toISOString();
  const secret = newSecret();
  await withWriteTransaction(db, async (tx) => {
    const hook = await findWebhook(tx, id);
    if (!hook) throw new NotFound('There is no such webhook.');
    await updateWebhookSecret(tx, id, secret);
    const entry = { before: { secret: secretHint(hook.secret) }, after: { secret: secretHint(secret) } };
    await insertAuditEntries(tx, [{ userId: actorId, action: 'webhook.rotate_secret', targetType: 'webhook', targetId: id, ...entry, createdAt: at }]);
  });
  return secret;
}

/** Turns an endpoint off (its waiting deliveries given up) or on again; a change to what it already is logs nothing. */
export async function setWebhookActive(db: Db, actorId: number, id: number, active: boolean, now: Date): Promise<void> {
  const at = now.toISOString();
  await withWriteTransaction(db, async (tx) => {
    const hook = await findWebhook(tx, id);
    if (!hook) throw new NotFound('There is no such webhook.');
    if ((hook.active === 1) === active) return;
    if (active) await enableWebhook(tx, id);
    else {
      await disableWebhook(tx, id, TURNED_OFF_REASON);
      await failWaitingDeliveries(tx, id, `not sent: the endpoint was ${TURNED_OFF_REASON}`);
    }
    const before = { active: hook.active === 1, disabled_reason: hook.disabled_reason };
    const after = { active, disabled_reason: active ? null : TURNED_OFF_REASON };
    await insertAuditEntries(tx, [
      { userId: actorId, action: active ? 'webhook.enable' : 'webhook.disable', targetType: 'webhook', targetId: id, before, after, createdAt: at },
    ]);
  });
}

/** Removes an endpoint and what waits for it; the log keeps what it was. */
export async function removeWebhook(db: Db, actorId: number, id: number, now: Date): Promise<void> {
  const at = now.toISOString();
  await withWriteTransaction(db, async (tx) => {
    const hook = await findWebhook(tx, id);
    if (!hook || !(await deleteWebhook(tx, id))) throw new NotFound('There is no such webhook.');
    const before = { url: hook.url, events: eventsOf(hook.events), secret: secretHint(hook.secret), active: hook.active === 1 };
    await insertAuditEntries(tx, [{ userId: actorId, action: 'webhook.delete', targetType: 'webhook', targetId: id, before, after: undefined, createdAt: at }]);
  });
}

/** Saves the webhook rules (whether private addresses may receive deliveries) and logs the change. */
export async function saveWebhookSettings(db: Db, actorId: number, settings: WebhookSettings, now: Date): Promise<void> {
  const at = now.toISOString();
  await withWriteTransaction(db, async (tx) => {
    const before = await loadWebhookSettings(tx);
    await saveSettingJson(tx, WEBHOOK_SETTINGS_KEY, JSON.stringify(settings), at);
    await insertAuditEntries(tx, [
      { userId: actorId, action: 'settings.webhooks', targetType: 'settings', targetId: null, before, after: settings, createdAt: at },
    ]);
  });
}
