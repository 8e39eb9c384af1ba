import { z } from 'zod';
import { settingsFromJson, type SettingFields } from './stored-settings.js';

/** Site-wide rules for notification mail, as stored in the settings table. */
export interface MailSettings {
  /** A follower of a post gets at most one message about its new comments per this many minutes. */
  followBatchMinutes: number;
}

export const MAIL_SETTINGS_KEY = 'mail';

export const DEFAULT_MAIL_SETTINGS: MailSettings = Object.freeze({ followBatchMinutes: 15 });

/** A day: a longer pause would hold news of a debate past its interest. */
export const MAX_FOLLOW_BATCH_MINUTES = 1440;

const minutes = z.coerce.number().int().min(0).max(MAX_FOLLOW_BATCH_MINUTES);
const fields: SettingFields<MailSettings> = { followBatchMinutes: minutes };

/** Stored JSON to settings: unknown or broken values fall back to the defaults. Pure. */
export function parseMailSettings(json: string | undefined): MailSettings {
  return settingsFromJson(json, fields, DEFAULT_MAIL_SETTINGS);
}

export const MAIL_FORM_FIELDS = ['followBatchMinutes'] as const;

export const mailFormSchema = z.object({
  followBatchMinutes: z
    .string()
    .trim()
    .regex(/^\d{1,4}$/, 'A whole number of minutes')
    .transform(Number)
    .refine((n) => n <= MAX_FOLLOW_BATCH_MINUTES, `At most ${MAX_FOLLOW_BATCH_MINUTES} minutes (a day)`),
});
