import type { Kysely } from 'kysely';

/**
 * Staff reply from the post page as themselves: the comment keeps who wrote it and the mark the thread
 * prints beside their name ("author" of the post, or "moderator"), as it stood when they wrote it.
 * user_id carries no foreign key: SQLite cannot drop a column that has one, and the users service
 * clears it when it removes an account.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('comments').addColumn('user_id', 'integer').execute();
  await db.schema.alterTable('comments').addColumn('staff_badge', 'varchar(16)').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('comments').dropColumn('staff_badge').execute();
  await db.schema.alterTable('comments').dropColumn('user_id').execute();
}
