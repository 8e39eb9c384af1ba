import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BODY_MAX_BYTES, EMAIL_MAX_BYTES, NAME_MAX_BYTES, URL_MAX_BYTES } from '../../server/db/column-limits.js';
import { createTestApp, type TestContext } from '../support/app.js';
import { visitorAgent } from '../support/auth.js';
import { createPost, formBody } from '../support/factories.js';
import { TEST_ENGINE } from '../support/test-db.js';

// Input one engine stores and the other refuses (SQLite keeps NUL, any integer and any length;
// PostgreSQL rejects NUL in text, ids past int4 and strings past varchar(n)) must be refused by
// validation first, so readers get the same 4xx on both. This file runs on whichever engine is active.

let t: TestContext;
let post: { id: number; slug: string };
let csrf: string;
let visitorCookie: string;
beforeEach(async () => {
  t = await createTestApp();
  post = await createPost(t.db);
  ({ csrf, cookie: visitorCookie } = await visitorAgent(t.app));
});
afterEach(async () => t.close());

const valid = { author_name: 'Rosa Lind', author_email: 'rosa@example.test', author_url: '', body: 'I think so.', parent_id: '', stance: '' };

/** Posts raw form bytes as a visitor with a valid CSRF token (inject sends a Buffer as it is). */
async function postComment(payload: string | Buffer) {
  const res = await t.app.inject({
    method: 'POST',
    url: `/posts/${post.slug}/comments`,
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: visitorCookie },
    payload: Buffer.concat([Buffer.from(`_csrf=${csrf}&`), Buffer.from(payload)]),
  });
  return { status: res.statusCode, text: res.body };
}

async function commentCount(): Promise<number> {
  const row = await t.db
    .selectFrom('comments')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe(`input at the engines' limits (${TEST_ENGINE})`, () => {
  it.each([
    ['NUL in the website', { author_url: 'https://x.test/\u0000' }, 'author_url'],
    ['NUL in the email', { author_email: 'ro\u0000sa@example.test' }, 'author_email'],
    ['NUL alone as the body', { body: '\u0000' }, 'body'],
    ['parent id one past 2^31-1', { parent_id: '2147483648' }, 'parent_id'],
    ['parent id of ten nines', { parent_id: '9999999999' }, 'parent_id'],
    ['parent id of twenty digits', { parent_id: '99999999999999999999' }, 'parent_id'],
    ['parent id zero', { parent_id: '0' }, 'parent_id'],
    ['negative parent id', { parent_id: '-1' }, 'parent_id'],
    ['name one byte over in two-byte letters', { author_name: 'é'.repeat(Math.ceil((NAME_MAX_BYTES + 1) / 2)) }, 'author_name'],
    ['website that outgrows its column once https:// is added', { author_url: `w.example/${'p'.repeat(URL_MAX_BYTES - 17)}` }, 'author_url'],
    ['website one byte over', { author_url: `https://w.example/${'p'.repeat(URL_MAX_BYTES - 17)}` }, 'author_url'],
    ['email one byte over', { author_email: `${'e'.repeat(64)}@${'d'.repeat(EMAIL_MAX_BYTES - 69)}.test` }, 'author_email'],
    ['body one byte over', { body: 'b'.repeat(BODY_MAX_BYTES + 1) }, 'body'],
  ])('%s: 422 on the field, nothing stored', async (_name, change, field) => {
    const res = await postComment(formBody({ ...valid, ...change }));
    expect(res.status).toBe(422);
    expect(res.text).toMatch(new RegExp(`id="${field}-error"|class="field-error"`));
    expect(await commentCount()).toBe(0);
  });

  it.each([
    ['bytes that are not UTF-8', Buffer.from([0xff, 0xfe])],
    ['a UTF-16 surrogate encoded as UTF-8 (CESU-8)', Buffer.from([0xed, 0xa0, 0x80])],
    ['a truncated multi-byte sequence', Buffer.from([0xe2, 0x82])],
  ])('%s in the name: 422, nothing stored', async (_name, bytes) => {
    const head = Buffer.from(`author_email=r%40x.test&body=hello&author_name=`);
    const res = await postComment(Buffer.concat([head, bytes]));
    expect(res.status).toBe(422);
    expect(res.text).toContain('not valid text (UTF-8)');
    expect(await commentCount()).toBe(0);
  });

  it('stores values exactly at every limit, byte for byte, on this engine', async () => {
    const atLimit = {
      ...valid,
      author_name: 'é'.repeat(Math.floor(NAME_MAX_BYTES / 2)),
      // An address's local part holds at most 64 octets, a host name's label 63: the rest of each limit is domain or path.
      author_email: `${'e'.repeat(64)}@${'d'.repeat(EMAIL_MAX_BYTES - 70)}.test`,
      author_url: `https://w.example/${'p'.repeat(URL_MAX_BYTES - 18)}`,
      body: '😀'.repeat(Math.floor(BODY_MAX_BYTES / 4)),
    };
    expect(Buffer.byteLength(atLimit.author_email)).toBe(EMAIL_MAX_BYTES);
    expect(Buffer.byteLength(atLimit.author_url)).toBe(URL_MAX_BYTES);
    expect((await postComment(formBody(atLimit))).status).toBe(303);
    const row = await t.db.selectFrom('comments').selectAll().executeTakeFirstOrThrow();
    expect([row.author_name, row.author_email, row.author_url, row.body_raw]).toEqual([
      atLimit.author_name,
      atLimit.author_email,
      atLimit.author_url,
      atLimit.body,
    ]);
  });

  it.each(['2147483648', '99999999999999999999', '%00', '1%00'])('replytocom=%s is a 400 page', async (value) => {
    await request(t.app.server).get(`/posts/${post.slug}?replytocom=${value}`).expect(400);
  });

  it.each([
    ['NUL', '/api/posts/a%00b'],
    ['201 characters', `/api/posts/${'a'.repeat(201)}`],
  ])('a slug with %s is a JSON 404', async (_name, url) => {
    const res = await request(t.app.server).get(url).expect(404);
    expect(res.body.code).toBe('not_found');
  });

  it('a path that is not UTF-8 is refused by the router with a 400, before any query', async () => {
    await request(t.app.server).get('/api/posts/%FF%FE').expect(400);
  });
});
