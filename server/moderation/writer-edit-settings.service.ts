import { withWriteTransaction, type Db } from '../db/database.js';
import { insertAuditEntries } from '../audit/audit.repository.js';
import { loadWriterEditSettings, saveSettingJson } from '../settings/settings.repository.js';
import { WRITER_EDIT_SETTINGS_KEY, type WriterEditSettings } from '../settings/writer-edit-settings.js';

/**
 * Saves how long writers may change their own comments and logs the change. No thread version moves: the Edit
 * links are printed only on pages rendered for their writer, never on a cached one.
 */
export async function saveWriterEditSettings(db: Db, actorId: number, settings: WriterEditSettings, now: Date): Promise<void> {
  const at = now.toISOString();
  await withWriteTransaction(db, async (tx) => {
    const before = await loadWriterEditSettings(tx);
    await saveSettingJson(tx, WRITER_EDIT_SETTINGS_KEY, JSON.stringify(settings), at);
    await insertAuditEntries(tx, [
      { userId: actorId, action: 'settings.update', targetType: 'settings', targetId: null, before, after: settings, createdAt: at },
    ]);
  });
}
