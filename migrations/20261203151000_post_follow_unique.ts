import { sql, type Kysely } from 'kysely';

// An address follows a post's new comments at most once. The comment POST checked with a SELECT before its
// INSERT, a statement more on every ticked box (issue 19's bench) and a race between two instances on PostgreSQL;
// a unique index over the 'post' rows lets the INSERT skip a duplicate by itself (ON CONFLICT DO NOTHING).
export async function up(db: Kysely<any>): Promise<void> {
  // Rows a race may have doubled: keep the oldest of each.
  await sql`
    DELETE FROM mail_subscriptions
    WHERE kind = 'post'
      AND id NOT IN (SELECT MIN(id) FROM mail_subscriptions WHERE kind = 'post' GROUP BY email, post_id)
  `.execute(db);
  await db.schema
    .createIndex('mail_subscriptions_one_follow_idx')
    .on('mail_subscriptions')
    .columns(['email', 'post_id'])
    .unique()
    .where(sql<boolean>`kind = 'post'`)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('mail_subscriptions_one_follow_idx').execute();
}
