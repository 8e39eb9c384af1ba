import { isPostgres, type DbOrTx } from '../db/database.js';
import type { NewUser, User } from '../db/schema.js';
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
