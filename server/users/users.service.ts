// Staff accounts run from the interface: invitations and one-time set-password links, roles, disabling and
// removing (never oneself, never the last enabled admin), and each person's own name, email and password.
// Every change is logged in the audit log.
import { insertAuditEntries, type AuditEntry } from '../audit/audit.repository.js';
import { hashPassword, verifyPassword } from '../auth/password.js';
import type { Role } from '../auth/roles.js';
import { deleteSessionsOfUser } from '../auth/session.repository.js';
import { createSessionToken, hashSessionToken } from '../auth/session-token.js';
import {
  deleteUser,
  findUserByEmail,
  findUserById,
  findUserByPasswordLink,
  insertUser,
  lockAdminIds,
  setChosenPassword,
  setPasswordLink,
  setUserDisabled,
  updateUserProfile,
  type SessionUser,
} from '../auth/user.repository.js';
import { withWriteTransaction, type Db, type DbOrTx } from '../db/database.js';
import type { User } from '../db/schema.js';
import { Conflict, Forbidden, NotFound } from '../errors.js';
import { reassignPosts } from './staff-account.repository.js';

const DAY_MS = 86_400_000;
/** How long an invitation's link works, and a reset's. */
export const INVITE_LINK_DAYS = 7;
export const RESET_LINK_DAYS = 1;

/** A one-time link made for an account: the path with its token (shown once, stored only hashed) and its end. */
export interface PasswordLink {
  path: string;
  expiresAt: string;
}

/** A field's message, for a form to show beside the field (422). */
export class FieldProblem extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

const audit = (actorId: number | null, action: string, target: number, before: unknown, after: unknown, at: string): AuditEntry => ({
  userId: actorId,
  action,
  targetType: 'user',
  targetId: target,
  before,
  after,
  createdAt: at,
});

async function issueLink(tx: DbOrTx, userId: number, now: Date, days: number): Promise<PasswordLink> {
  const { token, tokenHash } = createSessionToken();
  const expiresAt = new Date(now.getTime() + days * DAY_MS).toISOString();
  await setPasswordLink(tx, userId, tokenHash, expiresAt);
  return { path: `/password/${token}`, expiresAt };
}

/** Creates a staff account without a password and its invitation link (logged: user.invite); a taken email is a FieldProblem. */
export async function inviteUser(
  db: Db,
  actorId: number,
  input: { name: string; email: string; role: Role },
  now: Date,
): Promise<PasswordLink & { id: number }> {
  const at = now.toISOString();
  return withWriteTransaction(db, async (tx) => {
    await requireEnabledAdmin(tx, actorId);
    if (await findUserByEmail(tx, input.email)) throw new FieldProblem('email', 'An account with this email exists already');
    const id = await insertUser(tx, { email: input.email, name: input.name, role: input.role, password_hash: null, created_at: at });
    const link = await issueLink(tx, id, now, INVITE_LINK_DAYS);
    await insertAuditEntries(tx, [audit(actorId, 'user.invite', id, undefined, { name: input.name, email: input.email.toLowerCase(), role: input.role }, at)]);
    return { ...link, id };
  });
}

/**
 * A fresh one-time link for an account (the previous one stops working), by an admin from the users page
 * (actorId) or by `npm run user:reset` (actorId null); logged: user.reset_link.
 */
export async function issueResetLink(db: Db, actorId: number | null, userId: number, now: Date): Promise<PasswordLink> {
  return withWriteTransaction(db, async (tx) => {
    if (actorId !== null) await requireEnabledAdmin(tx, actorId);
    const user = await findUserById(tx, userId);
    if (!user) throw new NotFound('There is no such user.');
    const link = await issueLink(tx, userId, now, user.password_hash === null ? INVITE_LINK_DAYS : RESET_LINK_DAYS);
    await insertAuditEntries(tx, [audit(actorId, 'user.reset_link', userId, undefined, { expiresAt: link.expiresAt }, now.toISOString())]);
    return link;
  });
}

/** The account a one-time link's token opens, while it works; undefined otherwise. */
export async function findLinkUser(db: DbOrTx, token: string, now: Date): Promise<User | undefined> {
  return findUserByPasswordLink(db, hashSessionToken(token), now.toISOString());
}

/** Sets the password through a one-time link, which is then spent; every session of the account ends (logged: user.password_set). */
export async function setPasswordByLink(db: Db, token: string, password: string, now: Date, cost: number): Promise<User | undefined> {
  const hash = await hashPassword(password, cost);
  return withWriteTransaction(db, async (tx) => {
    const user = await findLinkUser(tx, token, now);
    if (!user) return undefined;
    await setChosenPassword(tx, user.id, hash);
    await deleteSessionsOfUser(tx, user.id);
    await insertAuditEntries(tx, [audit(user.id, 'user.password_set', user.id, undefined, undefined, now.toISOString())]);
    return user;
  });
}

