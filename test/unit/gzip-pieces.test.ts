import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { acceptsGzip, gzipPieces, joinGzipPieces } from '../../server/page-cache/gzip-pieces.js';

const gunzip = (parts: Buffer[]) => zlib.gunzipSync(Buffer.concat(parts)).toString('utf8');

describe('gzipPieces', () => {
  it.each([
    ['one piece, no token', ['<p>whole page</p>']],
    ['a token between two pieces', ['<form><input value="', '"></form>']],
    ['tokens between three pieces', ['a'.repeat(70_000), 'b', '']],
    ['empty pieces', ['', '', '']],
    ['multi-byte text', ['héllo “quotes” 🙂 שלום ', ' after']],
  ])('decompresses to the pieces joined by the token: %s', (_name, texts) => {
    const gz = gzipPieces(texts.map((t) => Buffer.from(t)));
    for (const token of ['', 'tok3n-_', 'x'.repeat(43)]) {
      expect(gunzip(joinGzipPieces(gz, Buffer.from(token)))).toBe(texts.join(token));
    }
  });

  it('compresses a long page several times over', () => {
    const page = Buffer.from('<li class="comment"><p>Some words in a comment.</p></li>\n'.repeat(20_000));
    const gz = gzipPieces([page, page]);
    expect(gz.bytes * 10).toBeLessThan(gz.rawBytes);
  });
});

describe('acceptsGzip', () => {
  it.each([
    [undefined, false],
    ['', false],
    ['gzip', true],
    ['gzip, deflate, br, zstd', true],
    ['br;q=1.0, gzip;q=0.8', true],
    ['gzip;q=0', false],
    ['identity', false],
    ['*', true],
    ['deflate, GZIP', true],
  ])('%s -> %s', (header, expected) => {
    expect(acceptsGzip(header)).toBe(expected);
  });
});
