import { z } from 'zod';
import { settingsFromJson, type SettingFields } from './stored-settings.js';

/** Webhook rules, as stored in the settings table. */
export interface WebhookSettings {
  /** Endpoints on private, loopback and link-local addresses are allowed (a receiver on the same network). */
  allowPrivateAddresses: boolean;
}

export const WEBHOOK_SETTINGS_KEY = 'webhooks';

const DEFAULT_WEBHOOK_SETTINGS: WebhookSettings = Object.freeze({ allowPrivateAddresses: false });

const fields: SettingFields<WebhookSettings> = { allowPrivateAddresses: z.boolean() };

/** Stored JSON to settings: unknown or broken values fall back to the defaults. Pure. */
export function parseWebhookSettings(json: string | undefined): WebhookSettings {
  return settingsFromJson(json, fields, DEFAULT_WEBHOOK_SETTINGS);
}
