import { z } from 'zod';
import { settingsFromJson, type SettingFields } from './stored-settings.js';

/** How long a comment's writer may edit or delete it from their own browser, as stored in the settings table. */
export interface WriterEditSettings {
  /** Minutes after posting; 0 turns writers' edits off. */
  editMinutes: number;
}

export const WRITER_EDIT_SETTINGS_KEY = 'writer-edits';
/** A day: long enough to fix a typo noticed the next morning, short enough that a debate does not shift under its replies. */
export const EDIT_MINUTES_MAX = 24 * 60;

export const DEFAULT_WRITER_EDIT_SETTINGS: WriterEditSettings = Object.freeze({ editMinutes: 15 });

const fields: SettingFields<WriterEditSettings> = { editMinutes: z.number().int().min(0).max(EDIT_MINUTES_MAX) };

/** Stored JSON to settings; unknown or broken values fall back to the default. Pure. */
export function parseWriterEditSettings(json: string | undefined): WriterEditSettings {
  return settingsFromJson(json, fields, DEFAULT_WRITER_EDIT_SETTINGS);
}

export const WRITER_EDIT_FORM_FIELDS = ['editMinutes'] as const;

const RANGE_MESSAGE = `Enter a whole number of minutes from 0 to ${EDIT_MINUTES_MAX}`;

/** The settings form: the window in whole minutes. */
export const writerEditFormSchema = z.object({
  editMinutes: z
    .string()
    .trim()
    .regex(/^\d{1,4}$/, RANGE_MESSAGE)
    .transform(Number)
    .refine((n) => n <= EDIT_MINUTES_MAX, RANGE_MESSAGE),
});
