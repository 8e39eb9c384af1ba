import { PostgresAdapter, sql, type Kysely } from 'kysely';

/**
 * Scratch rows of an import that runs in two passes (Disqus lists every thread, then every comment flat): the
 * first pass stages what it reads here, the second stores it thread by thread. Rows belong to one run (run_key)
 * and are deleted when it ends; a run killed halfway leaves its rows to the next run, which clears them.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const isPostgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const table = db.schema.createTable('import_staging');
  await (isPostgres ? table.addColumn('id', 'serial', (c) => c.primaryKey()) : table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement()))
    .addColumn('run_key', 'varchar(64)', (c) => c.notNull())
    .addColumn('kind', 'varchar(16)', (c) => c.notNull().check(sql.raw(`kind in ('thread', 'post')`)))
    // The source's id of the row (a Disqus dsq:id).
    .addColumn('source_key', 'varchar(500)', (c) => c.notNull())
    // What the row belongs to: a post's thread id ('' for a thread).
    .addColumn('group_key', 'varchar(500)', (c) => c.notNull())
    .addColumn('line', 'integer', (c) => c.notNull())
    // The row as the reader gave it, as JSON.
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addUniqueConstraint('import_staging_run_kind_key', ['run_key', 'kind', 'source_key'])
    .execute();
  await db.schema.createIndex('import_staging_group_idx').on('import_staging').columns(['run_key', 'kind', 'group_key']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('import_staging').execute();
}
