import { PostgresAdapter, type Kysely } from 'kysely';

/**
 * Earlier versions of edited comments, for staff: every edit (the writer's own, or a moderator's) first copies the
 * text it replaces here. Readers only see that a comment was edited (comments.edited_at), never these rows.
 */

const isPostgres = (db: Kysely<any>) => db.getExecutor().adapter instanceof PostgresAdapter;

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('comment_revisions')
    .addColumn('id', isPostgres(db) ? 'serial' : 'integer', (c) => (isPostgres(db) ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('comment_id', 'integer', (c) => c.notNull().references('comments.id').onDelete('cascade'))
    .addColumn('body_raw', 'text', (c) => c.notNull())
    .addColumn('body_html', 'text', (c) => c.notNull())
    // Null when the comment's writer edited it from their own browser; otherwise the staff account.
    .addColumn('edited_by_user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('editor', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('comment_revisions_comment_idx').on('comment_revisions').columns(['comment_id', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('comment_revisions').execute();
}
