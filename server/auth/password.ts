import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { hashSlots } from './hash-slots.js';

const KEY_BYTES = 32;
const SALT_BYTES = 16;
const BLOCK_SIZE = 8;
const PARALLELISM = 1;
/** Passwords shorter than this are refused when set. */
export const PASSWORD_MIN_CHARS = 10;
export const PASSWORD_MAX_CHARS = 200;

/** scrypt on the thread pool, within hashSlots' limit (it throws HashingBusy when too many wait). */
function scryptAsync(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return hashSlots.run(
    () =>
      new Promise((resolve, reject) => {
        scrypt(password.normalize('NFKC'), salt, KEY_BYTES, options, (err, key) => (err ? reject(err) : resolve(key)));
      }),
  );
}

function optionsFor(logN: number): ScryptOptions {
  const N = 2 ** logN;
  // scrypt needs 128 * N * r bytes (128 MiB at OWASP's N = 2^17, r = 8), above Node's 32 MiB default maxmem.
  return { N, r: BLOCK_SIZE, p: PARALLELISM, maxmem: 256 * N * BLOCK_SIZE };
}

/** Hashes a password with scrypt: "scrypt$logN$salt$key" (base64url), the cost stored with it. */
export async function hashPassword(password: string, logN: number): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await scryptAsync(password, salt, optionsFor(logN));
  return `scrypt$${logN}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

/** The cost (log2 N) a stored hash was made with, or null when it is not one of ours. */
function costOf(stored: string): number | null {
  const [scheme, cost] = stored.split('$');
  const logN = Number(cost);
  return scheme === 'scrypt' && Number.isInteger(logN) ? logN : null;
}

/** Whether a stored hash is weaker than the configured cost, so the next sign-in should hash it again. */
export function needsRehash(stored: string, logN: number): boolean {
  const cost = costOf(stored);
  return cost !== null && cost < logN;
}

/** Checks a password against a stored hash in constant time; a malformed hash never matches. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, cost, saltText, keyText] = stored.split('$');
  const logN = Number(cost);
  if (scheme !== 'scrypt' || !Number.isInteger(logN) || logN < 10 || logN > 20 || !saltText || !keyText) return false;
  const expected = Buffer.from(keyText, 'base64url');
  if (expected.length !== KEY_BYTES) return false;
  const key = await scryptAsync(password, Buffer.from(saltText, 'base64url'), optionsFor(logN));
  return timingSafeEqual(key, expected);
}

/** A random password for a new admin: 18 bytes, printed once. */
export function generatePassword(): string {
  return randomBytes(18).toString('base64url');
}
