// embed.js, read once at start: its content hash names the immutable copy and is the stable URL's ETag.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

export interface EmbedScript {
  body: Buffer;
  hash: string;
}

/** The script and the first 16 characters of its SHA-256 (hex). */
export function loadEmbedScript(): EmbedScript {
  const body = readFileSync(new URL('../../static/js/embed.js', import.meta.url));
  return { body, hash: createHash('sha256').update(body).digest('hex').slice(0, 16) };
}
