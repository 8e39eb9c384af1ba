import type { Kysely } from 'kysely';

/**
 * Why an automatic label was worked out again ("parent relabelled by a moderator", "edited by a moderator"):
 * null for a label set when its item was stored. Remarks get the edit time comments already have, so readers
 * see that a remark was edited.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('stance_labels').addColumn('reason', 'text').execute();
  await db.schema.alterTable('group_remarks').addColumn('edited_at', 'varchar(32)').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('group_remarks').dropColumn('edited_at').execute();
  await db.schema.alterTable('stance_labels').dropColumn('reason').execute();
}
