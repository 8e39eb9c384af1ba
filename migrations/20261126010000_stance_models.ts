import type { Kysely } from 'kysely';

// One learned stance model per scope ('site' for now), saved as JSON after each moderator decision.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('stance_models')
    .addColumn('scope', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('model_json', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('stance_models').execute();
}
