import { PostgresAdapter, type Kysely } from 'kysely';

// Webhooks (#19): endpoints admins register for events; each delivery is a row of the same outbox as mail
// (webhook_id set, recipient 'webhook:<id>'), so it is retried, claimed and kept through a crash the same way.
export async function up(db: Kysely<any>): Promise<void> {
  const isPostgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const table = db.schema.createTable('webhooks');
  await (isPostgres ? table.addColumn('id', 'serial', (c) => c.primaryKey()) : table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement()))
    .addColumn('url', 'varchar(2000)', (c) => c.notNull())
    // The HMAC-SHA256 key the receiver checks signatures with.
    .addColumn('secret', 'varchar(100)', (c) => c.notNull())
    // JSON array of event names.
    .addColumn('events', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('consecutive_failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('disabled_reason', 'text')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.alterTable('mail_outbox').addColumn('webhook_id', 'integer').execute();
  // The HTTP status of a webhook delivery's last attempt.
  await db.schema.alterTable('mail_outbox').addColumn('last_status', 'integer').execute();
  await db.schema.createIndex('mail_outbox_webhook_idx').on('mail_outbox').columns(['webhook_id', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('mail_outbox_webhook_idx').execute();
  await db.schema.alterTable('mail_outbox').dropColumn('last_status').execute();
  await db.schema.alterTable('mail_outbox').dropColumn('webhook_id').execute();
  await db.schema.dropTable('webhooks').execute();
}
