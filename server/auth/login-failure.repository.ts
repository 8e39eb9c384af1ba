import type { DbOrTx } from '../db/database.js';

/** Records one failed sign-in from an address for a typed email. */
export async function insertLoginFailure(db: DbOrTx, failure: { ip: string; email: string; createdAt: string }): Promise<void> {
  await db.insertInto('login_failures').values({ ip: failure.ip, email: failure.email, created_at: failure.createdAt }).execute();
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
  const [byIp, byEmail] = await Promise.all([count('ip', ip), count('email', email)]);
  return { byIp, byEmail };
}

/** Forgets an account's failures after a successful sign-in (the IP's failures stay counted). */
export async function deleteLoginFailuresForEmail(db: DbOrTx, email: string): Promise<void> {
  await db.deleteFrom('login_failures').where('email', '=', email).execute();
}

/** Drops failures older than the counting window. */
export async function deleteLoginFailuresBefore(db: DbOrTx, beforeIso: string): Promise<void> {
  await db.deleteFrom('login_failures').where('created_at', '<=', beforeIso).execute();
}
