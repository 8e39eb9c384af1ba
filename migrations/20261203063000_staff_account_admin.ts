import type { Kysely } from 'kysely';

/**
 * Staff accounts run from the interface: an account can be disabled (it signs in no more, its sessions end),
 * must set a new password at its next sign-in (the first-start admin's one-time password), and may have one
 * one-time link to set its password (an invitation, or a reset printed by `npm run user:reset`), kept only
 * as the SHA-256 of its token, with when it stops working.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').addColumn('disabled_at', 'text').execute();
  await db.schema
    .alterTable('users')
    .addColumn('must_change_password', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('users').addColumn('password_link_hash', 'text').execute();
  await db.schema.alterTable('users').addColumn('password_link_expires_at', 'text').execute();
  await db.schema.createIndex('users_password_link_hash').unique().on('users').column('password_link_hash').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('users_password_link_hash').execute();
  await db.schema.alterTable('users').dropColumn('password_link_expires_at').execute();
  await db.schema.alterTable('users').dropColumn('password_link_hash').execute();
  await db.schema.alterTable('users').dropColumn('must_change_password').execute();
  await db.schema.alterTable('users').dropColumn('disabled_at').execute();
}
