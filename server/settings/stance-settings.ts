import { z } from 'zod';
import { settingsFromJson, type SettingFields } from './stored-settings.js';

/** How sure an automatic label must be to count as a side; below it the sidebar, summary and review call it unsure. */
export interface StanceSettings {
  /** 0..1. */
  unsureBelow: number;
}

export const STANCE_SETTINGS_KEY = 'stance';

// From the calibration of the held-out files (aggregate): automatic labels below 0.6 were right 59% of the time
// (46 items), 0.6-0.7 69%, 0.7-0.8 74%, 0.8 and up 96%. Below 0.6 a label is closer to a guess than a side.
export const DEFAULT_STANCE_SETTINGS: StanceSettings = Object.freeze({ unsureBelow: 0.6 });

const fields: SettingFields<StanceSettings> = { unsureBelow: z.number().min(0).max(1) };

/** Stored JSON to settings; unknown or broken values fall back to the default. Pure. */
export function parseStoredStanceSettings(json: string | undefined): StanceSettings {
  return settingsFromJson(json, fields, DEFAULT_STANCE_SETTINGS);
}

export const STANCE_SETTINGS_FORM_FIELDS = ['unsurePercent'] as const;

/** The settings form: the threshold as a whole percentage. */
export const stanceSettingsFormSchema = z
  .object({
    unsurePercent: z
      .string()
      .trim()
      .regex(/^\d{1,3}$/, 'Enter a whole number from 0 to 100')
      .transform(Number)
      .refine((n) => n <= 100, 'Enter a whole number from 0 to 100'),
  })
  .transform((v): StanceSettings => ({ unsureBelow: v.unsurePercent / 100 }));

/** Whether an item's current label is an automatic one too unsure to count as a side. Pure. */
export function isUnsure(label: { source: string; confidence: number }, settings: StanceSettings): boolean {
  return label.source === 'auto' && label.confidence < settings.unsureBelow;
}
