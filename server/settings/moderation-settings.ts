import { z } from 'zod';
import { settingsFromJson, type SettingFields } from './stored-settings.js';

/** The switchable comment rules and their parameters, as stored in the settings table. */
export interface ModerationSettings {
  holdFirstComment: boolean;
  holdLinks: boolean;
  linkLimit: number;
  holdWordsOn: boolean;
  holdWords: string[];
  blockWordsOn: boolean;
  blockWords: string[];
  refuseDuplicates: boolean;
  duplicateMinutes: number;
  throttleByIp: boolean;
}

export const MODERATION_SETTINGS_KEY = 'moderation';
export const MAX_WORDS = 500;
export const MAX_WORD_CHARS = 100;
export const LINK_LIMIT_MAX = 50;
export const DUPLICATE_MINUTES_MAX = 24 * 60;

// "First comment held" is off by default: a site that turns it on holds every new commenter;
// posts can also ask for it one by one (moderation mode "first-time commenters held").
export const DEFAULT_SETTINGS: ModerationSettings = Object.freeze({
  holdFirstComment: false,
  holdLinks: true,
  linkLimit: 3,
  holdWordsOn: true,
  holdWords: [],
  blockWordsOn: true,
  blockWords: [],
  refuseDuplicates: true,
  duplicateMinutes: 10,
  throttleByIp: true,
});

const wordList = z.array(z.string().min(1).max(MAX_WORD_CHARS)).max(MAX_WORDS);

const fields: SettingFields<ModerationSettings> = {
  holdFirstComment: z.boolean(),
  holdLinks: z.boolean(),
  linkLimit: z.number().int().min(1).max(LINK_LIMIT_MAX),
  holdWordsOn: z.boolean(),
  holdWords: wordList,
  blockWordsOn: z.boolean(),
  blockWords: wordList,
  refuseDuplicates: z.boolean(),
  duplicateMinutes: z.number().int().min(1).max(DUPLICATE_MINUTES_MAX),
  throttleByIp: z.boolean(),
};

/** Stored JSON to settings: unknown or broken values fall back to the defaults, one by one. Pure. */
export function parseStoredSettings(json: string | undefined): ModerationSettings {
  return settingsFromJson(json, fields, DEFAULT_SETTINGS);
}

/** Splits a textarea of words (one per line or comma-separated) into distinct lower-case words. Pure. */
export function parseWordList(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[\n,]/)
        .map((w) => w.trim().toLowerCase())
        .filter((w) => w !== ''),
    ),
  ];
}

export const SETTINGS_FORM_FIELDS = [
  'holdFirstComment',
  'holdLinks',
  'linkLimit',
  'holdWordsOn',
  'holdWords',
  'blockWordsOn',
  'blockWords',
  'refuseDuplicates',
  'duplicateMinutes',
  'throttleByIp',
] as const;

const checkbox = z.enum(['', '1'], 'Tick the box or leave it').transform((v) => v === '1');
const words = (label: string) =>
  z
    .string()
    .refine((t) => !t.includes('\u0000'), 'NUL characters cannot be stored')
    .transform(parseWordList)
    .refine((list) => list.length <= MAX_WORDS, `At most ${MAX_WORDS} ${label}`)
    .refine((list) => list.every((w) => w.length <= MAX_WORD_CHARS), `Each entry at most ${MAX_WORD_CHARS} characters`);
const wholeNumber = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d{1,5}$/, `A whole number from ${min} to ${max}`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `A whole number from ${min} to ${max}`);

export const settingsFormSchema = z.object({
  holdFirstComment: checkbox,
  holdLinks: checkbox,
  linkLimit: wholeNumber(1, LINK_LIMIT_MAX),
  holdWordsOn: checkbox,
  holdWords: words('hold words'),
  blockWordsOn: checkbox,
  blockWords: words('block words'),
  refuseDuplicates: checkbox,
  duplicateMinutes: wholeNumber(1, DUPLICATE_MINUTES_MAX),
  throttleByIp: checkbox,
});
