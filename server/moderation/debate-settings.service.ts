import { withWriteTransaction, type Db } from '../db/database.js';
import { bumpAllThreadVersions } from '../post/post.repository.js';
import { DEBATE_SETTINGS_KEY, type DebateSettings } from '../settings/debate-settings.js';
import { loadDebateSettings, saveSettingJson } from '../settings/settings.repository.js';
import { insertAuditEntries } from '../audit/audit.repository.js';

/**
 * Saves how the post page shows the debate and logs the change. Every cached thread page printed the
 * old choice, so every post's thread version moves on with it (on every instance, as a comment does).
 */
export async function saveDebateSettings(db: Db, actorId: number, settings: DebateSettings, now: Date): Promise<void> {
  const at = now.toISOString();
  await withWriteTransaction(db, async (tx) => {
    const before = await loadDebateSettings(tx);
    await saveSettingJson(tx, DEBATE_SETTINGS_KEY, JSON.stringify(settings), at);
    await bumpAllThreadVersions(tx);
    await insertAuditEntries(tx, [
      { userId: actorId, action: 'settings.debate', targetType: 'settings', targetId: null, before, after: settings, createdAt: at },
    ]);
  });
}
