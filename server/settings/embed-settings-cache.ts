// Every embedded page view and count request checks the allowed origins: they are kept in memory briefly.
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { DbOrTx } from '../db/database.js';
import type { EmbedSettings } from './embed-settings.js';
import { loadEmbedSettings } from './settings.repository.js';

/**
 * How long another instance may go on using the list after an admin changes it here. The instance that
 * saves forgets its copy at once. A monotonic timer, not the app's clock: this is freshness, not a rule.
 */
const FRESH_MS = 5_000;

const cached = new WeakMap<object, { at: number; settings: Promise<EmbedSettings> }>();

/** The embed settings, read from the database at most once per FRESH_MS per database handle. */
export function currentEmbedSettings(db: DbOrTx): Promise<EmbedSettings> {
  const entry = cached.get(db);
  const now = performance.now();
  if (entry && now - entry.at < FRESH_MS) return entry.settings;
  const settings = loadEmbedSettings(db);
  cached.set(db, { at: now, settings });
  settings.catch(() => cached.delete(db));
  return settings;
}

/** Drops the kept copy, after a save. */
export function forgetEmbedSettings(db: DbOrTx): void {
  cached.delete(db);
}

const versions = new WeakMap<EmbedSettings, string>();

/** A short hash of the settings a framed page prints (origins, theme): keys its cache entry and the theme's URL. */
export function embedSettingsVersion(settings: EmbedSettings): string {
  let version = versions.get(settings);
  if (version === undefined) {
    version = createHash('sha256')
      .update(JSON.stringify([settings.origins, settings.theme]))
      .digest('base64url')
      .slice(0, 12);
    versions.set(settings, version);
  }
  return version;
}
