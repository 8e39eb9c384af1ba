import { describe, expect, it } from 'vitest';
import { commentTextFromHtml, decodeEntities, plainLine } from '../../server/import/import-text.js';
import { progressLine } from '../../server/import/progress-line.js';
import { remarksFromMeta } from '../../server/import/remark-meta.js';
import { readSubjectMap, subjectFromFlags } from '../../server/import/subject-map.js';
import { orderThread } from '../../server/import/thread-order.js';

const c = (id: string, parentId: string, date: string) => ({ id, parentId, date });
const order = (comments: ReturnType<typeof c>[]) => orderThread(comments).map((p) => `${p.comment.id}<${p.parentId ?? '-'}@${p.depth}`);

describe('orderThread', () => {
  it.each([
    ['already in order', [c('1', '0', 'a'), c('2', '1', 'b'), c('3', '0', 'c')], ['1<-@0', '2<1@1', '3<-@0']],
    ['reply listed before its parent', [c('2', '1', 'b'), c('1', '0', 'a')], ['1<-@0', '2<1@1']],
    ['reply older than its parent (clock skew)', [c('1', '0', 'b'), c('2', '1', 'a')], ['1<-@0', '2<1@1']],
    ['missing parent stands at the top', [c('5', '99', 'a')], ['5<-@0']],
    ['self-parent stands at the top', [c('5', '5', 'a')], ['5<-@0']],
    ['a loop is broken at its oldest', [c('1', '2', 'a'), c('2', '1', 'b'), c('3', '2', 'c')], ['1<-@0', '2<1@1', '3<2@2']],
    ['duplicate ids keep the first', [c('1', '0', 'a'), c('1', '0', 'b')], ['1<-@0']],
    ['siblings oldest first, numeric ids as tie-break', [c('10', '0', 'a'), c('9', '0', 'a')], ['9<-@0', '10<-@0']],
  ])('%s', (_name, comments, expected) => {
    expect(order(comments)).toEqual(expected);
  });

  it('places a deep chain without recursion', () => {
    const chain = Array.from({ length: 20_000 }, (_, i) => c(String(i + 1), String(i), String(20_000 - i).padStart(6, '0')));
    const placed = orderThread(chain);
    expect(placed).toHaveLength(20_000);
    expect(placed.at(-1)!.depth).toBe(19_999);
  });
});

describe('import text', () => {
  it.each([
    ['<p>One</p><p>Two<br/>lines</p>', 'One\n\nTwo\nlines'],
    ['See <a href="https://x.example/a">the notes</a>.', 'See the notes (https://x.example/a).'],
    ['<a href="https://x.example">https://x.example</a>', 'https://x.example'],
    ['<blockquote>She said\nno</blockquote>Really?', '> She said\n> no\n\nReally?'],
    ['&lt;script&gt;alert(1)&lt;/script&gt;', '<script>alert(1)</script>'],
    ['<script>alert(1)</script>ok', 'alert(1)ok'],
    ['caf&eacute; &#233; &#x1F600; &#0; &bogus;', 'café é 😀 &#0; &bogus;'],
  ])('comment %j', (html, text) => {
    expect(commentTextFromHtml(html)).toBe(text);
  });

  it('makes one plain line of a title', () => {
    expect(plainLine('<b>Tom</b> &amp;\tJerry\u0007 ')).toBe('Tom & Jerry');
    expect(decodeEntities('&amp;amp;')).toBe('&amp;');
  });
});

describe('subjects and progress', () => {
  it('reads flags and a mapping file', () => {
    expect(subjectFromFlags('  Orla Brenn ', 'Orla, ,Brenn')).toEqual({ name: 'Orla Brenn', aliases: ['Orla', 'Brenn'] });
    expect(subjectFromFlags(undefined, 'x')).toBeNull();
    expect(readSubjectMap('{"a-slug": "Rafe", "123": {"name": "Aiko Sato", "aliases": ["Aiko"]}}')).toEqual(
      new Map([
        ['a-slug', { name: 'Rafe', aliases: [] }],
        ['123', { name: 'Aiko Sato', aliases: ['Aiko'] }],
      ]),
    );
    expect(() => readSubjectMap('{"x": 3}')).toThrow(/entry "x"/);
    expect(() => readSubjectMap('{')).toThrow(/not JSON/);
  });

  it('draws the bar with an ETA from the rate so far', () => {
    expect(progressLine(0, 100, 0, 'comments')).toBe(`[${'.'.repeat(30)}] 0 / 100 comments  0%  ETA --`);
    expect(progressLine(25, 100, 10_000, 'comments')).toBe(`[${'#'.repeat(8)}${'.'.repeat(22)}] 25 / 100 comments  25%  ETA 0:30`);
    expect(progressLine(5000, 5000, 1, 'comments')).toContain('5,000 / 5,000 comments  100%  ETA 0:00');
  });
});

describe('remarksFromMeta', () => {
  const remark = {
    source_group: 'Quay <b>chat</b>',
    source_url: 'https://chat.example/q',
    author_name: 'Idris Mott',
    headline: null,
    posted_at: '2020-02-02T10:00:00Z',
    body: 'Fine by me.',
  };
  it.each([
    ['no meta', undefined, []],
    ['not JSON', '{oops', []],
    ['not a list', JSON.stringify(remark), []],
    [
      'a remark, tidied as the form would',
      JSON.stringify([remark]),
      [
        {
          sourceGroup: 'Quay chat',
          sourceUrl: 'https://chat.example/q',
          authorName: 'Idris Mott',
          headline: null,
          postedLabel: null,
          postedAt: '2020-02-02T10:00:00.000Z',
          body: 'Fine by me.',
        },
      ],
    ],
    [
      'a script link is dropped, the remark kept',
      JSON.stringify([{ ...remark, source_url: 'javascript:alert(1)' }]),
      [expect.objectContaining({ sourceUrl: null })],
    ],
    [
      'a remark without text, or without a group, is left out',
      JSON.stringify([{ ...remark, body: '  ' }, { ...remark, source_group: '' }, { author_name: 'X' }]),
      [],
    ],
  ])('%s', (_name, value, expected) => {
    expect(remarksFromMeta(value)).toEqual(expected);
  });
});
