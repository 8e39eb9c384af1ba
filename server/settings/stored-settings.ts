import type { z } from 'zod';

/** Each setting's schema, by the setting's name. */
export type SettingFields<T> = { [K in keyof T]: z.ZodType<T[K]> };

/**
 * Stored JSON to settings, one value at a time: a setting never stored, or stored in a form that no longer parses
 * (an older version's, a hand edit), takes its default while the others keep theirs. Pure.
 */
export function settingsFromJson<T extends object>(json: string | undefined, fields: SettingFields<T>, defaults: T): T {
  let raw: unknown = null;
  try {
    raw = json ? JSON.parse(json) : null;
  } catch {
    // Unreadable JSON: every setting takes its default.
  }
  const stored = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const settings = { ...defaults };
  for (const key of Object.keys(fields) as (keyof T & string)[]) {
    if (stored[key] === undefined) continue;
    const parsed = fields[key].safeParse(stored[key]);
    if (parsed.success) settings[key] = parsed.data;
  }
  return settings;
}
