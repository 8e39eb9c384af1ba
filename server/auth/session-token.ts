import { createHash, randomBytes } from 'node:crypto';

const SESSION_ID_BYTES = 32;
const SESSION_ID_PATTERN = /^[A-Za-z0-9_-]{43}$/;
export const SESSION_COOKIE = 'rj_session';

/** SHA-256 hex of a session id: the only form stored in the database. */
export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A new random session id (32 bytes, base64url) and its hash. */
export function createSessionToken(): { token: string; tokenHash: string } {
  const token = randomBytes(SESSION_ID_BYTES).toString('base64url');
  return { token, tokenHash: hashSessionToken(token) };
}

/** Whether a cookie value has the shape of a session id (anything else is ignored unread). */
export function isSessionTokenShape(value: unknown): value is string {
  return typeof value === 'string' && SESSION_ID_PATTERN.test(value);
}
