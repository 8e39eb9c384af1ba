import zlib from 'node:zlib';

/**
 * A page gzipped once, in pieces between which each reader's own CSRF token goes. Compressing a
 * 2 MB page costs tens of milliseconds, so it cannot happen per request; instead each piece is
 * deflated on its own (every one but the last ending on a byte boundary without closing the
 * stream), the token travels between them as a stored (uncompressed) deflate block, and only the
 * CRC-32 after the first token is computed per request.
 */
export interface GzipPieces {
  /** Raw deflate of each piece; all but the last end with a sync flush, the last closes the stream. */
  deflated: Buffer[];
  /** CRC-32 of the first piece. */
  firstCrc: number;
  /** The pieces after the first, uncompressed: the CRC runs over them after each token. */
  later: Buffer[];
  /** Bytes of all pieces, uncompressed. */
  rawBytes: number;
  /** Bytes of all deflated pieces. */
  bytes: number;
}

const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
/** A stored deflate block holds at most this many bytes. */
const MAX_STORED = 0xffff;

// zlib.crc32 on Node 20 answers 0 for an empty buffer that has no memory behind it, whatever CRC it continues.
const crc32 = (data: Buffer, crc = 0) => (data.length === 0 ? crc : zlib.crc32(data, crc));

/** Deflates the pieces of a page once. Pure. */
export function gzipPieces(pieces: Buffer[]): GzipPieces {
  const last = pieces.length - 1;
  const deflated = pieces.map((piece, i) => zlib.deflateRawSync(piece, i === last ? {} : { finishFlush: zlib.constants.Z_SYNC_FLUSH }));
  return {
    deflated,
    firstCrc: crc32(pieces[0] ?? Buffer.alloc(0)),
    later: pieces.slice(1),
    rawBytes: pieces.reduce((n, p) => n + p.length, 0),
    bytes: deflated.reduce((n, p) => n + p.length, 0),
  };
}

/** A stored, non-final deflate block: header bits 000 on a byte boundary, then LEN and its complement. */
function storedBlock(data: Buffer): Buffer {
  if (data.length > MAX_STORED) throw new Error('A spliced token must be shorter than 64 KiB');
  const head = Buffer.alloc(5);
  head.writeUInt16LE(data.length, 1);
  head.writeUInt16LE(~data.length & 0xffff, 3);
  return Buffer.concat([head, data]);
}

/** The parts of one gzip member holding the pieces with the token between each pair. */
export function joinGzipPieces(gz: GzipPieces, token: Buffer): Buffer[] {
  const stored = storedBlock(token);
  let crc = gz.firstCrc;
  const parts = [GZIP_HEADER, gz.deflated[0] ?? Buffer.alloc(0)];
  gz.later.forEach((piece, i) => {
    crc = crc32(piece, crc32(token, crc));
    parts.push(stored, gz.deflated[i + 1] ?? Buffer.alloc(0));
  });
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc >>> 0, 0);
  trailer.writeUInt32LE((gz.rawBytes + token.length * gz.later.length) >>> 0, 4);
  parts.push(trailer);
  return parts;
}

/** Whether an Accept-Encoding header allows gzip (a q of 0 refuses it). Pure. */
export function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  for (const part of header.split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    if (name.trim() !== 'gzip' && name.trim() !== '*') continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return q === undefined || Number(q.slice(2)) > 0;
  }
  return false;
}

/** One part of a page deflated on its own: its raw bytes, their raw deflate and their CRC-32. */
export interface DeflatedPart {
  raw: Buffer;
  /** Ends on a byte boundary with the stream left open (sync flush), unless the part is the last. */
  deflated: Buffer;
  crc: number;
}

/** Deflates one part; only the page's last part closes the stream. Pure. */
export function deflatePart(raw: Buffer, last = false): DeflatedPart {
  return { raw, deflated: zlib.deflateRawSync(raw, last ? {} : { finishFlush: zlib.constants.Z_SYNC_FLUSH }), crc: crc32(raw) };
}

/**
 * One gzip member made of parts deflated apart (some once, some per request). Only the first part's
 * CRC is reused: the CRC runs over every later part here, so the large, cached part goes first.
 */
export function joinDeflatedParts(parts: DeflatedPart[]): Buffer[] {
  let crc = parts[0]?.crc ?? 0;
  let rawBytes = parts[0]?.raw.length ?? 0;
  for (const part of parts.slice(1)) {
    crc = crc32(part.raw, crc);
    rawBytes += part.raw.length;
  }
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc >>> 0, 0);
  trailer.writeUInt32LE(rawBytes >>> 0, 4);
  return [GZIP_HEADER, ...parts.map((p) => p.deflated), trailer];
}
