import type { DbOrTx } from '../db/database.js';

export interface AuditEntry {
  userId: number | null;
  action: string;
  targetType: string;
  targetId: number | null;
  before: unknown;
  after: unknown;
  createdAt: string;
}

/** Appends entries to the audit log. */
export async function insertAuditEntries(db: DbOrTx, entries: readonly AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await db
    .insertInto('audit_log')
    .values(
      entries.map((e) => ({
        user_id: e.userId,
        action: e.action,
        target_type: e.targetType,
        target_id: e.targetId,
        before_json: e.before === undefined ? null : JSON.stringify(e.before),
        after_json: e.after === undefined ? null : JSON.stringify(e.after),
        created_at: e.createdAt,
      })),
    )
    .execute();
}

/** The newest audit entries with the acting user's name, newest first. */
export async function listAuditEntries(db: DbOrTx, limit: number, offset: number) {
  return db
    .selectFrom('audit_log')
    .leftJoin('users', 'users.id', 'audit_log.user_id')
    .select([
      'audit_log.id',
      'audit_log.action',
      'audit_log.target_type',
      'audit_log.target_id',
      'audit_log.before_json',
      'audit_log.after_json',
      'audit_log.created_at',
      'users.name as user_name',
      'users.email as user_email',
    ])
    .orderBy('audit_log.id', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
}

/** How many audit entries exist. */
export async function countAuditEntries(db: DbOrTx): Promise<number> {
  const row = await db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}
