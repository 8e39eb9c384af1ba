import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readWxr, wxrDate, type WxrEvent, type WxrItem } from '../../server/import/wxr-reader.js';
import { ImportFormatError } from '../../server/import/xml-stream.js';

const fixture = (name: string) => new URL(`../fixtures/import/${name}`, import.meta.url);

async function readAll(chunks: AsyncIterable<string | Uint8Array>): Promise<WxrEvent[]> {
  const events: WxrEvent[] = [];
  for await (const e of readWxr(chunks)) events.push(e);
  return events;
}

/** The file in chunks of `size` bytes, so every boundary (inside CDATA, inside a multi-byte character) is crossed. */
async function* chunked(bytes: Uint8Array, size: number) {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

const items = (events: WxrEvent[]) => events.flatMap((e) => (e.kind === 'item' ? [e.item] : []));

async function failureOf(xml: string): Promise<ImportFormatError> {
  try {
    await readAll(chunked(new TextEncoder().encode(xml), 7));
  } catch (err) {
    if (err instanceof ImportFormatError) return err;
    throw err;
  }
  throw new Error('read without complaint');
}

describe('readWxr', () => {
  it('reads WXR 1.2 items, comments and authors, whatever the chunk boundaries', async () => {
    const bytes = fs.readFileSync(fixture('wxr-1.2.xml'));
    for (const size of [3, 64, 1 << 20]) {
      const events = await readAll(chunked(bytes, size));
      expect(events.filter((e) => e.kind === 'author')).toEqual([
        { kind: 'author', author: { login: 'ines', email: 'ines.varga@harbour.example', displayName: 'Inès Varga' } },
      ]);
      const [post, page, attachment, draft] = items(events) as [WxrItem, WxrItem, WxrItem, WxrItem];
      expect(post).toMatchObject({
        postId: '123',
        slug: 'orla-brenn-harbour-board',
        status: 'publish',
        type: 'post',
        creator: 'ines',
        date: '2009-04-17T09:30:00.000Z',
      });
      // CDATA split around "]]>" comes back joined.
      expect(post.content).toContain('<code>if (a ]]> b)</code>');
      expect(post.comments.map((c) => [c.id, c.parentId, c.approved, c.type])).toEqual([
        ['41', '40', '1', 'comment'],
        ['40', '0', '1', ''],
        ['42', '41', '0', 'comment'],
        ['43', '0', 'spam', 'comment'],
        ['44', '0', '1', 'pingback'],
        ['45', '40', 'trash', ''],
      ]);
      expect(post.comments[1]).toMatchObject({ author: 'Maëlle Durand', date: '2009-04-17T10:00:00.000Z', content: expect.stringContaining('👍') });
      expect(post.comments[1]!.meta['akismet_history']).toMatch(/^a:3:\{/);
      expect(page).toMatchObject({ type: 'page', slug: 'about' });
      expect(attachment).toMatchObject({ type: 'attachment', status: 'inherit' });
      // An unset GMT date (0000-00-00) falls back to the local one.
      expect(draft).toMatchObject({ status: 'draft', slug: '', date: '2009-05-02T08:00:00.000Z' });
    }
  });

  it('reads WXR 1.0 and 1.1 by namespace URI, whatever the prefixes, with optional elements missing', async () => {
    const old = items(await readAll(chunked(fs.readFileSync(fixture('wxr-1.0.xml')), 50)));
    expect(old).toHaveLength(1);
    expect(old[0]).toMatchObject({
      title: 'Rafe Lindqvist & the bakery',
      creator: 'ola',
      excerpt: 'A short one about Rafe.',
      date: '2007-11-03T18:20:00.000Z',
    });
    expect(old[0]!.comments.map((c) => [c.author, c.type, c.email])).toEqual([
      ['Dorota', '', 'dorota@example.org'],
      ['Lane Residents', 'trackback', ''],
    ]);
    const v11 = await readAll(chunked(fs.readFileSync(fixture('wxr-1.1.xml')), 50));
    expect(v11[0]).toEqual({ kind: 'author', author: { login: 'kofi', email: 'kofi@signal.example', displayName: 'Kofi Mensah' } });
    expect(items(v11)[0]!.comments[0]).toMatchObject({ id: '9', parentId: '8', date: '2011-06-01T09:00:00.000Z' });
  });

  it('refuses entity tricks and a DOCTYPE without expanding anything, naming the line', async () => {
    const laughs = `<?xml version="1.0"?>\n<!DOCTYPE rss [\n <!ENTITY lol "lol">\n <!ENTITY lol2 "&lol;&lol;&lol;&lol;">\n]>\n<rss><channel><title>&lol2;</title></channel></rss>`;
    expect((await failureOf(laughs)).message).toMatch(/^line 5: a DOCTYPE is not accepted/);
    const external = `<?xml version="1.0"?>\n<!DOCTYPE rss SYSTEM "file:///etc/passwd">\n<rss/>`;
    expect((await failureOf(external)).line).toBe(2);
    const undeclared = `<rss xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n<title>&xxe;</title></channel></rss>`;
    expect((await failureOf(undeclared)).message).toMatch(/^line 3: .*entity/i);
  });

  it('says what is wrong with a truncated file, another format or malformed XML', async () => {
    const full = fs.readFileSync(fixture('wxr-1.2.xml'), 'utf8');
    const truncated = await failureOf(full.slice(0, full.indexOf('<wp:comment_id>42')));
    expect(truncated.message).toMatch(/^line \d+: .*unclosed/i);
    expect((await failureOf('<?xml version="1.0"?>\n<disqus xmlns="http://disqus.com"></disqus>')).message).toBe(
      'line 2: this is a Disqus export: run `npm run import -- disqus FILE`',
    );
    expect((await failureOf('<html><body>hi</body></html>')).message).toMatch(/not a WordPress export: the file starts with <html>/);
    expect((await failureOf('<rss version="2.0"><channel><item><title>x</title></item></channel></rss>')).message).toMatch(/without the wp: namespace/);
    expect((await failureOf('<rss>\n<channel>\n<item></chanel>')).message).toMatch(/^line 3: /);
    expect((await failureOf('')).message).toMatch(/empty/);
    expect((await failureOf('<?xml version="1.0" encoding="ISO-8859-1"?><rss/>')).message).toMatch(/only UTF-8/);
  });

  it('reads WordPress dates as UTC and skips unset ones', () => {
    expect(wxrDate('0000-00-00 00:00:00', '2010-02-03 04:05:06')).toBe('2010-02-03T04:05:06.000Z');
    expect(wxrDate('', 'Fri, 17 Apr 2009 09:30:00 +0200')).toBe('2009-04-17T07:30:00.000Z');
    expect(wxrDate('', 'not a date')).toBeNull();
  });
});
