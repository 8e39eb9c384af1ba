import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, TEST_NOW, type TestContext } from '../support/app.js';
import { visitorAgent } from '../support/auth.js';
import { createComment, createPost, formBody } from '../support/factories.js';

// "Remember my name, email and website": a first-party cookie prefills the form, and a page that prints it is never
// one of the cached pages every other reader gets.

let t: TestContext;
let p: { id: number; slug: string };
let now: Date;
beforeEach(async () => {
  now = TEST_NOW;
  t = await createTestApp({}, { clock: () => now });
  p = await createPost(t.db);
});
afterEach(async () => t.close());

const identityCookie = (fields: { n: string; e: string; u: string }) => `rj_identity=${Buffer.from(JSON.stringify(fields)).toString('base64url')}`;
const setCookies = (res: request.Response) => ([] as string[]).concat(res.headers['set-cookie'] ?? []);

async function post(writer: Awaited<ReturnType<typeof visitorAgent>>, fields: Record<string, string>) {
  return writer.agent
    .post(`/posts/${p.slug}/comments`)
    .type('form')
    .send(
      formBody({
        author_name: 'Wren',
        author_email: 'wren@example.test',
        author_url: 'wren.example',
        parent_id: '',
        body: 'Rivera again.',
        _csrf: writer.csrf,
        ...fields,
      }),
    )
    .expect(303);
}

const nameValue = (html: string) => /id="author_name"[^>]*value="([^"]*)"/.exec(html)?.[1];
const rememberBox = (html: string) => /<input type="checkbox" name="remember" value="1"( checked)?>/.exec(html);

describe('remember my name, email and website', () => {
  it('ticked, the next form comes filled in for that browser only, and unticked forgets it', async () => {
    const wren = await visitorAgent(t.app);
    const first = await post(wren, { remember: '1' });
    const cookie = setCookies(first).find((c) => c.startsWith('rj_identity='));
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).toMatch(/; SameSite=Lax/);
    expect(cookie).toMatch(/; Max-Age=31536000/);
    // Past the edit window, so only the remembered fields make the page Wren's own.
    now = new Date(TEST_NOW.getTime() + 60 * 60_000);
    const page = await wren.agent.get(`/posts/${p.slug}`).expect(200);
    expect(page.headers['cache-control']).toBe('private, no-store');
    expect(nameValue(page.text)).toBe('Wren');
    expect(page.text).toMatch(/id="author_email"[^>]*value="wren@example.test"/);
    expect(page.text).toMatch(/id="author_url"[^>]*value="https:\/\/wren.example\/"/);
    expect(rememberBox(page.text)?.[1]).toBe(' checked');

    const stranger = await request(t.app.server).get(`/posts/${p.slug}`).expect(200);
    expect(nameValue(stranger.text)).toBe('');
    expect(rememberBox(stranger.text)?.[1]).toBeUndefined();

    const second = await post(wren, { body: 'Rivera once more, forget me.' });
    expect(setCookies(second).find((c) => c.startsWith('rj_identity='))).toMatch(/^rj_identity=;.*(Max-Age=0|Expires=Thu, 01 Jan 1970)/);
    now = new Date(TEST_NOW.getTime() + 120 * 60_000);
    expect(nameValue((await wren.agent.get(`/posts/${p.slug}`).expect(200)).text)).toBe('');
  });

  it('never reaches the cached pages, before or after, on the plain page and on a reply link', async () => {
    const c = await createComment(t.db, p.id, { name: 'Tamsin', body: 'Rivera is fine.' });
    const remembered = identityCookie({ n: 'Quill', e: 'quill@example.test', u: '' });
    for (const path of [`/posts/${p.slug}`, `/posts/${p.slug}?replytocom=${c}`]) {
      expect(nameValue((await request(t.app.server).get(path).expect(200)).text), path).toBe('');
      const own = await request(t.app.server).get(path).set('cookie', remembered).expect(200);
      expect(nameValue(own.text), path).toBe('Quill');
      expect(own.headers['cache-control'], path).toBe('private, no-store');
      const after = await request(t.app.server).get(path).expect(200);
      expect(nameValue(after.text), path).toBe('');
      expect(after.text, path).not.toContain('quill@example.test');
    }
  });

  it('prints what the cookie holds as text, and ignores a cookie that does not read as the fields', async () => {
    const hostile = identityCookie({ n: '"><script>alert(1)</script>', e: 'x@example.test', u: '' });
    const page = await request(t.app.server).get(`/posts/${p.slug}`).set('cookie', hostile).expect(200);
    expect(page.text).not.toContain('<script>alert(1)');
    expect(nameValue(page.text)).toBe('&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
    for (const broken of ['rj_identity=not-json', identityCookie({ n: 'A', e: 5, u: '' } as never), `rj_identity=${'x'.repeat(3000)}`]) {
      const res = await request(t.app.server).get(`/posts/${p.slug}`).set('cookie', broken).expect(200);
      expect(nameValue(res.text)).toBe('');
    }
  });
});
