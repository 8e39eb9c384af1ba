import { describe, expect, it } from 'vitest';
import { addRemovedPlaceholders } from '../../server/comment/removed-placeholders.js';

const c = (id: number, parent_id: number | null) => ({ id, parent_id });

describe('removed comments keep their replies in place', () => {
  it.each([
    ['no hidden comment', [c(1, null), c(2, 1)], [], [1, 2]],
    ['a removed parent stands in for its reply', [c(1, null), c(3, 2)], [c(2, 1)], [1, 2, 3]],
    ['a chain of removed ancestors', [c(4, 3)], [c(2, null), c(3, 2)], [2, 3, 4]],
    ['removed comments no shown reply needs stay out', [c(1, null)], [c(2, 1), c(3, null)], [1]],
    ['one placeholder for many replies', [c(3, 2), c(4, 2), c(5, 4)], [c(2, null)], [2, 3, 4, 5]],
    ["a hidden comment also shown (the visitor's own held one) is not doubled", [c(2, null), c(3, 2)], [c(2, null)], [2, 3]],
  ])('%s', (_name, shown, hidden, ids) => {
    expect(addRemovedPlaceholders(shown, hidden).map((x) => x.id)).toEqual(ids);
  });
});
