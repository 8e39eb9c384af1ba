import { describe, expect, it } from 'vitest';
import { MAX_MARKDOWN_NESTING, excerptOf, markdownNestingDepth, plainTextOf, renderPostMarkdown } from '../../server/post/post-markdown.js';

describe('markdownNestingDepth', () => {
  it.each([
    ['plain prose', 'One paragraph.\n\nAnother one.', 0],
    ['a quote', '> quoted', 1],
    ['a quote in a quote', '> > quoted', 2],
    ['quotes without spaces', '>>> quoted', 3],
    ['a list', '- one\n- two', 1],
    ['a list in a quote in a list', '1. > - deep', 3],
    ['a list nested by indentation', '- one\n  - two\n    - three', 3],
    ['a numbered list nested by indentation', '1. one\n   1. two\n      1. three', 4],
    ['a tab of indentation', '- one\n\t- two', 3],
    ['a rule is no list', '---\n***', 0],
    ['emphasis is no list', '*not* a list\n-1 is a number', 0],
    ['a year is a list marker only before a blank', '2024. A year\n2024.5 is not', 1],
    ['fenced code is left out', '```\n' + '> '.repeat(100) + '\n```\nafter', 0],
    ['a fence inside a quote', '> ```\n> ' + '- '.repeat(100) + '\n> ```', 1],
  ])('%s', (_name, text, depth) => {
    expect(markdownNestingDepth(text)).toBe(depth);
  });

  it('is never below the nesting marked builds', () => {
    for (const text of [
      '> '.repeat(10) + 'x',
      '1. '.repeat(10) + 'x',
      '> 1. '.repeat(5) + 'x',
      Array.from({ length: 10 }, (_, i) => `${'  '.repeat(i)}- ${i}`).join('\n'),
    ]) {
      const html = renderPostMarkdown(text);
      let open = 0;
      let deepest = 0;
      for (const tag of html.matchAll(/<(\/?)(blockquote|ul|ol)>/g)) deepest = Math.max(deepest, (open += tag[1] ? -1 : 1));
      expect(markdownNestingDepth(text)).toBeGreaterThanOrEqual(deepest);
    }
  });

  it('refuses to render past the limit, whoever calls it', () => {
    expect(() => renderPostMarkdown('> '.repeat(MAX_MARKDOWN_NESTING + 1))).toThrow(expect.objectContaining({ status: 422 }));
  });
});

describe('plainTextOf (the text an excerpt is cut from)', () => {
  it.each([
    ['a heading is left out of the opening prose', '## Why the bridge matters\n\nThe council voted on Monday.', 'The council voted on Monday.'],
    ['paragraphs and list items keep a space between them', 'First.\n\nSecond\n\n- one\n- two', 'First. Second one two'],
    ['a line break is a space', 'line one  \nline two', 'line one line two'],
    ['headings alone are kept, apart', '# One\n## Two', 'One Two'],
    ['entities are read back', 'Fish &amp; chips <b>bold</b>', 'Fish & chips bold'],
  ])('%s', (_name, markdown, text) => {
    expect(plainTextOf(renderPostMarkdown(markdown))).toBe(text);
  });

  it('makes an excerpt that starts with the prose, not the heading run into it', () => {
    const excerpt = excerptOf(plainTextOf(renderPostMarkdown('# A Heading\n\nBody words follow here.')));
    expect(excerpt).toBe('Body words follow here.');
  });
});
