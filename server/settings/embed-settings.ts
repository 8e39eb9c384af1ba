import { z } from 'zod';
import { normaliseOrigin } from './embed-origins.js';
import { settingsFromJson, type SettingFields } from './stored-settings.js';

/** The sites that may embed threads, how their page URLs are read, and the frame's colours. */
export interface EmbedSettings {
  origins: string[];
  keepQuery: boolean;
  /** New external-page threads one origin may create per hour: a flood of made-up URLs stops here. */
  newPagesPerHour: number;
  theme: EmbedTheme;
}

/** The theme's custom properties; '' keeps the site's own value. */
export const THEME_FIELDS = ['lightBg', 'lightText', 'lightLink', 'darkBg', 'darkText', 'darkLink', 'font'] as const;
export type EmbedTheme = Record<(typeof THEME_FIELDS)[number], string>;

export const EMBED_SETTINGS_KEY = 'embed';
export const MAX_ORIGINS = 50;
export const NEW_PAGES_PER_HOUR_MAX = 10_000;
const FONT_MAX_CHARS = 120;

export const DEFAULT_EMBED_SETTINGS: EmbedSettings = Object.freeze({
  origins: [],
  keepQuery: false,
  newPagesPerHour: 30,
  theme: Object.freeze({ lightBg: '', lightText: '', lightLink: '', darkBg: '', darkText: '', darkLink: '', font: '' }),
});

// Only what cannot break out of a declaration: a hex colour, a list of font names. The theme reaches a
// stylesheet, so nothing else typed here may end up in it.
const COLOUR = /^(#[0-9a-f]{3}|#[0-9a-f]{6})?$/i;
const FONT = /^[A-Za-z0-9 ,'-]*$/;
const colour = z.string().trim().toLowerCase().regex(COLOUR, 'A hex colour such as #1b1a18, or empty');
const font = z
  .string()
  .trim()
  .max(FONT_MAX_CHARS, `At most ${FONT_MAX_CHARS} characters`)
  .regex(FONT, 'Font names separated by commas (letters, digits, spaces, quotes)');
const themeSchema = z.object({ lightBg: colour, lightText: colour, lightLink: colour, darkBg: colour, darkText: colour, darkLink: colour, font });

const fields: SettingFields<EmbedSettings> = {
  origins: z.array(z.string()).max(MAX_ORIGINS),
  keepQuery: z.boolean(),
  newPagesPerHour: z.number().int().min(0).max(NEW_PAGES_PER_HOUR_MAX),
  theme: themeSchema,
};

/** Stored JSON to settings; anything broken falls back to the defaults, field by field. Pure. */
export function parseStoredEmbedSettings(json: string | undefined): EmbedSettings {
  const stored = settingsFromJson(json, fields, DEFAULT_EMBED_SETTINGS);
  // Each stored origin is normalised again, so an old or hand-edited value can never widen the list.
  const origins = stored.origins.flatMap((o) => {
    const n = normaliseOrigin(o);
    return n.ok ? [n.value] : [];
  });
  return { ...stored, origins, theme: { ...stored.theme } };
}

/** The textarea's lines as normalised, distinct origins; the first bad line's reason otherwise. Pure. */
export function parseOriginList(text: string): { ok: true; origins: string[] } | { ok: false; message: string } {
  const origins = new Set<string>();
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '') continue;
    const origin = normaliseOrigin(line);
    if (!origin.ok) return origin;
    origins.add(origin.value);
  }
  if (origins.size > MAX_ORIGINS) return { ok: false, message: `At most ${MAX_ORIGINS} sites` };
  return { ok: true, origins: [...origins] };
}

export const EMBED_FORM_FIELDS = ['origins', 'keepQuery', 'newPagesPerHour', ...THEME_FIELDS] as const;

export const embedFormSchema = z
  .object({
    origins: z.string().transform((text, ctx) => {
      const parsed = parseOriginList(text);
      if (parsed.ok) return parsed.origins;
      ctx.addIssue({ code: 'custom', message: parsed.message });
      return z.NEVER;
    }),
    keepQuery: z.enum(['', '1'], 'Tick the box or leave it').transform((v) => v === '1'),
    newPagesPerHour: z
      .string()
      .trim()
      .regex(/^\d{1,5}$/, `A whole number from 0 to ${NEW_PAGES_PER_HOUR_MAX}`)
      .transform(Number)
      .refine((n) => n <= NEW_PAGES_PER_HOUR_MAX, `A whole number from 0 to ${NEW_PAGES_PER_HOUR_MAX}`),
  })
  .extend(themeSchema.shape)
  .transform(({ origins, keepQuery, newPagesPerHour, ...theme }): EmbedSettings => ({ origins, keepQuery, newPagesPerHour, theme }));

/** The settings as the form shows them. Pure. */
export function embedFormValues(settings: EmbedSettings): Record<string, string> {
  return {
    origins: settings.origins.join('\n'),
    keepQuery: settings.keepQuery ? '1' : '',
    newPagesPerHour: String(settings.newPagesPerHour),
    ...settings.theme,
  };
}

/** The theme as a stylesheet of custom properties: light, then dark by preference or by the host's choice. Pure. */
export function renderThemeCss(theme: EmbedTheme): string {
  const vars = (bg: string, text: string, link: string) =>
    [bg && `--bg: ${bg};`, text && `--text: ${text};`, link && `--link: ${link};`].filter(Boolean).join(' ');
  const light = vars(theme.lightBg, theme.lightText, theme.lightLink);
  const dark = vars(theme.darkBg, theme.darkText, theme.darkLink);
  const fontRule = theme.font ? `body { font-family: ${theme.font}; }\n` : '';
  return (
    `:root, :root[data-scheme='light'] { ${light} }\n` +
    `@media (prefers-color-scheme: dark) { :root { ${dark} } }\n` +
    `:root[data-scheme='dark'] { ${dark} }\n` +
    fontRule
  );
}
