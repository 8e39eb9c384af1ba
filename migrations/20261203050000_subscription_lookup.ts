import { sql, type Kysely } from 'kysely';

// Two lookups of a post's followers read more than they need (issue 19's bench: each commenter ticking "email me
// new comments on this post" made every later comment slower):
// - whether an address already follows the post: with only (email) and (post_id, kind), SQLite read every follower
//   of the post. (email, post_id, kind) answers it in one lookup and serves lookups by address alone, so it
//   replaces (email).
// - the followers to tell of a new comment: every follower of the post was read and joined to its address to drop
//   the unconfirmed ones, which anyone can add by the thousand. A subscription now carries whether its address
//   is confirmed (set when the address confirms), and (post_id, kind, confirmed) reads the confirmed ones only.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('mail_subscriptions_email_post_idx').on('mail_subscriptions').columns(['email', 'post_id', 'kind']).execute();
  await db.schema.dropIndex('mail_subscriptions_email_idx').execute();
  await db.schema
    .alterTable('mail_subscriptions')
    .addColumn('confirmed', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await sql`UPDATE mail_subscriptions SET confirmed = 1 WHERE email IN (SELECT email FROM mail_addresses WHERE confirmed_at IS NOT NULL)`.execute(db);
  await db.schema.createIndex('mail_subscriptions_post_confirmed_idx').on('mail_subscriptions').columns(['post_id', 'kind', 'confirmed']).execute();
  await db.schema.dropIndex('mail_subscriptions_post_idx').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('mail_subscriptions_post_idx').on('mail_subscriptions').columns(['post_id', 'kind']).execute();
  await db.schema.dropIndex('mail_subscriptions_post_confirmed_idx').execute();
  await db.schema.alterTable('mail_subscriptions').dropColumn('confirmed').execute();
  await db.schema.createIndex('mail_subscriptions_email_idx').on('mail_subscriptions').columns(['email']).execute();
  await db.schema.dropIndex('mail_subscriptions_email_post_idx').execute();
}
