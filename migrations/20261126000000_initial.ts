import { PostgresAdapter, sql, type ColumnDefinitionBuilder, type CreateTableBuilder, type Kysely } from 'kysely';

// Migrations never import app code: the enum values below repeat server/**/ constants on purpose.
const ROLES = `'admin', 'moderator', 'author'`;
const POST_STATUSES = `'draft', 'published'`;
const COMMENT_STATUSES = `'pending', 'approved', 'spam', 'trash'`;
const STANCES = `'pro', 'against', 'neutral'`;
const STANCE_SOURCES = `'self', 'auto', 'moderator'`;

function withId<T extends string>(db: Kysely<any>, table: CreateTableBuilder<T, never>) {
  const isPostgres = db.getExecutor().adapter instanceof PostgresAdapter;
  return isPostgres ? table.addColumn('id', 'serial', (c) => c.primaryKey()) : table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
}

const notNull = (c: ColumnDefinitionBuilder) => c.notNull();

export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable('users'))
    .addColumn('email', 'varchar(100)', (c) => c.notNull().unique())
    .addColumn('name', 'varchar(245)', notNull)
    .addColumn('role', 'varchar(16)', (c) => c.notNull().check(sql.raw(`role in (${ROLES})`)))
    .addColumn('password_hash', 'text')
    .addColumn('created_at', 'varchar(32)', notNull)
    .execute();

  await withId(db, db.schema.createTable('posts'))
    .addColumn('slug', 'varchar(200)', (c) => c.notNull().unique())
    .addColumn('title', 'varchar(300)', notNull)
    .addColumn('body_raw', 'text', notNull)
    .addColumn('body_html', 'text', notNull)
    .addColumn('excerpt', 'text', notNull)
    .addColumn('author_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('status', 'varchar(16)', (c) => c.notNull().check(sql.raw(`status in (${POST_STATUSES})`)))
    .addColumn('subject_name', 'varchar(245)', notNull)
    .addColumn('subject_aliases', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('author_stance', 'varchar(16)', (c) => c.check(sql.raw(`author_stance in (${STANCES})`)))
    .addColumn('comments_open', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('published_at', 'varchar(32)')
    .addColumn('created_at', 'varchar(32)', notNull)
    .addColumn('updated_at', 'varchar(32)', notNull)
    .execute();
  await db.schema.createIndex('posts_status_published_idx').on('posts').columns(['status', 'published_at']).execute();

  await withId(db, db.schema.createTable('comments'))
    .addColumn('post_id', 'integer', (c) => c.notNull().references('posts.id').onDelete('cascade'))
    .addColumn('parent_id', 'integer', (c) => c.references('comments.id').onDelete('cascade'))
    .addColumn('depth', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`depth >= 0`),
    )
    .addColumn('author_name', 'varchar(245)', notNull)
    .addColumn('author_email', 'varchar(100)', notNull)
    .addColumn('author_url', 'varchar(200)')
    .addColumn('body_raw', 'text', notNull)
    .addColumn('body_html', 'text', notNull)
    .addColumn('status', 'varchar(16)', (c) => c.notNull().check(sql.raw(`status in (${COMMENT_STATUSES})`)))
    .addColumn('self_stance', 'varchar(16)', (c) => c.check(sql.raw(`self_stance in (${STANCES})`)))
    .addColumn('created_at', 'varchar(32)', notNull)
    .addColumn('edited_at', 'varchar(32)')
    .addColumn('deleted_at', 'varchar(32)')
    .addCheckConstraint('comments_not_own_parent', sql`parent_id is null or parent_id <> id`)
    .execute();
  await db.schema.createIndex('comments_post_status_idx').on('comments').columns(['post_id', 'status', 'id']).execute();
  await db.schema.createIndex('comments_parent_idx').on('comments').column('parent_id').execute();

  await withId(db, db.schema.createTable('group_remarks'))
    .addColumn('comment_id', 'integer', (c) => c.notNull().references('comments.id').onDelete('cascade'))
    .addColumn('source_group', 'varchar(200)', notNull)
    .addColumn('source_url', 'varchar(500)')
    .addColumn('author_name', 'varchar(245)', notNull)
    .addColumn('headline', 'varchar(245)')
    .addColumn('posted_label', 'varchar(100)')
    .addColumn('posted_at', 'varchar(32)')
    .addColumn('body_raw', 'text', notNull)
    .addColumn('body_html', 'text', notNull)
    .addColumn('position', 'integer', notNull)
    .addColumn('created_at', 'varchar(32)', notNull)
    .execute();
  await db.schema.createIndex('group_remarks_comment_idx').on('group_remarks').columns(['comment_id', 'position']).execute();

  await withId(db, db.schema.createTable('stance_labels'))
    .addColumn('comment_id', 'integer', (c) => c.references('comments.id').onDelete('cascade'))
    .addColumn('remark_id', 'integer', (c) => c.references('group_remarks.id').onDelete('cascade'))
    .addColumn('label', 'varchar(16)', (c) => c.notNull().check(sql.raw(`label in (${STANCES})`)))
    .addColumn('source', 'varchar(16)', (c) => c.notNull().check(sql.raw(`source in (${STANCE_SOURCES})`)))
    // 'double precision', not 'real': PostgreSQL's real is 4 bytes (0.7 reads back as 0.699999988...),
    // SQLite's is 8; both give this declaration the same 8-byte float, so labels compare alike.
    .addColumn('confidence', 'double precision', (c) => c.notNull().check(sql`confidence >= 0 and confidence <= 1`))
    .addColumn('cues', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'varchar(32)', notNull)
    .addCheckConstraint('stance_labels_one_target', sql`(comment_id is null and remark_id is not null) or (comment_id is not null and remark_id is null)`)
    .execute();
  await db.schema.createIndex('stance_labels_comment_idx').on('stance_labels').columns(['comment_id', 'id']).execute();
  await db.schema.createIndex('stance_labels_remark_idx').on('stance_labels').columns(['remark_id', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['stance_labels', 'group_remarks', 'comments', 'posts', 'users']) {
    await db.schema.dropTable(table).execute();
  }
}
