import { z } from 'zod';

/** Webhook rules, as stored in the settings table. */
export interface WebhookSettings {
  /** Endpoints on private, loopback and link-local addresses are allowed (a receiver on the same network). */
  allowPrivateAddresses: boolean;
}

export const WEBHOOK_SETTINGS_KEY = 'webhooks';

const DEFAULT_WEBHOOK_SETTINGS: WebhookSettings = Object.freeze({ allowPrivateAddresses: false });

const storedSchema = z.object({ allowPrivateAddresses: z.boolean() }).partial();

/** Stored JSON to settings: unknown or broken values fall back to the defaults. Pure. */
export function parseWebhookSettings(json: string | undefined): WebhookSettings {
  let raw: unknown;
  try {
    raw = json ? JSON.parse(json) : {};
  } catch {
    raw = {};
  }
  const parsed = storedSchema.safeParse(raw);
  return { ...DEFAULT_WEBHOOK_SETTINGS, ...(parsed.success ? parsed.data : {}) };
}
