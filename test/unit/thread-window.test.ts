import { describe, expect, it } from 'vitest';
import { CONTEXT_WINDOW, MAX_ANCESTORS } from '../../server/stance/relabel-plan.js';
import { ThreadWindow } from '../../server/stance/thread-window.js';
import type { ThreadItem } from '../../server/stance/stance-types.js';

const item = (id: number, parent: number | null): ThreadItem => ({
  id: String(id),
  parentId: parent === null ? null : String(parent),
  author: `Reader ${id}`,
  body: `text ${id}`,
  kind: 'comment',
});

describe('ThreadWindow', () => {
  it('hands over the whole thread while it is no bigger than a single comment’s context', () => {
    const thread = new ThreadWindow([item(1, null), item(2, 1)]);
    thread.push(item(3, 2));
    expect(thread.before('3').map((i) => i.id)).toEqual(['1', '2', '3']);
    const full = new ThreadWindow(Array.from({ length: CONTEXT_WINDOW + MAX_ANCESTORS }, (_, i) => item(i + 1, null)));
    expect(full.before(null)).toHaveLength(CONTEXT_WINDOW + MAX_ANCESTORS);
  });

  it('past that, hands over the recent window and the whole reply chain, in thread order', () => {
    // 1 <- 2 <- 3 is an old chain; 4..300 are top-level; the next item answers 3.
    const thread = new ThreadWindow([item(1, null), item(2, 1), item(3, 2)]);
    for (let id = 4; id <= 300; id++) thread.push(item(id, null));
    const ids = thread.before('3').map((i) => Number(i.id));
    expect(ids).toEqual([1, 2, 3, ...Array.from({ length: CONTEXT_WINDOW }, (_, k) => 300 - CONTEXT_WINDOW + 1 + k)]);
    expect(thread.before(null)).toHaveLength(CONTEXT_WINDOW);
  });

  it('cuts a reply chain deeper than MAX_ANCESTORS, keeping the nearest', () => {
    // 1 <- 2 <- ... <- 200 is one chain, then 201..300 top-level; the next item answers 200.
    const thread = new ThreadWindow([]);
    for (let id = 1; id <= 200; id++) thread.push(item(id, id === 1 ? null : id - 1));
    for (let id = 201; id <= 300; id++) thread.push(item(id, null));
    const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, k) => from + k);
    expect(thread.before('200').map((i) => Number(i.id))).toEqual([...range(200 - MAX_ANCESTORS + 1, 200), ...range(300 - CONTEXT_WINDOW + 1, 300)]);
  });
});
