import { isPostgres, type DbOrTx } from '../db/database.js';
import type { HeldDigest, NewUser, User } from '../db/schema.js';
import type { Role } from './roles.js';

/** What a request knows about the signed-in user. */
export type SessionUser = Pick<User, 'id' | 'email' | 'name' | 'role'>;

/** One user by email (compared lower-cased), or undefined. */
export async function findUserByEmail(db: DbOrTx, email: string): Promise<User | undefined> {
  return db.selectFrom('users').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst();
}

/** One user by id, or undefined. */
export async function findUserById(db: DbOrTx, id: number): Promise<User | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Stores a user (email lower-cased) and returns the id. */
export async function insertUser(db: DbOrTx, user: NewUser): Promise<number> {
  const row = await db
    .insertInto('users')
    .values({ ...user, email: user.email.toLowerCase() })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** How many admins exist. */
export async function countAdmins(db: DbOrTx): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('role', '=', 'admin')
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/**
 * Every admin's id, inside a write transaction. On PostgreSQL the rows stay locked (FOR UPDATE) until it
 * ends, so a concurrent role change waits and then counts the admins as they are after this one; SQLite's
 * BEGIN IMMEDIATE already lets one writer in at a time (and has no FOR UPDATE).
 */
export async function lockAdminIds(tx: DbOrTx): Promise<number[]> {
  const rows = await tx
    .selectFrom('users')
    .select('id')
    .where('role', '=', 'admin')
    .$if(isPostgres(tx), (q) => q.forUpdate())
    .execute();
  return rows.map((r) => r.id);
}

/** Every user, by name, without password hashes. */
export async function listUsers(db: DbOrTx): Promise<SessionUser[]> {
  return db.selectFrom('users').select(['id', 'email', 'name', 'role']).orderBy('name').orderBy('id').execute();
}

/** Changes a user's role. */
export async function updateUserRole(db: DbOrTx, id: number, role: Role): Promise<void> {
  await db.updateTable('users').set({ role }).where('id', '=', id).execute();
}

/** Sets a user's password hash. */
export async function updateUserPassword(db: DbOrTx, id: number, passwordHash: string): Promise<void> {
  await db.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', id).execute();
}

/** Sets what a staff member is mailed: new comments on their posts, the held-comment digest. */
export async function updateUserMailPreferences(db: DbOrTx, id: number, prefs: { newComments: boolean; heldDigest: HeldDigest }): Promise<void> {
  await db
    .updateTable('users')
    .set({ mail_new_comments: prefs.newComments ? 1 : 0, mail_held_digest: prefs.heldDigest })
    .where('id', '=', id)
    .execute();
}

/** Turns one kind of a staff member's mail off (the link in the message). */
export async function turnOffUserMail(db: DbOrTx, id: number, what: 'new-comments' | 'held-digest'): Promise<void> {
  await db
    .updateTable('users')
    .set(what === 'new-comments' ? { mail_new_comments: 0 } : { mail_held_digest: 'off' })
    .where('id', '=', id)
    .execute();
}

/** Of these writers, those who asked to be mailed about new comments on their posts. */
export async function listUsersMailedNewComments(db: DbOrTx, ids: readonly number[]): Promise<{ id: number; email: string }[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('users').select(['id', 'email']).where('id', 'in', ids).where('mail_new_comments', '=', 1).execute();
}

/** The moderators and admins who asked for a digest of held comments. */
export async function listHeldDigestReaders(db: DbOrTx): Promise<{ id: number; email: string; mail_held_digest: HeldDigest }[]> {
  return db
    .selectFrom('users')
    .select(['id', 'email', 'mail_held_digest'])
    .where('role', 'in', ['admin', 'moderator'])
    .where('mail_held_digest', '!=', 'off')
    .execute();
}
