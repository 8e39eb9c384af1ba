import { sql, type Kysely } from 'kysely';

// Repeats server/db/schema.ts's POST_KINDS on purpose: migrations never import app code.
const POST_KINDS = `'article', 'external_page'`;

/**
 * Threads for pages of other sites (the embed): a post of kind 'external_page' belongs to one page URL,
 * normalised, and remembers its origin so new pages can be limited per embedding site.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('posts')
    .addColumn('kind', 'varchar(16)', (c) =>
      c
        .notNull()
        .defaultTo('article')
        .check(sql.raw(`kind in (${POST_KINDS})`)),
    )
    .execute();
  await db.schema.alterTable('posts').addColumn('page_url', 'varchar(600)').execute();
  await db.schema.alterTable('posts').addColumn('page_origin', 'varchar(300)').execute();
  await db.schema.createIndex('posts_page_url_idx').unique().on('posts').column('page_url').execute();
  await db.schema.createIndex('posts_page_origin_idx').on('posts').columns(['page_origin', 'created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('posts_page_origin_idx').execute();
  await db.schema.dropIndex('posts_page_url_idx').execute();
  await db.schema.alterTable('posts').dropColumn('page_origin').execute();
  await db.schema.alterTable('posts').dropColumn('page_url').execute();
  await db.schema.alterTable('posts').dropColumn('kind').execute();
}
