import { PostgresAdapter, sql, type Kysely } from 'kysely';

/**
 * Reader votes ("Good point" / "Not convinced"), which visitor wrote which comment (so nobody votes on
 * their own), and "this changed my view" marks. Votes and marks show on the post page, so they bump
 * posts.thread_version as comments do (triggers, for every writer), which keys the page caches.
 */

const BUMPING_TABLES = ['comment_votes', 'view_changes'] as const;

const isPostgres = (db: Kysely<any>) => db.getExecutor().adapter instanceof PostgresAdapter;

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('comment_votes')
    .addColumn('id', isPostgres(db) ? 'serial' : 'integer', (c) => (isPostgres(db) ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('comment_id', 'integer', (c) => c.notNull().references('comments.id').onDelete('cascade'))
    .addColumn('post_id', 'integer', (c) => c.notNull().references('posts.id').onDelete('cascade'))
    .addColumn('voter_key', 'text', (c) => c.notNull())
    .addColumn('ip_hash', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull().check(sql`value IN ('good', 'unconvinced')`))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status IN ('counted', 'held', 'rejected')`))
    .addColumn('from_new_voter', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('comment_votes_voter_idx').on('comment_votes').columns(['comment_id', 'voter_key']).unique().execute();
  await db.schema.createIndex('comment_votes_post_idx').on('comment_votes').columns(['post_id', 'status']).execute();
  await db.schema.createIndex('comment_votes_recent_voter_idx').on('comment_votes').columns(['voter_key', 'updated_at']).execute();
  await db.schema.createIndex('comment_votes_recent_ip_idx').on('comment_votes').columns(['ip_hash', 'updated_at']).execute();

  await db.schema
    .createTable('comment_visitors')
    .addColumn('comment_id', 'integer', (c) => c.primaryKey().references('comments.id').onDelete('cascade'))
    .addColumn('visitor_hash', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('comment_visitors_visitor_idx').on('comment_visitors').column('visitor_hash').execute();

  await db.schema
    .createTable('view_changes')
    .addColumn('id', isPostgres(db) ? 'serial' : 'integer', (c) => (isPostgres(db) ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('comment_id', 'integer', (c) => c.notNull().references('comments.id').onDelete('cascade'))
    .addColumn('post_id', 'integer', (c) => c.notNull().references('posts.id').onDelete('cascade'))
    .addColumn('earlier_comment_id', 'integer', (c) => c.notNull().references('comments.id').onDelete('cascade'))
    .addColumn('changer_name', 'text', (c) => c.notNull())
    .addColumn('from_stance', 'text')
    .addColumn('to_stance', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('view_changes_once_idx').on('view_changes').columns(['comment_id', 'earlier_comment_id']).unique().execute();
  await db.schema.createIndex('view_changes_post_idx').on('view_changes').column('post_id').execute();

  for (const table of BUMPING_TABLES) {
    if (isPostgres(db)) {
      await sql
        .raw(
          `CREATE FUNCTION ${table}_bump_thread() RETURNS trigger AS $$ BEGIN
             IF TG_OP <> 'INSERT' THEN UPDATE posts SET thread_version = thread_version + 1 WHERE id = OLD.post_id; END IF;
             IF TG_OP <> 'DELETE' THEN UPDATE posts SET thread_version = thread_version + 1 WHERE id = NEW.post_id; END IF;
             RETURN NULL; END $$ LANGUAGE plpgsql`,
        )
        .execute(db);
      await sql
        .raw(`CREATE TRIGGER ${table}_bump_thread AFTER INSERT OR UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION ${table}_bump_thread()`)
        .execute(db);
    } else {
      await sql
        .raw(
          `CREATE TRIGGER ${table}_bump_thread_ins AFTER INSERT ON ${table} BEGIN UPDATE posts SET thread_version = thread_version + 1 WHERE id = NEW.post_id; END`,
        )
        .execute(db);
      await sql
        .raw(
          `CREATE TRIGGER ${table}_bump_thread_upd AFTER UPDATE ON ${table} BEGIN UPDATE posts SET thread_version = thread_version + 1 WHERE id IN (OLD.post_id, NEW.post_id); END`,
        )
        .execute(db);
      await sql
        .raw(
          `CREATE TRIGGER ${table}_bump_thread_del AFTER DELETE ON ${table} BEGIN UPDATE posts SET thread_version = thread_version + 1 WHERE id = OLD.post_id; END`,
        )
        .execute(db);
    }
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of BUMPING_TABLES) {
    if (isPostgres(db)) {
      await sql.raw(`DROP TRIGGER ${table}_bump_thread ON ${table}`).execute(db);
      await sql.raw(`DROP FUNCTION ${table}_bump_thread()`).execute(db);
    } else {
      for (const when of ['ins', 'upd', 'del']) await sql.raw(`DROP TRIGGER ${table}_bump_thread_${when}`).execute(db);
    }
  }
  await db.schema.dropTable('view_changes').execute();
  await db.schema.dropTable('comment_visitors').execute();
  await db.schema.dropTable('comment_votes').execute();
}
