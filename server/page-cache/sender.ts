import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import { CSRF_TOKEN_CHARS } from '../plugins/security.js';
import { acceptsGzip, deflatePart, gzipPieces, joinDeflatedParts, joinGzipPieces, type DeflatedPart, type GzipPieces } from './gzip-pieces.js';
import { joinPieces, PageBuffers } from './page-buffers.js';
import { defineStore } from './page-cache.js';

/** A rendered page cut where each reader's own CSRF token goes: the token is sent between each two pieces. */
export interface PageSource {
  pieces: Buffer[];
  /** When (ms since the epoch) the page would read differently, if it would. */
  expiresAt?: number;
}

/**
 * A rendered page with a hole for a small per-request part (say, a reply form); no token outside the
 * hole. `context` is kept with it: what the part is made from, so a hit needs nothing else.
 */
export interface FrameSource<C> {
  before: Buffer;
  after: Buffer;
  context: C;
  expiresAt?: number;
}

/** A whole page as every anonymous reader gets it, plain and gzipped. */
interface CachedPage {
  pieces: Buffer[];
  /** Reusable whole copies, for pages short enough to be sent as one buffer. */
  buffers: PageBuffers | null;
  gzip: GzipPieces;
  bytes: number;
  expiresAt?: number;
}

/** A page around a hole, each side deflated once. */
interface CachedFrame {
  before: DeflatedPart;
  after: DeflatedPart;
  context: unknown;
  bytes: number;
  expiresAt?: number;
}

const PAGES = defineStore<CachedPage>('pages');
const FRAMES = defineStore<CachedFrame>('page-frames');

/** Above this a page is streamed part by part rather than copied into one buffer per request. */
const STREAM_ABOVE_BYTES = 256 * 1024;

/** One buffer, or a stream of the parts for a long page, and its length. */
function bodyOf(parts: Buffer[]): { body: Buffer | Readable; length: number } {
  const length = parts.reduce((n, part) => n + part.length, 0);
  return { body: length > STREAM_ABOVE_BYTES ? Readable.from(parts, { objectMode: false }) : Buffer.concat(parts, length), length };
}

/** The reader's CSRF token, which the security plugin puts in the reply's locals. */
function tokenOf(reply: FastifyReply): Buffer {
  const token = reply.locals?.csrfToken;
  return Buffer.from(typeof token === 'string' ? token : '');
}

function sendParts(reply: FastifyReply, parts: Buffer[]): FastifyReply {
  const { body, length } = bodyOf(parts);
  return reply.type('text/html; charset=utf-8').header('content-length', length).send(body);
}

/** Sends a page rendered for this request alone, with the reader's token between its pieces. */
export function sendPage(reply: FastifyReply, pieces: Buffer[]): FastifyReply {
  return sendParts(reply, joinPieces(pieces, tokenOf(reply)));
}

/** Whether the reader's browser takes gzip; says so in the headers either way. */
function negotiateGzip(reply: FastifyReply): boolean {
  reply.header('vary', 'Accept-Encoding');
  const gzip = acceptsGzip(reply.request.headers['accept-encoding']);
  if (gzip) reply.header('content-encoding', 'gzip');
  return gzip;
}

/**
 * Sends the page cached under `key`, rendering it (once, however many readers miss together) when it
 * is not there or has gone stale; gzipped when the browser takes it so, with the reader's own token.
 * The key must name everything the page shows (thread version, page, view, who it is for).
 */
export async function sendCachedPage(reply: FastifyReply, key: string, render: () => Promise<PageSource>): Promise<FastifyReply> {
  const page = await reply.server.pageCache.store(PAGES, reply.request.site.version).getOrRender(key, async () => {
    const { pieces, expiresAt } = await render();
    const gzip = gzipPieces(pieces);
    const buffers = gzip.rawBytes <= STREAM_ABOVE_BYTES ? new PageBuffers(pieces, CSRF_TOKEN_CHARS) : null;
    // Counted as if every spare copy were in use, so the budget holds at worst.
    return { pieces, buffers, gzip, bytes: gzip.rawBytes + gzip.bytes + (buffers?.mostSpareBytes ?? 0), expiresAt };
  });
  const token = tokenOf(reply);
  const gzip = negotiateGzip(reply);
  const whole = gzip ? null : page.buffers?.take(token);
  if (whole) {
    reply.raw.once('finish', () => page.buffers?.release(whole));
    return reply.type('text/html; charset=utf-8').header('content-length', whole.length).send(whole);
  }
  return sendParts(reply, gzip ? joinGzipPieces(page.gzip, token) : joinPieces(page.pieces, token));
}

/**
 * Sends the frame cached under `key` with `fill(context)` (pieces between which the reader's token
 * goes) in its hole: a page that differs from a cached one in a small part costs that part, not a render.
 */
export async function sendCachedFrame<C>(
  reply: FastifyReply,
  key: string,
  render: () => Promise<FrameSource<C>>,
  fill: (context: C) => Buffer[],
): Promise<FastifyReply> {
  const frame = await reply.server.pageCache.store(FRAMES, reply.request.site.version).getOrRender(key, async () => {
    const { before, after, context, expiresAt } = await render();
    const [b, a] = [deflatePart(before), deflatePart(after, true)];
    return { before: b, after: a, context, bytes: before.length + after.length + b.deflated.length + a.deflated.length, expiresAt };
  });
  // The key names the frame's kind; every caller of one key passes the same render, so the same C.
  const hole = Buffer.concat(joinPieces(fill(frame.context as C), tokenOf(reply)));
  if (negotiateGzip(reply)) return sendParts(reply, joinDeflatedParts([frame.before, deflatePart(hole), frame.after]));
  return sendParts(reply, [frame.before.raw, hole, frame.after.raw]);
}
