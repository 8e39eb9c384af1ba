// What an export's HTML becomes here: comment HTML turned into the plain text a commenter would have typed
// (the comment renderer escapes it again), titles with their entities read once. Pure; linear in the input.

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', hellip: '…', mdash: '—', ndash: '–' };
Object.assign(NAMED, { lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', laquo: '«', raquo: '»', bull: '•', middot: '·', copy: '©', eacute: 'é' });
const ENTITY = /&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]{2,8});/gi;

/** Decodes HTML character references (numeric, and the named ones WordPress writes); unknown ones stay as typed. */
export function decodeEntities(text: string): string {
  return text.replace(ENTITY, (whole, ref: string) => {
    if (ref[0] !== '#') return NAMED[ref.toLowerCase()] ?? whole;
    const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    // Lone surrogates, NUL and values past Unicode are not characters: they stay as typed.
    return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : whole;
  });
}

const LINK = /<a\s[^>]*?href\s*=\s*(?:"([^"]*)"|'([^']*)')[^>]*>([\s\S]*?)<\/a\s*>/gi;
const BREAK = /<br\s*\/?>/gi;
const BLOCK_END = /<\/(?:p|div|li|h[1-6]|pre)\s*>/gi;
const QUOTE = /<blockquote[^>]*>([\s\S]*?)<\/blockquote\s*>/gi;
const TAG = /<\/?[a-z][^>]*>|<!--[\s\S]*?-->/gi;

/**
 * A WordPress comment's HTML as plain text: links keep their address ("text (url)"), quotes become "> " lines,
 * paragraphs blank lines, every other tag goes; entities are decoded last so "&lt;b&gt;" stays the text "<b>".
 */
export function commentTextFromHtml(html: string): string {
  const text = html
    .replace(/\r\n?/g, '\n')
    .replace(LINK, (_m, dq: string | undefined, sq: string | undefined, inner: string) => {
      const href = (dq ?? sq ?? '').trim();
      const label = inner.replace(TAG, '').trim();
      return label === '' || label === href ? href : `${label} (${href})`;
    })
    .replace(
      QUOTE,
      (_m, inner: string) =>
        `\n\n${inner
          .replace(TAG, '')
          .trim()
          .split('\n')
          .map((l) => `> ${l}`)
          .join('\n')}\n\n`,
    )
    .replace(BREAK, '\n')
    .replace(BLOCK_END, '\n\n')
    .replace(TAG, '');
  return decodeEntities(text)
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]+/g;

/** A title or name as plain text on one line: entities decoded, tags and control characters gone. */
export function plainLine(text: string): string {
  return decodeEntities(text.replace(TAG, '')).replace(CONTROL, ' ').replace(/\s+/g, ' ').trim();
}
