import type { Kysely } from 'kysely';

/**
 * The subject's allies and rivals (people, groups, slogans, hashtags), each a JSON array of strings like
 * subject_aliases: praise of a rival or an attack on an ally reads as against the subject, and the reverse.
 * Existing posts get none, so they are classified as before.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('posts')
    .addColumn('subject_allies', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();
  await db.schema
    .alterTable('posts')
    .addColumn('subject_rivals', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('posts').dropColumn('subject_rivals').execute();
  await db.schema.alterTable('posts').dropColumn('subject_allies').execute();
}
