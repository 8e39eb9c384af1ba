import { PostgresAdapter, sql, type Kysely } from 'kysely';

// Repeats server/import constants on purpose: migrations never import app code.
const SOURCES = `'wordpress', 'disqus'`;
const KINDS = `'user', 'post', 'comment', 'linkback'`;
const LINKBACK_KINDS = `'pingback', 'trackback'`;

export async function up(db: Kysely<any>): Promise<void> {
  const isPostgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const withId = (name: string) => {
    const table = db.schema.createTable(name);
    return isPostgres ? table.addColumn('id', 'serial', (c) => c.primaryKey()) : table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
  };

  // What each imported row was in the export it came from: running an import twice finds these and adds nothing.
  await withId('import_keys')
    .addColumn('source', 'varchar(16)', (c) => c.notNull().check(sql.raw(`source in (${SOURCES})`)))
    .addColumn('kind', 'varchar(16)', (c) => c.notNull().check(sql.raw(`kind in (${KINDS})`)))
    // The export's own identity for the row: a post's GUID, a comment's post GUID and comment id, an author's login.
    .addColumn('source_key', 'varchar(500)', (c) => c.notNull())
    // The export's numeric id (WordPress post_id or comment_id), for old links such as /?p=123 and #comment-456.
    .addColumn('source_id', 'varchar(32)')
    .addColumn('target_id', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addUniqueConstraint('import_keys_source_kind_key', ['source', 'kind', 'source_key'])
    .execute();
  await db.schema.createIndex('import_keys_source_id_idx').on('import_keys').columns(['kind', 'source_id']).execute();
  await db.schema.createIndex('import_keys_target_idx').on('import_keys').columns(['kind', 'target_id']).execute();

  // Old addresses of imported posts (a WordPress permalink path): each answers 301 to the post.
  await withId('legacy_paths')
    .addColumn('path', 'varchar(500)', (c) => c.notNull().unique())
    .addColumn('post_id', 'integer', (c) => c.notNull().references('posts.id').onDelete('cascade'))
    .execute();
  await db.schema.createIndex('legacy_paths_post_idx').on('legacy_paths').column('post_id').execute();

  // Pingbacks and trackbacks: another site linked to the post. Shown as a one-line "linked from", never as a comment.
  await withId('linkbacks')
    .addColumn('post_id', 'integer', (c) => c.notNull().references('posts.id').onDelete('cascade'))
    .addColumn('kind', 'varchar(16)', (c) => c.notNull().check(sql.raw(`kind in (${LINKBACK_KINDS})`)))
    .addColumn('source_name', 'varchar(500)', (c) => c.notNull())
    .addColumn('source_url', 'varchar(2000)')
    // As the export had it, tags stripped; printed escaped.
    .addColumn('excerpt', 'text', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull().check(sql.raw(`status in ('pending', 'approved', 'spam', 'trash')`)))
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('linkbacks_post_idx').on('linkbacks').columns(['post_id', 'status']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('linkbacks').execute();
  await db.schema.dropTable('legacy_paths').execute();
  await db.schema.dropTable('import_keys').execute();
}
