import { describe, expect, it } from 'vitest';
import { renderCommentHtml } from '../../server/shared/comment-format.js';

describe('renderCommentHtml', () => {
  const cases: [string, string, string][] = [
    ['plain paragraph', 'Hello there', '<p>Hello there</p>'],
    ['blank line splits paragraphs', 'One\n\nTwo', '<p>One</p>\n<p>Two</p>'],
    ['single newline is a line break', 'One\nTwo', '<p>One<br>\nTwo</p>'],
    ['CRLF is normalised', 'One\r\n\r\nTwo', '<p>One</p>\n<p>Two</p>'],
    ['quote', '> quoted words\nmine', '<blockquote><p>quoted words</p></blockquote>\n<p>mine</p>'],
    ['bullet list', '- a\n- b', '<ul><li>a</li><li>b</li></ul>'],
    ['numbered list keeps its start', '2. b\n3. c', '<ol start="2"><li>b</li><li>c</li></ol>'],
    ['hash lines (a pasted tweet list) become a list', '# first tweet\n# second tweet', '<ul><li>first tweet</li><li>second tweet</li></ul>'],
    ['a hashtag is not a list', '#hashtag here', '<p>#hashtag here</p>'],
    [
      'bare URL is linked without trailing punctuation',
      'See https://example.com/a?b=1&c=2.',
      '<p>See <a href="https://example.com/a?b&#61;1&amp;c&#61;2" rel="nofollow ugc noopener">https://example.com/a?b&#61;1&amp;c&#61;2</a>.</p>',
    ],
    ['script is escaped', '<script>alert(1)</script>', '<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>'],
    ['event handler is escaped', '<img src=x onerror="alert(1)">', '<p>&lt;img src&#61;x onerror&#61;&quot;alert(1)&quot;&gt;</p>'],
    ['javascript: is never linked', 'javascript:alert(1)', '<p>javascript:alert(1)</p>'],
    [
      'a quote inside a URL cannot break the attribute',
      'http://x.test/"onmouseover="alert(1)',
      '<p><a href="http://x.test/" rel="nofollow ugc noopener">http://x.test/</a>&quot;onmouseover&#61;&quot;alert(1)</p>',
    ],
    ['template syntax stays text', '{{constructor.constructor("alert(1)")()}}', '<p>{{constructor.constructor(&quot;alert(1)&quot;)()}}</p>'],
    ['emoji and RTL survive', 'مرحبا 👋🏽 שלום', '<p>مرحبا 👋🏽 שלום</p>'],
    ['NUL is dropped', 'a\u0000b', '<p>ab</p>'],
  ];
  it.each(cases)('%s', (_name, input, expected) => {
    expect(renderCommentHtml(input)).toBe(expected);
  });
});
