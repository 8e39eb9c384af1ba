import type { Kysely } from 'kysely';

/**
 * Two lookups every new comment makes. Without these, the duplicate check and the count of
 * top-level comments before a reply (which page it lands on) walked all of the post's comments.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('comments_post_email_idx').on('comments').columns(['post_id', 'author_email']).execute();
  await db.schema.createIndex('comments_post_top_idx').on('comments').columns(['post_id', 'status', 'parent_id', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('comments_post_top_idx').execute();
  await db.schema.dropIndex('comments_post_email_idx').execute();
}
