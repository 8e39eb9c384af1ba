import { describe, expect, it } from 'vitest';
import { whyWriterCannotChange } from '../../server/comment/writer-edit-rule.js';
import { recentOwnIds } from '../../server/comment/own-cookie.js';

const posted = '2026-11-26T12:00:00.000Z';
const at = (minutes: number) => new Date(Date.parse(posted) + minutes * 60_000);

describe('whyWriterCannotChange', () => {
  it.each([
    { status: 'approved', replies: false, after: 14.9, minutes: 15, refused: null },
    { status: 'pending', replies: false, after: 1, minutes: 15, refused: null },
    { status: 'approved', replies: false, after: 15, minutes: 15, refused: 'that time is up' },
    { status: 'approved', replies: false, after: 0, minutes: 0, refused: 'cannot be changed after posting' },
    { status: 'approved', replies: true, after: 1, minutes: 15, refused: 'has replies' },
    { status: 'trash', replies: false, after: 1, minutes: 15, refused: 'removed' },
    { status: 'spam', replies: false, after: 1, minutes: 15, refused: 'removed' },
  ])('$status, replies $replies, $after of $minutes minutes: $refused', ({ status, replies, after, minutes, refused }) => {
    const why = whyWriterCannotChange({ status, created_at: posted }, replies, at(after), minutes);
    if (refused === null) expect(why).toBeNull();
    else expect(why).toContain(refused);
  });
});

describe('recentOwnIds', () => {
  it('keeps this post’s comments posted inside the window', () => {
    const own = [
      { postId: 1, id: 10, postedAt: 1000 },
      { postId: 2, id: 11, postedAt: 1000 },
      { postId: 1, id: 12, postedAt: 400 },
    ];
    expect(recentOwnIds(own, 1, 1500, 900)).toEqual([10]);
    expect(recentOwnIds(own, 1, 1500, 1200)).toEqual([10, 12]);
    expect(recentOwnIds(own, 3, 1500, 1200)).toEqual([]);
  });
});
