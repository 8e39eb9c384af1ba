// Saving the site's settings: its name, tagline, time zone and date format, and whether the demo is on show.
import { insertAuditEntries, type AuditEntry } from '../audit/audit.repository.js';
import { withWriteTransaction, type Db, type DbOrTx } from '../db/database.js';
import { listPostsByAuthorEmail, updatePost } from '../post/post-staff.repository.js';
import { forgetSite } from '../settings/site-settings-cache.js';
import { DEMO_AUTHOR_EMAIL, SITE_SETTINGS_KEY, type SiteForm, type SiteSettings } from '../settings/site-settings.js';
import { loadSiteSettings, saveSettingJson } from '../settings/settings.repository.js';

/** The seeded demo as the settings page shows it: its posts, and whether any is on show. */
export interface DemoState {
  posts: { id: number; title: string; status: 'draft' | 'published'; published_at: string | null }[];
  shown: boolean;
}

/** The demo's posts (those of its seeded author), and whether readers see it. */
export async function loadDemoState(db: DbOrTx): Promise<DemoState> {
  const posts = await listPostsByAuthorEmail(db, DEMO_AUTHOR_EMAIL);
  return { posts, shown: posts.some((p) => p.status === 'published') };
}

/**
 * Saves the site settings and logs them (settings.site). Hiding the demo makes its posts drafts, showing
 * it publishes them again, each logged as any unpublish or publish is: a draft is gone from every public
 * place (pages, feeds, search, the sitemap), and deleting it stays the post's own confirmed step. Every
 * instance's cached pages go with the old settings' version (request.site.version).
 */
export async function saveSiteSettings(db: Db, actorId: number, form: SiteForm, now: Date, defaultTimeZone: string): Promise<void> {
  const at = now.toISOString();
  const settings: SiteSettings = { siteName: form.siteName, tagline: form.tagline, timeZone: form.timeZone, dateFormat: form.dateFormat };
  await withWriteTransaction(db, async (tx) => {
    const before = await loadSiteSettings(tx, defaultTimeZone);
    const demo = await loadDemoState(tx);
    await saveSettingJson(tx, SITE_SETTINGS_KEY, JSON.stringify(settings), at);
    const entries: AuditEntry[] = [];
    if (JSON.stringify(before) !== JSON.stringify(settings)) {
      entries.push({ userId: actorId, action: 'settings.site', targetType: 'settings', targetId: null, before, after: settings, createdAt: at });
    }
    if (demo.posts.length > 0 && demo.shown !== form.showDemo) {
      const status = form.showDemo ? 'published' : 'draft';
      for (const post of demo.posts.filter((p) => p.status !== status)) {
        await updatePost(tx, post.id, { status, published_at: post.published_at ?? at, updated_at: at });
        const action = form.showDemo ? 'post.publish' : 'post.unpublish';
        entries.push({ userId: actorId, action, targetType: 'post', targetId: post.id, before: { status: post.status }, after: { status }, createdAt: at });
      }
    }
    if (entries.length > 0) await insertAuditEntries(tx, entries);
  });
  forgetSite(db);
}
