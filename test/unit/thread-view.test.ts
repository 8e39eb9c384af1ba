import { describe, expect, it } from 'vitest';
import { parseThreadQuery } from '../../server/thread/thread-query.js';
import { describeComment, threadHref } from '../../server/thread/thread-view.js';

describe('threadHref', () => {
  it.each([
    [{ page: 1, view: 'all' as const }, '/posts/p'],
    [{ page: 2, view: 'all' as const }, '/posts/p?cpage=2'],
    [{ page: 1, view: 'top' as const }, '/posts/p?view=top'],
    [{ page: 3, view: 'top' as const }, '/posts/p?view=top&cpage=3'],
    [{ page: 1, view: 'all' as const, replyToId: 7 }, '/posts/p?replytocom=7'],
    [{ page: 4, view: 'all' as const, replyToId: 7 }, '/posts/p?cpage=4&replytocom=7'],
    [{ page: 2, view: 'all' as const, sort: 'common' as const, side: 'pro' as const }, '/posts/p?sort=common&side=pro&cpage=2'],
    [{ page: 1, view: 'top' as const, sort: 'oldest' as const, side: null }, '/posts/p?view=top'],
  ])('%o -> %s', (at, expected) => {
    expect(threadHref('/posts/p', at)).toBe(expected);
  });
});

describe('describeComment', () => {
  it.each([
    ['Ana', null, 1, 'Comment by Ana, level 1'],
    ['Ben', 'Ana', 2, 'Reply by Ben to Ana, level 2'],
    ['Cy', 'Ben', 5, 'Reply by Cy to Ben, level 5'],
  ])('%s answering %s at level %i', (name, answers, level, expected) => {
    expect(describeComment(name, answers, level)).toBe(expected);
  });
});

describe('parseThreadQuery', () => {
  it.each([
    [{}, { page: null, view: 'all', replyToId: null, sort: 'oldest', side: null }],
    [
      { cpage: '3', view: 'top' },
      { page: 3, view: 'top', replyToId: null, sort: 'oldest', side: null },
    ],
    [
      { cpage: '', view: '', replytocom: '', sort: '', side: '' },
      { page: null, view: 'all', replyToId: null, sort: 'oldest', side: null },
    ],
    [
      { replytocom: '12', utm_source: 'x' },
      { page: null, view: 'all', replyToId: 12, sort: 'oldest', side: null },
    ],
    [
      { sort: 'common', side: 'against', view: 'sides' },
      { page: null, view: 'sides', replyToId: null, sort: 'common', side: 'against' },
    ],
  ])('%o reads as %o', (query, expected) => {
    expect(parseThreadQuery(query)).toEqual(expected);
  });

  it.each([
    { cpage: '0' },
    { cpage: '01' },
    { cpage: '1e3' },
    { cpage: ['1', '2'] },
    { cpage: '1000000' },
    { view: 'flat' },
    { replytocom: 'x' },
    { sort: 'best' },
    { side: 'for' },
    { sort: ['newest', 'oldest'] },
  ])('%o is a 400', (query) => {
    expect(() => parseThreadQuery(query)).toThrow(expect.objectContaining({ status: 400 }));
  });
});
