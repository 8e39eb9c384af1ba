import { PostgresAdapter, sql, type Kysely } from 'kysely';

// Repeats server/post/post-editor constants on purpose: migrations never import app code.
const MODERATION_MODES = `'all', 'first_time', 'open'`;

export async function up(db: Kysely<any>): Promise<void> {
  // 'open' for the posts that exist already, so they keep behaving as before.
  await db.schema
    .alterTable('posts')
    .addColumn('moderation_mode', 'varchar(16)', (c) =>
      c
        .notNull()
        .defaultTo('open')
        .check(sql.raw(`moderation_mode in (${MODERATION_MODES})`)),
    )
    .execute();

  const isPostgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const table = db.schema.createTable('post_slugs');
  await (isPostgres ? table.addColumn('id', 'serial', (c) => c.primaryKey()) : table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement()))
    // A slug the post had before; requests for it are redirected (301) to the current one.
    .addColumn('slug', 'varchar(200)', (c) => c.notNull().unique())
    .addColumn('post_id', 'integer', (c) => c.notNull().references('posts.id').onDelete('cascade'))
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('post_slugs_post_idx').on('post_slugs').column('post_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('post_slugs').execute();
  await db.schema.alterTable('posts').dropColumn('moderation_mode').execute();
}
