import { describe, expect, it } from 'vitest';
import {
  AUTHOR_NAME_MAX_CHARS,
  HEADLINE_MAX_CHARS,
  PASTE_MAX_CHARS,
  POSTED_LABEL_MAX_CHARS,
  REMARK_BODY_MAX_BYTES,
  SOURCE_GROUP_MAX_CHARS,
  SOURCE_URL_MAX_CHARS,
  remarkPasteFormSchema,
  remarkRowSchema,
  utf8Bytes,
} from '../../server/remark/remark-forms.js';

function fieldErrors(result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) {
  return (result.error?.issues ?? []).map((issue) => [issue.path.join('.'), issue.message]);
}

describe('remarkPasteFormSchema', () => {
  const valid = { sourceGroup: 'Indie Podcasters group on LinkedIn', sourceUrl: '', paste: 'Hi\nBy\nJane Doe\nposted 1 day ago' };

  it('accepts a paste, trims the group name, and stores an empty link as null', () => {
    const result = remarkPasteFormSchema.safeParse({ ...valid, sourceGroup: '  Podcasters  ' });
    expect(result.success && result.data).toEqual({ sourceGroup: 'Podcasters', sourceUrl: null, paste: valid.paste });
  });

  it('keeps the paste exactly as pasted', () => {
    const paste = '    indented\r\n\r\nBy\r\n';
    const result = remarkPasteFormSchema.safeParse({ ...valid, paste });
    expect(result.success && result.data.paste).toBe(paste);
  });

  it.each([['https://www.linkedin.com/groups/12345/?sort=new'], ['http://forum.example.org/thread/9'], ['  https://example.com/a  ']])(
    'accepts the link %j',
    (url) => {
      const result = remarkPasteFormSchema.safeParse({ ...valid, sourceUrl: url });
      expect(result.success && result.data.sourceUrl).toBe(url.trim());
    },
  );

  it.each([
    ['missing group', { sourceGroup: undefined }, 'sourceGroup'],
    ['blank group', { sourceGroup: '   ' }, 'sourceGroup'],
    ['group too long', { sourceGroup: 'g'.repeat(SOURCE_GROUP_MAX_CHARS + 1) }, 'sourceGroup'],
    ['group with NUL', { sourceGroup: 'Pod\u0000casters' }, 'sourceGroup'],
    ['javascript: link', { sourceUrl: 'javascript:alert(1)' }, 'sourceUrl'],
    ['data: link', { sourceUrl: 'data:text/html,<script>alert(1)</script>' }, 'sourceUrl'],
    ['ftp link', { sourceUrl: 'ftp://files.example.org/x' }, 'sourceUrl'],
    ['not a link', { sourceUrl: 'linkedin group' }, 'sourceUrl'],
    ['link too long', { sourceUrl: `https://example.com/${'a'.repeat(SOURCE_URL_MAX_CHARS)}` }, 'sourceUrl'],
    ['link with NUL', { sourceUrl: 'https://example.com/\u0000' }, 'sourceUrl'],
    ['missing paste', { paste: undefined }, 'paste'],
    ['empty paste', { paste: '' }, 'paste'],
    ['whitespace paste', { paste: ' \n\t ' }, 'paste'],
    ['paste too long', { paste: 'x'.repeat(PASTE_MAX_CHARS + 1) }, 'paste'],
    ['paste with NUL', { paste: 'Hi\u0000' }, 'paste'],
  ])('rejects %s', (_label, change, field) => {
    const result = remarkPasteFormSchema.safeParse({ ...valid, ...change });
    expect(result.success).toBe(false);
    expect(fieldErrors(result).map(([path]) => path)).toEqual([field]);
  });

  it('accepts a group name and a paste at their limits', () => {
    const result = remarkPasteFormSchema.safeParse({
      sourceGroup: 'g'.repeat(SOURCE_GROUP_MAX_CHARS),
      paste: 'x'.repeat(PASTE_MAX_CHARS),
    });
    expect(result.success).toBe(true);
  });

  it('says what is wrong in words a person can act on', () => {
    const result = remarkPasteFormSchema.safeParse({ sourceGroup: '', sourceUrl: 'javascript:alert(1)', paste: '' });
    expect(fieldErrors(result)).toEqual([
      ['sourceGroup', 'The group name is required.'],
      ['sourceUrl', 'The link must be an http:// or https:// address'],
      ['paste', 'Paste the remarks to add.'],
    ]);
  });
});

