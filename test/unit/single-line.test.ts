import { describe, expect, it } from 'vitest';
import { loginFormSchema, newUserSchema } from '../../server/auth/auth.forms.js';
import { commentFormSchema } from '../../server/comment/comment.forms.js';
import { commentEditSchema } from '../../server/moderation/moderation.forms.js';
import { postFormSchema } from '../../server/post/post.forms.js';
import { remarkPasteFormSchema, remarkRowSchema } from '../../server/remark/remark-forms.js';
import { controlCharProblem, emailProblem, isBlankName, isRealHostName, parseWebsite } from '../../server/shared/single-line.js';

const valid = { author_name: 'Rosa Lind', author_email: 'rosa@example.test', author_url: '', body: 'Hi.', parent_id: '', stance: '' };

/** The message the comment form gives a field for one changed value, or null when it is accepted. */
function fieldError(field: keyof typeof valid, value: string): string | null {
  const result = commentFormSchema.safeParse({ ...valid, [field]: value });
  if (result.success) return null;
  return result.error.issues.find((i) => i.path[0] === field)?.message ?? null;
}

describe('control characters in one-line fields', () => {
  it.each([
    ['CR LF', 'Rosa\r\nLind'],
    ['a lone LF', 'Rosa\nLind'],
    ['ESC and an ANSI colour sequence', 'Rosa \u001b[31mLind\u001b[0m'],
    ['a tab', 'Rosa\tLind'],
    ['NUL', 'Ro\u0000sa'],
    ['DEL', 'Rosa\u007f'],
    ['a C1 control (NEL)', 'Rosa\u0085Lind'],
    ['a C1 control (CSI)', 'Rosa\u009b31m'],
    ['the Unicode line separator', 'Rosa\u2028Lind'],
    ['a trailing newline that trimming would hide', 'Rosa Lind\n'],
  ])('refuses %s', (_name, text) => {
    expect(controlCharProblem(text, 'Name')).toMatch(/single line/);
    for (const field of ['author_name', 'author_email', 'author_url'] as const) {
      expect(fieldError(field, field === 'author_name' ? text : `rosa${text}@example.test`)).toMatch(/single line/);
    }
  });

  it.each(['Rosa Lind', 'Zoë Ångström', 'محمد الأحمد', '李小龍', 'Rosa 🌹', '👩‍💻 Dev', 'Nadia Ja\u200cfari'])('keeps %s', (text) => {
    expect(controlCharProblem(text, 'Name')).toBeNull();
    expect(fieldError('author_name', text)).toBeNull();
  });
});

describe('a name with nothing visible', () => {
  it.each([
    ['spaces', '   '],
    ['a zero-width space', '\u200b'],
    ['zero-width joiners and non-joiners', '\u200d\u200c\u200d'],
    ['a byte-order mark', '\ufeff'],
    ['bidi controls', '\u202e\u2066\u2069\u200f'],
    ['a word joiner between spaces', ' \u2060 '],
  ])('is required when it holds only %s', (_name, text) => {
    expect(isBlankName(text)).toBe(true);
    expect(fieldError('author_name', text)).toBe('Please enter your name');
  });

  it.each(['R', '🌹', 'م', 'Rosa\u200b'])('is a name when something shows: %s', (text) => {
    expect(isBlankName(text)).toBe(false);
  });
});

describe('email addresses', () => {
  it.each([
    ['two addresses', 'rosa@example.test, max@example.test', 'just one'],
    ['two addresses with a semicolon', 'rosa@example.test;max@example.test', 'just one'],
    ['two @', 'rosa@max@example.test', 'just one'],
    ['a space inside', 'rosa lind@example.test', 'no spaces'],
    ['no @', 'rosa.example.test', 'needs an @'],
    ['nothing before the @', '@example.test', 'before the @'],
    ['a 65-octet local part', `${'r'.repeat(65)}@example.test`, 'at most 64'],
    ['a local part of 33 two-byte letters (66 octets)', `${'é'.repeat(33)}@example.test`, 'at most 64'],
    ['a domain without a dot', 'rosa@localhost', 'needs a dot'],
    ['a domain ending in a dot', 'rosa@example.', 'needs a dot'],
  ])('refuses %s and says why', (_name, text, why) => {
    expect(emailProblem(text)).toContain(why);
    expect(fieldError('author_email', text)).toContain(why);
  });

  it.each([
    ['a plain address', 'rosa@example.test', 'rosa@example.test'],
    ['surrounding spaces, trimmed', '  rosa@example.test ', 'rosa@example.test'],
    ['a 64-octet local part', `${'r'.repeat(64)}@example.test`, `${'r'.repeat(64)}@example.test`],
    ['a plus tag', 'rosa+debates@mail.example.test', 'rosa+debates@mail.example.test'],
  ])('accepts %s', (_name, text, stored) => {
    const result = commentFormSchema.safeParse({ ...valid, author_email: text });
    expect(result.success && result.data.author_email).toBe(stored);
  });
});

