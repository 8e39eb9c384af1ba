import { createHash } from 'node:crypto';
import { z } from 'zod';
import { singleLineText } from '../shared/single-line.js';
import { DATE_FORMATS, isTimeZone, makeTimeFormat, type DateFormat, type TimeFormat } from '../shared/time.js';
import { settingsFromJson, type SettingFields } from './stored-settings.js';

/** The site as its readers meet it: its name and tagline (header, titles, feeds, mail) and how times read. */
export interface SiteSettings {
  siteName: string;
  tagline: string;
  /** An IANA name (Europe/Paris); every time shown to people is in it. */
  timeZone: string;
  dateFormat: DateFormat;
}

/** What a request knows of the site (request.site): its settings, the formatter of its times, and a version naming both. */
export interface Site {
  settings: SiteSettings;
  time: TimeFormat;
  /** A short hash of the settings: cached pages are kept per version, so a change renders them again. */
  version: string;
}

export const SITE_SETTINGS_KEY = 'site';
export const SITE_NAME_MAX = 80;
export const TAGLINE_MAX = 160;
/** The software's own name: the site's until an admin names it. */
export const DEFAULT_SITE_NAME = 'Rejoinder';
export const DEFAULT_TAGLINE = 'Posts that start debates';

/** The seeded demo's author (seed/demo-content.ts): their posts are the demo, which the settings can hide. */
export const DEMO_AUTHOR_EMAIL = 'derek.hale@example.com';

const fields: SettingFields<SiteSettings> = {
  siteName: z.string().min(1).max(SITE_NAME_MAX),
  tagline: z.string().max(TAGLINE_MAX),
  timeZone: z.string().refine(isTimeZone),
  dateFormat: z.enum(DATE_FORMATS),
};

/** Stored JSON to settings: what was never set (or no longer parses) takes the default; the zone's default is SITE_TIME_ZONE. Pure. */
export function parseSiteSettings(json: string | undefined, defaultTimeZone: string): SiteSettings {
  const defaults: SiteSettings = { siteName: DEFAULT_SITE_NAME, tagline: DEFAULT_TAGLINE, timeZone: defaultTimeZone, dateFormat: 'long' };
  return settingsFromJson(json, fields, defaults);
}

/** The request's view of the settings. Pure. */
export function siteOf(settings: SiteSettings): Site {
  const version = createHash('sha256').update(JSON.stringify(settings)).digest('base64url').slice(0, 12);
  return { settings, time: makeTimeFormat(settings.timeZone, settings.dateFormat), version };
}

export const SITE_FORM_FIELDS = ['siteName', 'tagline', 'timeZone', 'dateFormat', 'showDemo'] as const;

const checkbox = z.enum(['', '1'], 'Tick the box or leave it').transform((v) => v === '1');

/** The site section of /staff/settings. */
export const siteFormSchema = z.object({
  siteName: singleLineText('The site name').pipe(z.string().min(1, 'Give the site a name').max(SITE_NAME_MAX, `Keep the name to ${SITE_NAME_MAX} characters`)),
  tagline: singleLineText('The tagline').pipe(z.string().max(TAGLINE_MAX, `Keep the tagline to ${TAGLINE_MAX} characters`)),
  timeZone: singleLineText('The time zone').refine(isTimeZone, 'Enter a time zone name such as Europe/Paris, America/New_York or UTC'),
  dateFormat: z.enum(DATE_FORMATS, 'Choose one of the formats'),
  showDemo: checkbox,
});
export type SiteForm = z.output<typeof siteFormSchema>;
