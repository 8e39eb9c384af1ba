import { describe, expect, it } from 'vitest';
import { diffAudit } from '../../server/audit/audit-diff.js';

describe('diffAudit', () => {
  it.each([
    ['a status change', '{"status":"pending"}', '{"status":"approved"}', [{ field: 'status', before: 'pending', after: 'approved' }]],
    ['unchanged fields left out', '{"title":"A","slug":"a"}', '{"title":"B","slug":"a"}', [{ field: 'title', before: 'A', after: 'B' }]],
    [
      'a creation',
      null,
      '{"title":"A","comments_open":true}',
      [
        { field: 'title', before: null, after: 'A' },
        { field: 'comments_open', before: null, after: 'yes' },
      ],
    ],
    ['a deletion', '{"body":"gone"}', null, [{ field: 'body', before: 'gone', after: null }]],
    ['nested values as JSON', '{"words":["a"]}', '{"words":["a","b"]}', [{ field: 'words', before: '["a"]', after: '["a","b"]' }]],
    ['a field that became null', '{"label":"pro"}', '{"label":null}', [{ field: 'label', before: 'pro', after: null }]],
    ['plain values', '"x"', '"y"', [{ field: '', before: 'x', after: 'y' }]],
    ['text that is not JSON', 'not json', null, [{ field: '', before: 'not json', after: null }]],
    ['nothing at all', null, null, []],
  ])('%s', (_name, before, after, rows) => {
    expect(diffAudit(before, after)).toEqual(rows);
  });
});
