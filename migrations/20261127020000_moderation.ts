import { PostgresAdapter, type Kysely } from 'kysely';

// Moderation: why a comment was held, a hashed address for the per-IP throttle, site settings
// and the moderators' audit log.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('comments').addColumn('held_rule', 'varchar(32)').execute();
  await db.schema.alterTable('comments').addColumn('held_match', 'text').execute();
  // HMAC of the commenter's IP address: enough to count, not enough to read back.
  await db.schema.alterTable('comments').addColumn('author_ip_hash', 'varchar(64)').execute();
  await db.schema.createIndex('comments_ip_time_idx').on('comments').columns(['author_ip_hash', 'created_at']).execute();
  await db.schema.createIndex('comments_email_idx').on('comments').columns(['author_email', 'status']).execute();
  await db.schema.createIndex('comments_status_idx').on('comments').columns(['status', 'id']).execute();

  await db.schema
    .createTable('settings')
    .addColumn('key', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('value_json', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .execute();

  const isPostgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const audit = db.schema.createTable('audit_log');
  await (isPostgres ? audit.addColumn('id', 'serial', (c) => c.primaryKey()) : audit.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement()))
    .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('action', 'varchar(32)', (c) => c.notNull())
    .addColumn('target_type', 'varchar(32)', (c) => c.notNull())
    .addColumn('target_id', 'integer')
    .addColumn('before_json', 'text')
    .addColumn('after_json', 'text')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_log_time_idx').on('audit_log').columns(['created_at', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('audit_log').execute();
  await db.schema.dropTable('settings').execute();
  await db.schema.dropIndex('comments_status_idx').execute();
  await db.schema.dropIndex('comments_email_idx').execute();
  await db.schema.dropIndex('comments_ip_time_idx').execute();
  await db.schema.alterTable('comments').dropColumn('author_ip_hash').execute();
  await db.schema.alterTable('comments').dropColumn('held_match').execute();
  await db.schema.alterTable('comments').dropColumn('held_rule').execute();
}
