// Signed tokens for links in mail: they need no sign-in, so the HMAC is what proves the link came from us.
import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * What a link may do: confirm an address (expires), end one subscription, open an address's subscriptions page,
 * turn off one kind of a staff member's mail, or show an address's comments to its reader (expires).
 */
export type MailToken =
  | { purpose: 'confirm'; email: string; expiresAt: number }
  | { purpose: 'my-comments'; email: string; expiresAt: number }
  | { purpose: 'unsubscribe'; subscriptionId: number }
  | { purpose: 'manage'; email: string }
  | { purpose: 'staff-mail'; userId: number; what: 'new-comments' | 'held-digest' };

function mac(secret: string, payload: string): string {
  return createHmac('sha256', `mail-token:${secret}`).update(payload).digest('base64url');
}

/** The token for a link: the payload in base64url, a dot, its HMAC. */
export function signMailToken(secret: string, token: MailToken): string {
  const payload = Buffer.from(JSON.stringify(token)).toString('base64url');
  return `${payload}.${mac(secret, payload)}`;
}

/** The token's content when its HMAC is ours (and, for one that expires, it has not expired at `now`); null otherwise. */
export function readMailToken(secret: string, text: unknown, now: Date): MailToken | null {
  if (typeof text !== 'string' || text.length > 2000) return null;
  const [payload, signature, extra] = text.split('.');
  if (payload === undefined || signature === undefined || extra !== undefined) return null;
  const expected = Buffer.from(mac(secret, payload));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  let token: MailToken;
  try {
    token = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as MailToken;
  } catch {
    return null;
  }
  if ((token.purpose === 'confirm' || token.purpose === 'my-comments') && !(token.expiresAt > now.getTime())) return null;
  return token;
}
