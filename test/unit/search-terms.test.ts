import { describe, expect, it } from 'vitest';
import { buildExcerpt, MAX_QUERY_CHARS, parseSearchTerms, scoreMatch } from '../../server/search/search-terms.js';

describe('parseSearchTerms', () => {
  it.each([
    ['Ferry  NIGHT ferry', ['ferry', 'night']],
    ['"quoted" AND (star*) NEAR/2 -col:x ^y', ['quoted', 'and', 'star', 'near', '2', 'col', 'x', 'y']],
    ["it's café_bar", ['it', 's', 'café', 'bar']],
    ['Москва Kraków', ['москва', 'kraków']],
    ['cafe\u0301 composed', ['café', 'composed']],
    ['?!. \u0000 ', []],
    ['', []],
    ['a b c d e f g h i j', ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']],
    [`${'x'.repeat(65)} kept`, ['kept']],
  ])('%j -> %j', (query, terms) => {
    expect(parseSearchTerms(query)).toEqual(terms);
  });

  it('reads only the first MAX_QUERY_CHARS characters', () => {
    expect(parseSearchTerms(`${'a '.repeat(MAX_QUERY_CHARS / 2)}late`)).toEqual(['a']);
  });
});

describe('scoreMatch', () => {
  it('weighs a heading match over a text match, and more matches over fewer, each less than the last', () => {
    expect(scoreMatch(['ferry'], 'Ferry', '')).toBeGreaterThan(scoreMatch(['ferry'], '', 'ferry ferry'));
    const [one, two, three] = [1, 2, 3].map((n) => scoreMatch(['ferry', 'night'], '', `night ${'ferry '.repeat(n)}`));
    expect(two! - one!).toBeGreaterThan(three! - two!);
    expect(three! - two!).toBeGreaterThan(0);
    expect(scoreMatch(['ferry'], '', 'ferryman')).toBe(0);
  });
});

describe('buildExcerpt', () => {
  it('marks whole words in any case and leaves the rest as plain text', () => {
    expect(buildExcerpt('The Ferry left; ferryman <b>stayed</b>, FERRY gone.', ['ferry'])).toEqual([
      { text: 'The ', mark: false },
      { text: 'Ferry', mark: true },
      { text: ' left; ferryman <b>stayed</b>, ', mark: false },
      { text: 'FERRY', mark: true },
      { text: ' gone.', mark: false },
    ]);
  });

  it('starts a little before the first match in a long text, at a word, and says what it left out', () => {
    const text = `${'lorem ipsum '.repeat(40)}the kite flew ${'dolor sit '.repeat(40)}`;
    const parts = buildExcerpt(text, ['kite']);
    expect(parts[0]?.text.startsWith('… ')).toBe(true);
    expect(parts[0]?.text.slice(2, 7)).toMatch(/^(lorem|ipsum)/);
    expect(parts[1]).toEqual({ text: 'kite', mark: true });
    expect(parts.at(-1)?.text.endsWith(' …')).toBe(true);
    expect(parts.map((p) => p.text).join('').length).toBeLessThan(260);
  });
});
