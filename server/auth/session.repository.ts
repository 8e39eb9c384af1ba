import type { DbOrTx } from '../db/database.js';
import type { SessionUser } from './user.repository.js';

/** Stores a session by the hash of its id. */
export async function insertSession(db: DbOrTx, session: { tokenHash: string; userId: number; createdAt: string; expiresAt: string }): Promise<void> {
  await db
    .insertInto('sessions')
    .values({ token_hash: session.tokenHash, user_id: session.userId, created_at: session.createdAt, expires_at: session.expiresAt })
    .execute();
}

/** The user of an unexpired session, or undefined. */
export async function findSessionUser(db: DbOrTx, tokenHash: string, nowIso: string): Promise<SessionUser | undefined> {
  return db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select(['users.id', 'users.email', 'users.name', 'users.role', 'users.must_change_password'])
    .where('sessions.token_hash', '=', tokenHash)
    .where('users.disabled_at', 'is', null)
    .where('sessions.expires_at', '>', nowIso)
    .executeTakeFirst();
}

/** Removes one session (sign-out, or rotation on sign-in). */
export async function deleteSession(db: DbOrTx, tokenHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
}

/** Ends every session of a user (disabled, or their password changed), but for the one kept (the browser that changed it). */
export async function deleteSessionsOfUser(db: DbOrTx, userId: number, keepTokenHash: string | null = null): Promise<void> {
  await db
    .deleteFrom('sessions')
    .where('user_id', '=', userId)
    .$if(keepTokenHash !== null, (q) => q.where('token_hash', '!=', keepTokenHash!))
    .execute();
}

/** Removes sessions that have expired. */
export async function deleteExpiredSessions(db: DbOrTx, nowIso: string): Promise<void> {
  await db.deleteFrom('sessions').where('expires_at', '<=', nowIso).execute();
}
