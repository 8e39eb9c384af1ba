import type { Kysely } from 'kysely';

// Batched mail (#19): a message about new comments on a followed post, or a staff digest, waits in the outbox
// under a batch key while more comments join it; batch_json lists what it is about, so it can be written again.
// Staff choose what they are mailed: new comments on their own posts, and a digest of held comments.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('mail_outbox').addColumn('batch_key', 'varchar(200)').execute();
  await db.schema.alterTable('mail_outbox').addColumn('batch_json', 'text').execute();
  await db.schema.createIndex('mail_outbox_batch_idx').on('mail_outbox').columns(['batch_key', 'id']).execute();
  await db.schema
    .alterTable('users')
    .addColumn('mail_new_comments', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  // 'off', 'hourly' or 'daily'.
  await db.schema
    .alterTable('users')
    .addColumn('mail_held_digest', 'varchar(16)', (c) => c.notNull().defaultTo('off'))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').dropColumn('mail_held_digest').execute();
  await db.schema.alterTable('users').dropColumn('mail_new_comments').execute();
  await db.schema.dropIndex('mail_outbox_batch_idx').execute();
  await db.schema.alterTable('mail_outbox').dropColumn('batch_json').execute();
  await db.schema.alterTable('mail_outbox').dropColumn('batch_key').execute();
}
