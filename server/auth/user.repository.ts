import { isPostgres, type DbOrTx } from '../db/database.js';
import type { HeldDigest, NewUser, User } from '../db/schema.js';
import type { Role } from './roles.js';

/** What a request knows about the signed-in user. */
export type SessionUser = Pick<User, 'id' | 'email' | 'name' | 'role' | 'must_change_password'>;

/** A row of the users page: the account, and whether it is disabled or waits for its password. */
export type StaffAccount = SessionUser & Pick<User, 'disabled_at' | 'password_link_expires_at'> & { has_password: boolean };

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
 * Every enabled admin's id, inside a write transaction (a disabled admin cannot act as one). On PostgreSQL the rows stay locked (FOR UPDATE) until it
 * ends, so a concurrent role change waits and then counts the admins as they are after this one; SQLite's
 * BEGIN IMMEDIATE already lets one writer in at a time (and has no FOR UPDATE).
 */
export async function lockAdminIds(tx: DbOrTx): Promise<number[]> {
  const rows = await tx
    .selectFrom('users')
    .select('id')
    .where('role', '=', 'admin')
    .where('disabled_at', 'is', null)
    .$if(isPostgres(tx), (q) => q.forUpdate())
    .execute();
  return rows.map((r) => r.id);
}

/** Every account, by name, without password hashes (whether there is one is has_password). */
export async function listUsers(db: DbOrTx): Promise<StaffAccount[]> {
  const rows = await db
    .selectFrom('users')
    .select(['id', 'email', 'name', 'role', 'must_change_password', 'disabled_at', 'password_link_expires_at', 'password_hash'])
    .orderBy('name')
    .orderBy('id')
    .execute();
  return rows.map(({ password_hash, ...u }) => ({ ...u, has_password: password_hash !== null }));
}

/** Changes a user's role. */
export async function updateUserRole(db: DbOrTx, id: number, role: Role): Promise<void> {
  await db.updateTable('users').set({ role }).where('id', '=', id).execute();
}

/** Sets a user's password hash. */
export async function updateUserPassword(db: DbOrTx, id: number, passwordHash: string): Promise<void> {
  await db.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', id).execute();
}

/** Sets a new password chosen by the person themselves: any one-time link is spent, and nothing more is asked of them. */
export async function setChosenPassword(db: DbOrTx, id: number, passwordHash: string): Promise<void> {
  await db
    .updateTable('users')
    .set({ password_hash: passwordHash, must_change_password: 0, password_link_hash: null, password_link_expires_at: null })
    .where('id', '=', id)
    .execute();
}

/** Gives the account a one-time set-password link (replacing any earlier one). */
export async function setPasswordLink(db: DbOrTx, id: number, linkHash: string, expiresAt: string): Promise<void> {
  await db.updateTable('users').set({ password_link_hash: linkHash, password_link_expires_at: expiresAt }).where('id', '=', id).execute();
}

/** The enabled account whose one-time link has this hash and still works, or undefined. */
export async function findUserByPasswordLink(db: DbOrTx, linkHash: string, nowIso: string): Promise<User | undefined> {
  return db
    .selectFrom('users')
    .selectAll()
    .where('password_link_hash', '=', linkHash)
    .where('password_link_expires_at', '>', nowIso)
    .where('disabled_at', 'is', null)
    .executeTakeFirst();
}

/** Disables an account (an ISO time) or enables it again (null). */
export async function setUserDisabled(db: DbOrTx, id: number, disabledAt: string | null): Promise<void> {
  await db.updateTable('users').set({ disabled_at: disabledAt }).where('id', '=', id).execute();
}

/** Changes a user's name and email (lower-cased). */
export async function updateUserProfile(db: DbOrTx, id: number, profile: { name: string; email: string }): Promise<void> {
  await db.updateTable('users').set({ name: profile.name, email: profile.email.toLowerCase() }).where('id', '=', id).execute();
}

/** Deletes an account (its sessions go with it; its audit entries and labels keep the action, without the name). */
export async function deleteUser(db: DbOrTx, id: number): Promise<void> {
  await db.deleteFrom('users').where('id', '=', id).execute();
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
