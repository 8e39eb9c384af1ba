import type { SelectQueryBuilder } from 'kysely';
import type { DbOrTx } from '../db/database.js';
import type { Database } from '../db/schema.js';

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

/** Which entries the log page shows: by whom, which action, between which times (ISO, end excluded). */
export interface AuditFilter {
  userId: number | null;
  action: string | null;
  since: string | null;
  before: string | null;
}

function filtered<QB extends SelectQueryBuilder<Database, 'audit_log', object>>(query: QB, filter: AuditFilter): QB {
  let q = query;
  if (filter.userId !== null) q = q.where('audit_log.user_id', '=', filter.userId) as QB;
  if (filter.action !== null) q = q.where('audit_log.action', '=', filter.action) as QB;
  if (filter.since !== null) q = q.where('audit_log.created_at', '>=', filter.since) as QB;
  if (filter.before !== null) q = q.where('audit_log.created_at', '<', filter.before) as QB;
  return q;
}

/**
 * The newest audit entries matching a filter, newest first, with the acting user's name and what the
 * target is now (a comment's author, text and post; a post's title; a user's name; a remark's author and
 * text), each null when the target is gone.
 */
export async function listAuditEntries(db: DbOrTx, filter: AuditFilter, limit: number, offset: number) {
  const query = db
    .selectFrom('audit_log')
    .leftJoin('users', 'users.id', 'audit_log.user_id')
    .leftJoin('comments as tc', (j) => j.onRef('tc.id', '=', 'audit_log.target_id').on('audit_log.target_type', '=', 'comment'))
    .leftJoin('posts as tcp', 'tcp.id', 'tc.post_id')
    .leftJoin('posts as tp', (j) => j.onRef('tp.id', '=', 'audit_log.target_id').on('audit_log.target_type', '=', 'post'))
    .leftJoin('users as tu', (j) => j.onRef('tu.id', '=', 'audit_log.target_id').on('audit_log.target_type', '=', 'user'))
    .leftJoin('group_remarks as tr', (j) => j.onRef('tr.id', '=', 'audit_log.target_id').on('audit_log.target_type', '=', 'remark'))
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
      'tc.author_name as comment_author',
      'tc.body_raw as comment_text',
      'tcp.title as comment_post_title',
      'tp.title as post_title',
      'tu.name as target_user_name',
      'tr.author_name as remark_author',
      'tr.body_raw as remark_text',
    ]);
  return filtered(query, filter).orderBy('audit_log.id', 'desc').limit(limit).offset(offset).execute();
}

export type AuditRow = Awaited<ReturnType<typeof listAuditEntries>>[number];

/** How many audit entries match a filter. */
export async function countAuditEntries(db: DbOrTx, filter: AuditFilter): Promise<number> {
  const query = db.selectFrom('audit_log').select((eb) => eb.fn.countAll<string | number>().as('n'));
  const row = await filtered(query, filter).executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** The actions and the people the log holds, for its filters. */
export async function listAuditChoices(db: DbOrTx): Promise<{ actions: string[]; actors: { id: number; name: string }[] }> {
  const [actions, actors] = await Promise.all([
    db.selectFrom('audit_log').select('action').distinct().orderBy('action').execute(),
    db
      .selectFrom('users')
      .select(['users.id', 'users.name'])
      .where((eb) => eb.exists(eb.selectFrom('audit_log').select('audit_log.id').whereRef('audit_log.user_id', '=', 'users.id')))
      .orderBy('users.name')
      .execute(),
  ]);
  return { actions: actions.map((a) => a.action), actors };
}
