import { sql, type Kysely } from 'kysely';

// Two indexes of the outbox, for the rows most of it is not (issue 19's bench):
// - Without SMTP_URL, mail stays queued for admins to read and the sender claims webhook deliveries only. Asked
//   for due deliveries, SQLite took the (status, next_attempt_at) index, which every waiting message is in, and
//   read all of them on each comment POST's wake-up: a cost that grew with the outbox. Deliveries get an index of
//   their own, led by the endpoint so that the sender's "webhook_id IN (endpoints)" picks it.
// - Most mail is in no batch: the batch index holds the rows that are.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('mail_outbox_batch_idx').execute();
  await db.schema
    .createIndex('mail_outbox_batch_idx')
    .on('mail_outbox')
    .columns(['batch_key', 'id'])
    .where(sql<boolean>`batch_key IS NOT NULL`)
    .execute();
  await db.schema.dropIndex('mail_outbox_webhook_idx').execute();
  await db.schema
    .createIndex('mail_outbox_webhook_idx')
    .on('mail_outbox')
    .columns(['webhook_id', 'status', 'next_attempt_at', 'id'])
    .where(sql<boolean>`webhook_id IS NOT NULL`)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('mail_outbox_batch_idx').execute();
  await db.schema.createIndex('mail_outbox_batch_idx').on('mail_outbox').columns(['batch_key', 'id']).execute();
  await db.schema.dropIndex('mail_outbox_webhook_idx').execute();
  await db.schema.createIndex('mail_outbox_webhook_idx').on('mail_outbox').columns(['webhook_id', 'id']).execute();
}
