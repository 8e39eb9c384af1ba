import { createHmac } from 'node:crypto';

const GRID = 5;
const CELL = 8;
const SIZE = GRID * CELL;
const KEY_LENGTH = 20;
const KEY_CACHE_LIMIT = 50_000;
const keyCache = new Map<string, string>();

/**
 * A key that stands for an email in avatar URLs. Keyed with the site secret so that, unlike a plain
 * hash, nobody can test a guessed address against a commenter's avatar.
 */
export function avatarKeyForEmail(email: string, secret: string): string {
  const cacheKey = `${secret}\u0000${email}`;
  let key = keyCache.get(cacheKey);
  if (key === undefined) {
    key = createHmac('sha256', secret).update(email.trim().toLowerCase()).digest('hex').slice(0, KEY_LENGTH);
    // A big thread repeats a few thousand commenters; an HMAC each, on every view, shows in the profile.
    if (keyCache.size >= KEY_CACHE_LIMIT) keyCache.clear();
    keyCache.set(cacheKey, key);
  }
  return key;
}

/** True when the text has the shape of an avatar key. */
export function isAvatarKey(value: string): boolean {
  return value.length === KEY_LENGTH && /^[0-9a-f]+$/.test(value);
}

/** A symmetric 5x5 identicon drawn from the key's bits, as SVG. Pure. */
export function renderAvatarSvg(key: string): string {
  const bytes = Buffer.from(key.padEnd(KEY_LENGTH, '0'), 'hex');
  const hue = ((bytes[0] ?? 0) * 360) / 256;
  const fill = `hsl(${hue.toFixed(0)} 55% 45%)`;
  const background = `hsl(${hue.toFixed(0)} 40% 92%)`;
  const cells: string[] = [];
  let bit = 0;
  for (let x = 0; x < Math.ceil(GRID / 2); x++) {
    for (let y = 0; y < GRID; y++, bit++) {
      const byte = bytes[1 + (bit >> 3)] ?? 0;
      if (((byte >> (bit & 7)) & 1) === 0) continue;
      for (const cx of new Set([x, GRID - 1 - x])) {
        cells.push(`<rect x="${cx * CELL}" y="${y * CELL}" width="${CELL}" height="${CELL}"/>`);
      }
    }
  }
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${SIZE} ${SIZE}" width="${SIZE}" height="${SIZE}">` +
    `<rect width="${SIZE}" height="${SIZE}" fill="${background}"/><g fill="${fill}">${cells.join('')}</g></svg>`
  );
}
