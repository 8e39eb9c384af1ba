// The settings folder: the site-wide settings table and the typed settings stored in it (the moderation rules).
import { compileOnce } from '../db/compile-once.js';
import type { DbOrTx } from '../db/database.js';
import { DEBATE_SETTINGS_KEY, parseDebateSettings, type DebateSettings } from './debate-settings.js';
import { parseWebhookSettings, WEBHOOK_SETTINGS_KEY, type WebhookSettings } from './webhook-settings.js';
import { MAIL_SETTINGS_KEY, parseMailSettings, type MailSettings } from './mail-settings.js';
import { EMBED_SETTINGS_KEY, parseStoredEmbedSettings, type EmbedSettings } from './embed-settings.js';
import { MODERATION_SETTINGS_KEY, parseStoredSettings, type ModerationSettings } from './moderation-settings.js';
import { parseSiteSettings, SITE_SETTINGS_KEY, type SiteSettings } from './site-settings.js';
import { parseStoredStanceSettings, STANCE_SETTINGS_KEY, type StanceSettings } from './stance-settings.js';
import { parseWriterEditSettings, WRITER_EDIT_SETTINGS_KEY, type WriterEditSettings } from './writer-edit-settings.js';

/** The stored JSON of a setting, or undefined. */
export async function findSettingJson(db: DbOrTx, key: string): Promise<string | undefined> {
  return (await selectSettingJson(db, key))[0]?.value_json;
}

// The moderation rules are read on every comment POST.
const selectSettingJson = compileOnce((db, key: string) => db.selectFrom('settings').select('value_json').where('key', '=', key), ['\u0000key']);

/** The site's moderation rules as stored, with defaults for what was never set. */
export async function loadModerationSettings(db: DbOrTx): Promise<ModerationSettings> {
  return parseStoredSettings(await findSettingJson(db, MODERATION_SETTINGS_KEY));
}

/** The site's stance settings (the unsure threshold), with the default when never set. */
export async function loadStanceSettings(db: DbOrTx): Promise<StanceSettings> {
  return parseStoredStanceSettings(await findSettingJson(db, STANCE_SETTINGS_KEY));
}

/** How long writers may edit or delete their own comments, with the default (15 minutes) when never set. */
export async function loadWriterEditSettings(db: DbOrTx): Promise<WriterEditSettings> {
  return parseWriterEditSettings(await findSettingJson(db, WRITER_EDIT_SETTINGS_KEY));
}

/** Stores a setting's JSON (insert or replace). */
export async function saveSettingJson(db: DbOrTx, key: string, valueJson: string, updatedAt: string): Promise<void> {
  const updated = await db.updateTable('settings').set({ value_json: valueJson, updated_at: updatedAt }).where('key', '=', key).executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0) {
    await db.insertInto('settings').values({ key, value_json: valueJson, updated_at: updatedAt }).execute();
  }
}

/** How the post page shows the debate (side badges, the stance prompt), with defaults for what was never set. */
export async function loadDebateSettings(db: DbOrTx): Promise<DebateSettings> {
  return parseDebateSettings(await findSettingJson(db, DEBATE_SETTINGS_KEY));
}

/** The embed's settings as stored, with defaults for what was never set. */
export async function loadEmbedSettings(db: DbOrTx): Promise<EmbedSettings> {
  return parseStoredEmbedSettings(await findSettingJson(db, EMBED_SETTINGS_KEY));
}

/** The notification mail rules (the followed posts' batching), with defaults for what was never set. */
export async function loadMailSettings(db: DbOrTx): Promise<MailSettings> {
  return parseMailSettings(await findSettingJson(db, MAIL_SETTINGS_KEY));
}

/** Whether webhooks may go to private addresses, with the default (no) when never set. */
export async function loadWebhookSettings(db: DbOrTx): Promise<WebhookSettings> {
  return parseWebhookSettings(await findSettingJson(db, WEBHOOK_SETTINGS_KEY));
}

/** The site's name, tagline, time zone and date format, with defaults (SITE_TIME_ZONE for the zone) for what was never set. */
export async function loadSiteSettings(db: DbOrTx, defaultTimeZone: string): Promise<SiteSettings> {
  return parseSiteSettings(await findSettingJson(db, SITE_SETTINGS_KEY), defaultTimeZone);
}
