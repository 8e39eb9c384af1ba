// Documents that are the same for every reader (feeds, the sitemap): rendered once per version, sent with
// validators, and answered 304 when the reader already has this version.
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { acceptsGzip } from './gzip-pieces.js';
import { defineStore } from './page-cache.js';

interface CachedDocument {
  raw: Buffer;
  gzip: Buffer;
  etag: string;
  /** When this version was first rendered, as an HTTP date (whole seconds). */
  lastModified: string;
  bytes: number;
}

const DOCUMENTS = defineStore<CachedDocument>('documents');

/** Whether If-None-Match names this ETag (weak comparison, as RFC 9110 asks for GET). Pure. */
function matchesEtag(header: string, etag: string): boolean {
  const bare = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.trim() === '*' || header.split(',').some((tag) => bare(tag) === etag);
}

/**
 * Whether the reader's copy is this version: If-None-Match when it is sent (it wins, RFC 9110 13.2.2),
 * else If-Modified-Since. Last-Modified is when this instance first rendered the version, so it moves on
 * with every change; an instance that rendered later only costs a reader one full answer.
 */
function isFresh(request: FastifyRequest, doc: CachedDocument): boolean {
  const tags = request.headers['if-none-match'];
  if (typeof tags === 'string') return matchesEtag(tags, doc.etag);
  const since = Date.parse(request.headers['if-modified-since'] ?? '');
  return !Number.isNaN(since) && since >= Date.parse(doc.lastModified);
}

/**
 * Sends the document cached under `key` (rendering it on a miss), gzipped when the reader takes it,
 * or 304 when the reader's validators match. The key must name everything the document shows.
 */
export async function sendCachedDocument(reply: FastifyReply, key: string, contentType: string, render: () => Promise<string>): Promise<FastifyReply> {
  const doc = await reply.server.pageCache.store(DOCUMENTS, reply.request.site.version).getOrRender(key, async () => {
    const raw = Buffer.from(await render());
    const gzip = gzipSync(raw);
    const etag = `"${createHash('sha256').update(raw).digest('base64url').slice(0, 32)}"`;
    const lastModified = new Date(Math.floor(reply.server.clock().getTime() / 1000) * 1000).toUTCString();
    return { raw, gzip, etag, lastModified, bytes: raw.length + gzip.length };
  });
  reply.header('etag', doc.etag).header('last-modified', doc.lastModified).header('vary', 'Accept-Encoding');
  // Readers may keep it but must ask again each time; the answer is a 304 while nothing changed.
  if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'public, no-cache');
  if (isFresh(reply.request, doc)) return reply.code(304).send();
  reply.type(contentType);
  if (acceptsGzip(reply.request.headers['accept-encoding'])) {
    return reply.header('content-encoding', 'gzip').header('content-length', doc.gzip.length).send(doc.gzip);
  }
  return reply.header('content-length', doc.raw.length).send(doc.raw);
}
