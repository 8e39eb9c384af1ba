import { insertAuditEntries } from '../audit/audit.repository.js';
import { withWriteTransaction, type Db } from '../db/database.js';
import { MAIL_SETTINGS_KEY, type MailSettings } from '../settings/mail-settings.js';
import { loadMailSettings, saveSettingJson } from '../settings/settings.repository.js';

/** Saves the notification mail rules and logs the change. */
export async function saveMailSettings(db: Db, actorId: number, settings: MailSettings, now: Date): Promise<void> {
  const at = now.toISOString();
  await withWriteTransaction(db, async (tx) => {
    const before = await loadMailSettings(tx);
    await saveSettingJson(tx, MAIL_SETTINGS_KEY, JSON.stringify(settings), at);
    await insertAuditEntries(tx, [
      { userId: actorId, action: 'settings.mail', targetType: 'settings', targetId: null, before, after: settings, createdAt: at },
    ]);
  });
}
