import { withWriteTransaction, type Db } from '../db/database.js';
import type { User } from '../db/schema.js';
import { lockForTransaction } from '../db/transaction-lock.js';
import { HashingBusy } from './hash-slots.js';
import {
  countLoginFailuresSince,
  deleteLoginFailure,
  deleteLoginFailuresBefore,
  deleteLoginFailuresForEmail,
  insertLoginFailure,
} from './login-failure.repository.js';
import { generatePassword, hashPassword, needsRehash, verifyPassword } from './password.js';
import type { Role } from './roles.js';
import { deleteExpiredSessions, deleteSession, insertSession } from './session.repository.js';
import { createSessionToken } from './session-token.js';
import { countAdmins, findUserByEmail, insertUser, updateUserPassword } from './user.repository.js';

export const LOGIN_WINDOW_MINUTES = 15;
export const MAX_FAILURES_PER_ACCOUNT = 5;
export const MAX_FAILURES_PER_IP = 20;
const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
export const BOOTSTRAP_ADMIN_EMAIL = 'admin@rejoinder.local';

export type SignInResult = { ok: true; user: User; token: string; expiresAt: Date } | { ok: false; reason: 'invalid' | 'throttled' };

const dummyHashes = new Map<number, Promise<string>>();

// Unknown emails are checked against a dummy hash of the same cost, so timing does not tell
// whether an account exists.
function dummyHash(cost: number): Promise<string> {
  let hash = dummyHashes.get(cost);
  if (!hash) dummyHashes.set(cost, (hash = hashPassword('not-a-real-password', cost)));
  return hash;
}

/**
 * Counts an attempt before its password is checked, in one write transaction per attempt (under a lock
 * on the address and on the email on PostgreSQL), so parallel guesses cannot all pass the limit check
 * before any is recorded. Returns the attempt's id, or null when a limit is already reached.
 */
async function claimAttempt(db: Db, attempt: { ip: string; email: string; nowIso: string; sinceIso: string }): Promise<number | null> {
  return withWriteTransaction(db, async (tx) => {
    // Always the address first, then the email: two attempts never wait on each other's second lock.
    await lockForTransaction(tx, `sign-in:ip:${attempt.ip}`);
    await lockForTransaction(tx, `sign-in:email:${attempt.email}`);
    await deleteLoginFailuresBefore(tx, attempt.sinceIso);
    const failures = await countLoginFailuresSince(tx, attempt.ip, attempt.email, attempt.sinceIso);
    if (failures.byIp >= MAX_FAILURES_PER_IP || failures.byEmail >= MAX_FAILURES_PER_ACCOUNT) return null;
    return insertLoginFailure(tx, { ip: attempt.ip, email: attempt.email, createdAt: attempt.nowIso });
  });
}

/** Checks the password, handing the attempt back when the server was too busy to check it. */
async function checkPassword(db: Db, attemptId: number, password: string, stored: string): Promise<boolean> {
  try {
    return await verifyPassword(password, stored);
  } catch (err) {
    if (err instanceof HashingBusy) await deleteLoginFailure(db, attemptId);
    throw err;
  }
}

/** Stores the password again at the configured cost when its hash is older and weaker; skipped when hashing is busy. */
async function upgradeHash(db: Db, user: User, password: string, cost: number): Promise<void> {
  if (!user.password_hash || !needsRehash(user.password_hash, cost)) return;
  try {
    await updateUserPassword(db, user.id, await hashPassword(password, cost));
  } catch (err) {
    if (!(err instanceof HashingBusy)) throw err;
  }
}

/**
 * Checks an email and password and opens a new session. Attempts are counted per IP and per typed
 * email (existing or not) before the check and refused past the limits, with the same answer either
 * way; a successful one forgets the email's failures. Throws HashingBusy when too many are being checked.
 */
export async function signIn(
  db: Db,
  input: { email: string; password: string; ip: string; previousTokenHash: string | null },
  options: { now: Date; sessionTtlHours: number; passwordHashCost: number },
): Promise<SignInResult> {
  const email = input.email.trim().toLowerCase();
  const nowIso = options.now.toISOString();
  const sinceIso = new Date(options.now.getTime() - LOGIN_WINDOW_MINUTES * MINUTE_MS).toISOString();
  const attemptId = await claimAttempt(db, { ip: input.ip, email, nowIso, sinceIso });
  if (attemptId === null) return { ok: false, reason: 'throttled' };
  const user = await findUserByEmail(db, email);
  const stored = user?.password_hash ?? (await dummyHash(options.passwordHashCost));
  const matches = await checkPassword(db, attemptId, input.password, stored);
  if (!user || !user.password_hash || !matches || user.disabled_at !== null) return { ok: false, reason: 'invalid' };
  await deleteLoginFailuresForEmail(db, email);
  await upgradeHash(db, user, input.password, options.passwordHashCost);
  // Rotation: whatever session the browser carried before is ended, and a fresh id is issued.
  if (input.previousTokenHash) await deleteSession(db, input.previousTokenHash);
  await deleteExpiredSessions(db, nowIso);
  const { token, tokenHash } = createSessionToken();
  const expiresAt = new Date(options.now.getTime() + options.sessionTtlHours * HOUR_MS);
  await insertSession(db, { tokenHash, userId: user.id, createdAt: nowIso, expiresAt: expiresAt.toISOString() });
  return { ok: true, user, token, expiresAt };
}

/** Creates a staff account with a hashed password; returns its id. */
export async function createUser(
  db: Db,
  input: { email: string; name: string; role: Role; password: string },
  options: { now: Date; passwordHashCost: number },
): Promise<number> {
  return insertUser(db, {
    email: input.email,
    name: input.name,
    role: input.role,
    password_hash: await hashPassword(input.password, options.passwordHashCost),
    created_at: options.now.toISOString(),
  });
}

/** On a database without an admin, creates one and returns its one-time password; otherwise null. */
export async function ensureAdmin(db: Db, options: { now: Date; passwordHashCost: number }): Promise<{ email: string; password: string } | null> {
  if ((await countAdmins(db)) > 0) return null;
  const password = generatePassword();
  const passwordHash = await hashPassword(password, options.passwordHashCost);
  // Instances started together all see no admin here; checking again inside a write transaction
  // lets exactly one create it, instead of the others dying on the unique email.
  const created = await withWriteTransaction(db, async (tx) => {
    if ((await countAdmins(tx)) > 0 || (await findUserByEmail(tx, BOOTSTRAP_ADMIN_EMAIL))) return false;
    await insertUser(tx, {
      email: BOOTSTRAP_ADMIN_EMAIL,
      name: 'Administrator',
      role: 'admin',
      password_hash: passwordHash,
      created_at: options.now.toISOString(),
      // Its one-time password was printed on a terminal: the first sign-in chooses one that was never shown.
      must_change_password: 1,
    });
    return true;
  });
  return created ? { email: BOOTSTRAP_ADMIN_EMAIL, password } : null;
}
