import { parseFeed } from '@rowanmanning/feed-parser';
import { describe, expect, it } from 'vitest';
import { renderAtomFeed, xmlText, type AtomFeed } from '../../server/feed/atom-xml.js';
import { assertWellFormedXml } from '../support/xml.js';

const HOSTILE = '</title><script>alert(1)</script>]]><![CDATA[ & "q" \'a\' \u0000\u0001\u0008\u000b\u001f\ud800 \udfff\ufffe\uffff end';

function feedWith(text: string): AtomFeed {
  return {
    id: 'tag:blog.example,2026:posts',
    title: text,
    subtitle: text,
    selfHref: 'https://blog.example/feed?a=1&b="2"',
    pageHref: 'https://blog.example/',
    updated: '2026-11-20T10:00:00.000Z',
    entries: [
      {
        id: 'tag:blog.example,2026:comment-1',
        title: text,
        href: 'https://blog.example/posts/x/comments/1',
        published: '2026-11-20T10:00:00.000Z',
        updated: '2026-11-20T10:00:00.000Z',
        author: { name: text, uri: 'https://ana.example/?a=1&b=2' },
        categories: [{ term: 'against', scheme: 'https://rejoinder.invalid/stance', label: text }],
        summary: text,
        contentHtml: `<p>${text}</p>`,
      },
    ],
  };
}

describe('xmlText', () => {
  it.each([
    ['a & b < c > d', 'a &amp; b &lt; c &gt; d'],
    [`"double" 'single'`, '&quot;double&quot; &apos;single&apos;'],
    ['tab\tline\ncr\r', 'tab\tline\ncr\r'],
    ['nul\u0000 bell\u0007 vt\u000b esc\u001b', 'nul bell vt esc'],
    ['lone \ud800 high, lone \udc00 low, pair \ud83d\ude00', 'lone  high, lone  low, pair \ud83d\ude00'],
    ['noncharacters \ufffe\uffff, kept \ufffd and \ue000', 'noncharacters , kept \ufffd and \ue000'],
  ])('escapes %j', (input, expected) => {
    expect(xmlText(input)).toBe(expected);
  });
});

describe('renderAtomFeed', () => {
  it('writes a well-formed Atom document whatever the text, and a feed parser reads the text back as text', () => {
    const xml = renderAtomFeed(feedWith(HOSTILE));
    assertWellFormedXml(xml);
    const feed = parseFeed(xml);
    expect(feed.meta.type).toBe('atom');
    const readable = '</title><script>alert(1)</script>]]><![CDATA[ & "q" \'a\'   end';
    expect(feed.title).toBe(readable);
    const [item] = feed.items;
    expect(item?.title).toBe(readable);
    expect(item?.authors[0]?.name).toBe(readable);
    expect(item?.authors[0]?.url).toBe('https://ana.example/?a=1&b=2');
    expect(item?.categories[0]?.term).toBe('against');
    expect(item?.categories[0]?.label).toBe(readable);
    expect(feed.self).toBe('https://blog.example/feed?a=1&b="2"');
  });

  it('leaves no element a feed reader could run: the hostile text is inside the escaped HTML, not markup of the feed', () => {
    const xml = renderAtomFeed(feedWith(HOSTILE));
    expect(xml).not.toMatch(/<script/i);
    expect(xml).not.toContain('<![CDATA[');
    expect(xml).toContain('&lt;/title&gt;&lt;script&gt;');
  });
});
