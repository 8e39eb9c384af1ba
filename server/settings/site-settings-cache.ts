// Every request reads the site's settings (its name in the header, the time zone of its dates): kept in memory briefly.
import { performance } from 'node:perf_hooks';
import type { DbOrTx } from '../db/database.js';
import { parseSiteSettings, siteOf, type Site } from './site-settings.js';
import { loadSiteSettings } from './settings.repository.js';

/**
 * How long another instance may go on with the old settings after an admin changes them here; the instance
 * that saves forgets its copy at once. A monotonic timer, not the app's clock: this is freshness, not a rule.
 */
const FRESH_MS = 5_000;

const cached = new WeakMap<object, { at: number; site: Promise<Site> }>();
const lastKnown = new WeakMap<object, Site>();

/**
 * The site's settings, read from the database at most once per FRESH_MS per database handle. Never fails:
 * while the database is away the last settings read (or the defaults) serve, so the request itself can
 * answer as it does then (a 503 page, /healthz naming the database).
 */
export function currentSite(db: DbOrTx, defaultTimeZone: string): Promise<Site> {
  const entry = cached.get(db);
  const now = performance.now();
  if (entry && now - entry.at < FRESH_MS) return entry.site;
  const site = loadSiteSettings(db, defaultTimeZone).then(
    (settings) => {
      const loaded = siteOf(settings);
      lastKnown.set(db, loaded);
      return loaded;
    },
    () => {
      cached.delete(db);
      return lastKnown.get(db) ?? siteOf(parseSiteSettings(undefined, defaultTimeZone));
    },
  );
  cached.set(db, { at: now, site });
  return site;
}

/** Drops the kept copy, after a save. */
export function forgetSite(db: DbOrTx): void {
  cached.delete(db);
}
