import { z } from 'zod';
import { settingsFromJson, type SettingFields } from './stored-settings.js';

/** How the post page shows the debate to readers, as stored in the settings table. */
export interface DebateSettings {
  /** Each comment and remark shows its side (For / Against / Neither / Unsure). */
  showSideBadges: boolean;
  /** With JavaScript, the comment form asks "This reads as against X. Right?" before posting. */
  stancePrompt: boolean;
}

export const DEBATE_SETTINGS_KEY = 'debate';

export const DEFAULT_DEBATE_SETTINGS: DebateSettings = Object.freeze({ showSideBadges: true, stancePrompt: true });

const fields: SettingFields<DebateSettings> = { showSideBadges: z.boolean(), stancePrompt: z.boolean() };

/** Stored JSON to settings: unknown or broken values fall back to the defaults. Pure. */
export function parseDebateSettings(json: string | undefined): DebateSettings {
  return settingsFromJson(json, fields, DEFAULT_DEBATE_SETTINGS);
}

export const DEBATE_FORM_FIELDS = ['showSideBadges', 'stancePrompt'] as const;

const checkbox = z.enum(['', '1'], 'Tick the box or leave it').transform((v) => v === '1');

export const debateFormSchema = z.object({ showSideBadges: checkbox, stancePrompt: checkbox });
