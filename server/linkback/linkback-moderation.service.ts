// Staff moderate pingbacks and trackbacks as they moderate comments: shown, hidden (held), spam or trash, each
// change in the audit log in the same transaction. Only shown ones reach the post page's "Linked from" list.
import { insertAuditEntries } from '../audit/audit.repository.js';
import { withWriteTransaction, type Db } from '../db/database.js';
import type { LinkbackTable } from '../db/schema.js';
import { NotFound } from '../errors.js';
import { findLinkback, updateLinkbackStatus } from './linkback.repository.js';

/** What a staff button does, as the status it sets; the action's name is the audit log's. */
export const LINKBACK_ACTIONS = { show: 'approved', hide: 'pending', spam: 'spam', trash: 'trash' } as const satisfies Record<string, LinkbackTable['status']>;
export type LinkbackAction = keyof typeof LINKBACK_ACTIONS;

/** Applies the action and logs it; returns the linkback's post id. A linkback already in that status is left as it is, unlogged. */
export async function moderateLinkback(db: Db, actorId: number, id: number, action: LinkbackAction, now: Date): Promise<number> {
  return withWriteTransaction(db, async (tx) => {
    const row = await findLinkback(tx, id);
    if (!row) throw new NotFound('There is no such pingback or trackback.');
    const status = LINKBACK_ACTIONS[action];
    if (row.status === status) return row.post_id;
    await updateLinkbackStatus(tx, id, status);
    await insertAuditEntries(tx, [
      {
        userId: actorId,
        action: `linkback.${action}`,
        targetType: 'linkback',
        targetId: id,
        before: { status: row.status },
        after: { status, source_name: row.source_name, post_title: row.post_title },
        createdAt: now.toISOString(),
      },
    ]);
    return row.post_id;
  });
}