/** Throws unless the actor is still an enabled admin (the session said so when the request began); returns the enabled admins' ids. */
async function requireEnabledAdmin(tx: DbOrTx, actorId: number): Promise<number[]> {
  const adminIds = await lockAdminIds(tx);
  if (!adminIds.includes(actorId)) throw new Forbidden('Your account is not allowed to do that.');
  return adminIds;
}

/** Loads the target of an admin's change of another account: never oneself, never the last enabled admin. */
async function otherAccount(tx: DbOrTx, actorId: number, userId: number, what: string): Promise<User> {
  const adminIds = await requireEnabledAdmin(tx, actorId);
  const user = await findUserById(tx, userId);
  if (!user) throw new NotFound('There is no such user.');
  if (user.id === actorId) throw new Conflict(`You cannot ${what} your own account.`);
  if (adminIds.includes(user.id) && adminIds.length <= 1) throw new Conflict(`The last admin cannot be ${what}d.`);
  return user;
}

/** Disables an account (it signs in no more; its sessions end) or enables it again; logged: user.disable / user.enable. */
export async function setAccountDisabled(db: Db, actorId: number, userId: number, disabled: boolean, now: Date): Promise<void> {
  const at = now.toISOString();
  await withWriteTransaction(db, async (tx) => {
    const user = await otherAccount(tx, actorId, userId, disabled ? 'disable' : 'enable');
    if ((user.disabled_at !== null) === disabled) return;
    await setUserDisabled(tx, userId, disabled ? at : null);
    if (disabled) await deleteSessionsOfUser(tx, userId);
    await insertAuditEntries(tx, [audit(actorId, disabled ? 'user.disable' : 'user.enable', userId, { disabled: !disabled }, { disabled }, at)]);
  });
}

/** Removes an account; its posts pass to the admin removing it, so no post loses its author (logged: user.remove, with the count). */
export async function removeAccount(db: Db, actorId: number, userId: number, now: Date): Promise<void> {
  const at = now.toISOString();
  await withWriteTransaction(db, async (tx) => {
    const user = await otherAccount(tx, actorId, userId, 'remove');
    const posts = await reassignPosts(tx, userId, actorId);
    await deleteUser(tx, userId);
    await insertAuditEntries(tx, [
      audit(actorId, 'user.remove', userId, { name: user.name, email: user.email, role: user.role, postsPassedOn: posts }, undefined, at),
    ]);
  });
}

/** Checks the signed-in person's current password; a wrong one is a FieldProblem on currentPassword. */
async function checkCurrentPassword(tx: DbOrTx, userId: number, password: string): Promise<User> {
  const user = await findUserById(tx, userId);
  if (!user) throw new NotFound('There is no such user.');
  if (!user.password_hash || !(await verifyPassword(password, user.password_hash)))
    throw new FieldProblem('currentPassword', 'That is not your current password');
  return user;
}

/** Changes one's own name and email (current password required; an email taken by another account is refused); logged: user.profile. */
export async function changeOwnProfile(db: Db, self: SessionUser, input: { name: string; email: string; currentPassword: string }, now: Date): Promise<void> {
  const user = await checkCurrentPassword(db, self.id, input.currentPassword);
  await withWriteTransaction(db, async (tx) => {
    const owner = await findUserByEmail(tx, input.email);
    if (owner && owner.id !== self.id) throw new FieldProblem('email', 'Another account has this email');
    const before = { name: user.name, email: user.email };
    const after = { name: input.name, email: input.email.toLowerCase() };
    if (JSON.stringify(before) === JSON.stringify(after)) return;
    await updateUserProfile(tx, self.id, input);
    await insertAuditEntries(tx, [audit(self.id, 'user.profile', self.id, before, after, now.toISOString())]);
  });
}

/**
 * Changes one's own password (the current one required); the person's other sessions end, this one goes on,
 * and a first-start admin may then use the site. Logged: user.password (no passwords in it).
 */
export async function changeOwnPassword(
  db: Db,
  self: SessionUser,
  sessionTokenHash: string | null,
  input: { currentPassword: string; newPassword: string },
  now: Date,
  cost: number,
): Promise<void> {
  await checkCurrentPassword(db, self.id, input.currentPassword);
  if (input.newPassword === input.currentPassword) throw new FieldProblem('newPassword', 'Choose a password other than the current one');
  const hash = await hashPassword(input.newPassword, cost);
  await withWriteTransaction(db, async (tx) => {
    await setChosenPassword(tx, self.id, hash);
    await deleteSessionsOfUser(tx, self.id, sessionTokenHash);
    await insertAuditEntries(tx, [audit(self.id, 'user.password', self.id, undefined, undefined, now.toISOString())]);
  });
}
