import { describe, expect, it } from 'vitest';
import { commentFormSchema, COMMENT_FORM_FIELDS } from '../../server/comment/comment.forms.js';
import { ENCODING_ERRORS_KEY, parseUrlEncoded } from '../../server/shared/urlencoded.js';
import { parseForm } from '../../server/shared/form.js';

describe('parseUrlEncoded', () => {
  const cases: [string, string, Record<string, string>][] = [
    ['simple pairs', 'a=1&b=two', { a: '1', b: 'two' }],
    ['plus is a space, percent escapes decode', 'a=hello+world%21&b=%C3%A9', { a: 'hello world!', b: 'é' }],
    ['first value wins', 'a=1&a=2', { a: '1' }],
    ['key without value', 'a&b=', { a: '', b: '' }],
    ['empty body', '', {}],
    ['invalid UTF-8 escape is marked and kept', 'a=x%FFy', { a: 'x\uFFFDy', [ENCODING_ERRORS_KEY]: 'a' }],
    ['bad escape in a key drops the pair', '%zz=1&b=2', { b: '2' }],
    ['the marker key cannot be forged', `${ENCODING_ERRORS_KEY}=body&b=2`, { b: '2' }],
  ];
  it.each(cases)('%s', (_name, body, expected) => {
    expect({ ...parseUrlEncoded(Buffer.from(body)) }).toEqual({ ...expected });
  });

  it('treats __proto__ as an ordinary key, never as the prototype', () => {
    const parsed = parseUrlEncoded(Buffer.from('__proto__=x&constructor=y'));
    expect(Object.getPrototypeOf(parsed)).toBeNull();
    expect(Object.getOwnPropertyDescriptor(parsed, '__proto__')?.value).toBe('x');
    expect(parsed.constructor).toBe('y');
  });

  it('marks every field when the raw bytes are not UTF-8', () => {
    const parsed = parseUrlEncoded(Buffer.concat([Buffer.from('a='), Buffer.from([0xff])]));
    expect(parsed[ENCODING_ERRORS_KEY]).toBe('*');
  });
});

describe('comment form', () => {
  const base = { author_name: ' Ana ', author_email: 'ana@example.test', author_url: '', body: 'Hi', parent_id: '', stance: '' };
  const parse = (change: Record<string, string>) => parseForm(commentFormSchema, { ...base, ...change }, COMMENT_FORM_FIELDS);

  it('trims, normalises and types the fields', () => {
    const result = parse({ author_url: 'example.com/me', parent_id: '12', stance: 'against', notify_replies: '1' });
    expect(result).toEqual({
      ok: true,
      data: {
        author_name: 'Ana',
        author_email: 'ana@example.test',
        author_url: 'https://example.com/me',
        body: 'Hi',
        parent_id: 12,
        stance: 'against',
        notify_replies: true,
        notify_post: false,
        remember: false,
      },
    });
  });

  it.each([
    ['name at the byte limit passes', { author_name: 'é'.repeat(122) }, true],
    ['name one byte over fails', { author_name: `${'é'.repeat(122)}ab` }, false],
    ['body at 65,525 bytes passes', { body: 'b'.repeat(65_525) }, true],
    ['body at 65,526 bytes fails', { body: 'b'.repeat(65_526) }, false],
    ['website at 200 bytes passes', { author_url: `https://x.test/${'p'.repeat(185)}` }, true],
    ['website at 201 bytes fails', { author_url: `https://x.test/${'p'.repeat(186)}` }, false],
    ['ftp website fails', { author_url: 'ftp://x.test' }, false],
    ['parent id beyond 32 bits fails', { parent_id: '2147483648' }, false],
    ['a checkbox other than 1 fails', { notify_post: 'yes' }, false],
  ])('%s', (_name, change, ok) => {
    expect(parse(change).ok).toBe(ok);
  });
});
