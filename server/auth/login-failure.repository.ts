import type { DbOrTx } from '../db/database.js';

/** Records one sign-in attempt from an address for a typed email (it stays as a failure unless the password matches); returns its id. */
export async function insertLoginFailure(db: DbOrTx, failure: { ip: string; email: string; createdAt: string }): Promise<number> {
  const row = await db
    .insertInto('login_failures')
    .values({ ip: failure.ip, email: failure.email, created_at: failure.createdAt })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Failed sign-ins since a time, counted per IP and per typed email. */
export async function countLoginFailuresSince(db: DbOrTx, ip: string, email: string, sinceIso: string) {
  const count = async (column: 'ip' | 'email', value: string) => {
    const row = await db
      .selectFrom('login_failures')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where(column, '=', value)
      .where('created_at', '>', sinceIso)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  };
  return { byIp: await count('ip', ip), byEmail: await count('email', email) };
}

/** Forgets an account's failures after a successful sign-in (the IP's failures stay counted). */
export async function deleteLoginFailuresForEmail(db: DbOrTx, email: string): Promise<void> {
  await db.deleteFrom('login_failures').where('email', '=', email).execute();
}

/** Forgets one attempt that was never checked (the server was too busy to hash it). */
export async function deleteLoginFailure(db: DbOrTx, id: number): Promise<void> {
  await db.deleteFrom('login_failures').where('id', '=', id).execute();
}

/** Drops failures older than the counting window. */
export async function deleteLoginFailuresBefore(db: DbOrTx, beforeIso: string): Promise<void> {
  await db.deleteFrom('login_failures').where('created_at', '<=', beforeIso).execute();
}
