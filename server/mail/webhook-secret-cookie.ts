import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isHttps } from '../shared/https.js';

// A webhook's secret is shown once: on the page the admin lands on after adding the endpoint or rotating its
// secret, never again (the page shows its last characters). The POST answers 303 as every form does, so the secret
// crosses to that page in this cookie: encrypted with a key only the server holds (the browser's cookie store
// never keeps it readable), scoped to the webhooks page, good for a few minutes and cleared by the page that shows it.
const SECRET_COOKIE = 'rj_webhook_secret';
const COOKIE_PATH = '/staff/webhooks';
const MAX_AGE_S = 300;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A secret just made, for the page to show once. */
export interface FreshSecret {
  webhookId: number;
  secret: string;
}

/** The cookie's key, derived from the site secret for this purpose alone. */
function keyOf(siteSecret: string): Buffer {
  return createHash('sha256').update(`webhook-secret-cookie\u0000${siteSecret}`).digest();
}

/** Hands a new secret to the next page the admin opens. */
export function passFreshSecret(request: FastifyRequest, reply: FastifyReply, siteSecret: string, fresh: FreshSecret): void {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', keyOf(siteSecret), iv);
  const sealed = Buffer.concat([cipher.update(JSON.stringify(fresh), 'utf8'), cipher.final()]);
  const value = Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64url');
  reply.setCookie(SECRET_COOKIE, value, { path: COOKIE_PATH, httpOnly: true, sameSite: 'strict', secure: isHttps(request), maxAge: MAX_AGE_S });
}

/** The secret waiting to be shown, cleared as it is read; null when there is none, or the cookie is not ours. */
export function takeFreshSecret(request: FastifyRequest, reply: FastifyReply, siteSecret: string): FreshSecret | null {
  const raw = request.cookies[SECRET_COOKIE];
  if (typeof raw !== 'string') return null;
  reply.clearCookie(SECRET_COOKIE, { path: COOKIE_PATH });
  const bytes = Buffer.from(raw, 'base64url');
  if (bytes.length <= IV_BYTES + TAG_BYTES) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyOf(siteSecret), bytes.subarray(0, IV_BYTES));
    decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    const text = Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
    const parsed = JSON.parse(text) as Partial<FreshSecret>;
    return typeof parsed.webhookId === 'number' && typeof parsed.secret === 'string' ? { webhookId: parsed.webhookId, secret: parsed.secret } : null;
  } catch {
    return null;
  }
}