describe('remarkRowSchema', () => {
  const valid = {
    authorName: 'Jane Doe',
    headline: 'Managing Director at Acme',
    postedLabel: 'posted 3 days ago',
    postedAt: '2024-05-17T12:00:00.000Z',
    body: 'I agree.',
  };

  it('accepts a full row', () => {
    const result = remarkRowSchema.safeParse(valid);
    expect(result.success && result.data).toEqual(valid);
  });

  it('turns blank or missing optional fields into null', () => {
    const result = remarkRowSchema.safeParse({ authorName: 'Jane Doe', headline: '  ', postedLabel: '', body: 'Hi' });
    expect(result.success && result.data).toEqual({ authorName: 'Jane Doe', headline: null, postedLabel: null, postedAt: null, body: 'Hi' });
  });

  it('stores postedAt in UTC', () => {
    const result = remarkRowSchema.safeParse({ ...valid, postedAt: '2024-05-17T14:00:00+02:00' });
    expect(result.success && result.data.postedAt).toBe('2024-05-17T12:00:00.000Z');
  });

  it("keeps the body's line breaks, as LF, and trims it", () => {
    const result = remarkRowSchema.safeParse({ ...valid, body: '\r\n  First\r\n\r\nSecond 😀 https://example.com  \r\n' });
    expect(result.success && result.data.body).toBe('First\n\nSecond 😀 https://example.com');
  });

  it('measures the body in UTF-8 bytes, not characters', () => {
    const emoji = '😀'; // 4 bytes, 2 UTF-16 units
    const fits = emoji.repeat(Math.floor(REMARK_BODY_MAX_BYTES / 4));
    const tooBig = `${fits}${emoji}`;
    expect(utf8Bytes(fits)).toBeLessThanOrEqual(REMARK_BODY_MAX_BYTES);
    expect(tooBig.length).toBeLessThan(REMARK_BODY_MAX_BYTES);
    expect(remarkRowSchema.safeParse({ ...valid, body: fits }).success).toBe(true);
    expect(fieldErrors(remarkRowSchema.safeParse({ ...valid, body: tooBig }))).toEqual([
      ['body', `The remark text must be at most ${REMARK_BODY_MAX_BYTES} bytes.`],
    ]);
  });

  it('accepts a body of exactly the byte limit and rejects one byte more', () => {
    expect(remarkRowSchema.safeParse({ ...valid, body: 'a'.repeat(REMARK_BODY_MAX_BYTES) }).success).toBe(true);
    expect(remarkRowSchema.safeParse({ ...valid, body: 'a'.repeat(REMARK_BODY_MAX_BYTES + 1) }).success).toBe(false);
  });

  it('accepts names and headlines at their limits', () => {
    const result = remarkRowSchema.safeParse({
      ...valid,
      authorName: 'n'.repeat(AUTHOR_NAME_MAX_CHARS),
      headline: 'h'.repeat(HEADLINE_MAX_CHARS),
      postedLabel: 'p'.repeat(POSTED_LABEL_MAX_CHARS),
    });
    expect(result.success).toBe(true);
  });

  it.each([
    ['missing name', { authorName: undefined }, 'authorName'],
    ['blank name', { authorName: '  ' }, 'authorName'],
    ['name too long', { authorName: 'n'.repeat(AUTHOR_NAME_MAX_CHARS + 1) }, 'authorName'],
    ['name with NUL', { authorName: 'Jane\u0000' }, 'authorName'],
    ['headline too long', { headline: 'h'.repeat(HEADLINE_MAX_CHARS + 1) }, 'headline'],
    ['headline with NUL', { headline: 'CEO\u0000' }, 'headline'],
    ['label too long', { postedLabel: 'p'.repeat(POSTED_LABEL_MAX_CHARS + 1) }, 'postedLabel'],
    ['label with NUL', { postedLabel: '3 days\u0000 ago' }, 'postedLabel'],
    ['date that is not ISO', { postedAt: '17/05/2024' }, 'postedAt'],
    ['date without a zone', { postedAt: '2024-05-17T12:00:00' }, 'postedAt'],
    ['impossible date', { postedAt: '2024-02-30T12:00:00Z' }, 'postedAt'],
    ['date with NUL', { postedAt: '2024-05-17T12:00:00Z\u0000' }, 'postedAt'],
    ['missing body', { body: undefined }, 'body'],
    ['blank body', { body: ' \r\n ' }, 'body'],
    ['body with NUL', { body: 'Hi\u0000there' }, 'body'],
    ['name that is not text', { authorName: 42 }, 'authorName'],
  ])('rejects %s', (_label, change, field) => {
    const result = remarkRowSchema.safeParse({ ...valid, ...change });
    expect(result.success).toBe(false);
    expect(fieldErrors(result).map(([path]) => path)).toEqual([field]);
  });
});