describe('websites', () => {
  it.each([
    ['javascript:', 'javascript:alert(1)'],
    ['JavaScript: in mixed case', 'JaVaScRiPt:alert(1)'],
    ['javascript: after leading spaces', '   javascript:alert(1)'],
    ['javascript with an entity for its colon', 'javascript&colon;alert(1)'],
    ['javascript with a numeric entity', 'javascript&#58;alert(1)'],
    ['javascript with a hex entity inside the word', 'java&#x73;cript:alert(1)'],
    ['javascript: split by a tab', 'java\tscript:alert(1)'],
    ['javascript: split by a newline', 'java\nscript:alert(1)'],
    ['data:', 'data:text/html,<b>x</b>'],
    ['vbscript:', 'vbscript:msgbox(1)'],
    ['mailto:', 'mailto:rosa@example.test'],
    ['a protocol-relative //host', '//evil.example/'],
    ['a backslash host', '\\\\evil.example'],
    ['backslashes after the scheme', 'https:\\\\evil.example'],
    ['a user and password', 'https://user:secret@evil.example/'],
    ['a user alone', 'https://rosa@evil.example/'],
    ['CR LF inside', 'https://rosa.example/\r\nSet-Cookie: x=1'],
    ['a space inside', 'https://rosa.example/my page'],
    ['an IP address', 'https://192.0.2.1/'],
    ['a single-label host', 'http://intranet/'],
    ['localhost with a port', 'localhost:3000'],
    ['an underscore in the host', 'https://my_site.example/'],
    ['an empty host', 'https://'],
  ])('refuses %s', (_name, text) => {
    expect(parseWebsite(text).ok).toBe(false);
    expect(fieldError('author_url', text)).not.toBeNull();
  });

  it('says why in words a person can act on', () => {
    expect(fieldError('author_url', '//evil.example/')).toMatch(/site name or https:\/\//);
    expect(fieldError('author_url', 'javascript:alert(1)')).toMatch(/http:\/\/ or https:\/\//);
    expect(fieldError('author_url', 'https://u:p@x.example')).toMatch(/user name and password/);
    expect(fieldError('author_url', 'https://rosa.example/a b')).toMatch(/no spaces/);
  });

  it.each([
    ['a bare domain', 'rosa.example', 'https://rosa.example/'],
    ['surrounding spaces', '  rosa.example  ', 'https://rosa.example/'],
    ['http', 'http://rosa.example/blog', 'http://rosa.example/blog'],
    ['upper-case scheme and host', 'HTTPS://Rosa.EXAMPLE/Blog', 'https://rosa.example/Blog'],
    ['a host and port without scheme', 'rosa.example:8080/x', 'https://rosa.example:8080/x'],
    ['a query and fragment', 'https://rosa.example/?a=1&b=2#top', 'https://rosa.example/?a=1&b=2#top'],
    ['an international domain', 'bücher.example', 'https://xn--bcher-kva.example/'],
    ['empty', '', null],
  ])('stores %s as its normalised href', (_name, text, href) => {
    expect(parseWebsite(text)).toEqual({ ok: true, href });
    const result = commentFormSchema.safeParse({ ...valid, author_url: text });
    expect(result.success && result.data.author_url).toBe(href);
  });

  it.each([
    ['example.com', true],
    ['a.b.example', true],
    ['xn--bcher-kva.example', true],
    ['example', false],
    ['1.2.3.4', false],
    ['-bad.example', false],
    [`${'l'.repeat(64)}.example`, false],
  ])('host %s is a real host name: %s', (host, real) => {
    expect(isRealHostName(host)).toBe(real);
  });
});

describe('staff forms take the same rules', () => {
  const firstMessage = (result: { success: boolean; error?: { issues: { message: string }[] } }) => (result.success ? null : result.error!.issues[0]!.message);

  it('a remark author, headline and link', () => {
    const row = { authorName: 'Jo Park', headline: null, postedLabel: null, postedAt: null, body: 'A remark.' };
    expect(firstMessage(remarkRowSchema.safeParse({ ...row, authorName: '\u200b\u200d' }))).toBe('The author name is required.');
    expect(firstMessage(remarkRowSchema.safeParse({ ...row, authorName: 'Jo\r\nPark' }))).toMatch(/single line/);
    expect(firstMessage(remarkRowSchema.safeParse({ ...row, headline: 'CEO\u001b[2J' }))).toMatch(/single line/);
    const paste = { sourceGroup: 'Group', paste: 'text' };
    expect(firstMessage(remarkPasteFormSchema.safeParse({ ...paste, sourceUrl: '//evil.example/' }))).toMatch(/site name or https/);
    expect(remarkPasteFormSchema.parse({ ...paste, sourceUrl: 'linkedin.example/groups/1' }).sourceUrl).toBe('https://linkedin.example/groups/1');
  });

  it('a moderator editing a commenter name', () => {
    expect(firstMessage(commentEditSchema.safeParse({ author_name: '\ufeff', body: 'b', return_to: '' }))).toBe('A name is needed');
    expect(firstMessage(commentEditSchema.safeParse({ author_name: 'Rosa\nLind', body: 'b', return_to: '' }))).toMatch(/single line/);
  });

  it('sign-in and new accounts', () => {
    expect(firstMessage(loginFormSchema.safeParse({ email: 'a@b.example\r\n', password: 'x', next: '' }))).toMatch(/single line/);
    const user = { email: 'new@example.test', name: 'New Person', role: 'author', password: 'a long enough password' };
    expect(firstMessage(newUserSchema.safeParse({ ...user, email: 'a@b.example, c@d.example' }))).toMatch(/just one/);
    expect(firstMessage(newUserSchema.safeParse({ ...user, name: '\u2066\u2069' }))).toBe('Please give a name');
  });

  it('a post title and subject', () => {
    const post = {
      title: 'T',
      slug: '',
      body: 'b',
      subject_name: 'Jamie Rivera',
      subject_aliases: '',
      author_stance: '',
      status: 'draft',
      comments_open: '',
      moderation_mode: 'open',
      intent: '',
    };
    expect(firstMessage(postFormSchema.safeParse({ ...post, title: 'Title\r\nInjected' }))).toMatch(/single line/);
    expect(firstMessage(postFormSchema.safeParse({ ...post, subject_name: '\u200b' }))).toBe('Who is this post about?');
    expect(firstMessage(postFormSchema.safeParse({ ...post, subject_aliases: 'Rivera,\u001bJamie' }))).toMatch(/single line/);
  });
});
