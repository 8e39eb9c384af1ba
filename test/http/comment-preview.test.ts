import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PREVIEWS_PER_WINDOW } from '../../server/debate/preview-limit.js';
import { createTestApp, type TestContext } from '../support/app.js';
import { signInAs, visitorAgent } from '../support/auth.js';
import { createComment, createPost, formBody } from '../support/factories.js';
import { unescapeHtml } from '../support/html.js';

// The comment form's Preview: the same page again, the draft rendered above the form as the thread would show it,
// everything typed kept, nothing stored and no cookie set; and the form's own 422s when a field is wrong.

let t: TestContext;
let p: { id: number; slug: string };
let v: Awaited<ReturnType<typeof visitorAgent>>;
beforeEach(async () => {
  t = await createTestApp();
  p = await createPost(t.db, { title: 'Preview me' });
  v = await visitorAgent(t.app);
});
afterEach(async () => t.close());

const draft = {
  author_name: 'Odile Marsh',
  author_email: 'odile@example.test',
  author_url: 'odile.example',
  body: 'Rivera plainly wins this one.\n\n> the quoted line\n\n- first point\n- second point\n\nSee https://example.org/notes.',
  parent_id: '',
  stance: '',
  notify_replies: '1',
  notify_post: '',
  remember: '1',
};

function send(fields: Record<string, string>, agent = v) {
  return agent.agent
    .post(`/posts/${p.slug}/comments`)
    .type('form')
    .send(formBody({ ...fields, _csrf: agent.csrf }));
}

/** How many rows a preview could have left behind: comments, their labels, mail and subscriptions. */
const storedCounts = async () =>
  Promise.all(
    (['comments', 'stance_labels', 'mail_outbox', 'mail_subscriptions'] as const).map(
      async (table) => (await t.db.selectFrom(table).select('id').execute()).length,
    ),
  );

/** The preview's block of a page, or undefined. */
const previewOf = (html: string) => /<div id="comment-preview"[\s\S]*?<\/article>\s*<\/div>/.exec(html)?.[0];
const setCookies = (res: request.Response) => ([] as string[]).concat(res.headers['set-cookie'] ?? []);

describe('previewing a comment', () => {
  it('shows the draft rendered above the form, keeps every field, stores nothing and sets no cookie; Post Comment then posts it', async () => {
    const before = await storedCounts();
    const res = await send({ ...draft, preview: '1' });
    expect(res.status).toBe(200);
    expect(await storedCounts()).toEqual(before);
    expect(setCookies(res).filter((c) => /^rj_(own|identity|held)/.test(c))).toEqual([]);
    const preview = previewOf(res.text);
    expect(preview).toBeDefined();
    expect(preview).toContain('<li>first point</li>');
    expect(preview).toMatch(/<a href="https:\/\/example.org\/notes"[^>]*rel="[^"]*nofollow/);
    expect(preview).toContain('<a href="https://odile.example/" rel="nofollow ugc noopener">Odile Marsh</a>');
    expect(preview).toMatch(/<img class="avatar" src="\/avatars\/[0-9a-f]{20}\.svg"/);
    // Above the form, inside #respond, where the form's action (…#respond) lands the reader.
    const respond = res.text.indexOf('id="respond"');
    expect(respond).toBeGreaterThan(0);
    expect(res.text.indexOf('id="comment-preview"')).toBeGreaterThan(respond);
    expect(res.text.indexOf('id="comment-preview"')).toBeLessThan(res.text.indexOf('id="commentform"'));
    expect(res.text).toContain(`action="/posts/${p.slug}/comments#respond"`);
    const page = unescapeHtml(res.text);
    expect(page).toContain(`>${draft.body}</textarea>`);
    expect(res.text).toMatch(/id="author_name"[^>]*value="Odile Marsh"/);
    expect(res.text).toMatch(/id="author_email"[^>]*value="odile@example.test"/);
    expect(res.text).toMatch(/id="author_url"[^>]*value="odile.example"/);
    expect(res.text).toContain('<input type="checkbox" name="notify_replies" value="1" checked>');
    expect(res.text).toContain('<input type="checkbox" name="notify_post" value="1">');
    expect(res.text).toContain('<input type="checkbox" name="remember" value="1" checked>');
    expect(res.text).toContain('<button type="submit" name="preview" value="1" class="button button-secondary">Preview</button>');
    expect(res.text).not.toContain('form-alert');

    const posted = await send(draft).expect(303);
    expect(posted.headers.location).toMatch(/#comment-\d+$/);
    const [row] = await t.db.selectFrom('comments').select(['body_raw', 'body_html']).execute();
    expect(row!.body_raw).toBe(draft.body);
    // The preview showed exactly what the thread now shows.
    expect(preview).toContain(`<div class="comment-content">${row!.body_html}</div>`);
  });

  it('never lets the draft run: markup in the text, the name and the website comes back inert', async () => {
    const hostile = {
      ...draft,
      author_name: '<img src=x onerror=alert(1)>',
      author_url: 'javascript:alert(1)',
      body: '<script>alert(1)</script><img src=x onerror=alert(2)> [x](javascript:alert(3)) <a href="javascript:alert(4)" onclick="alert(5)">y</a>',
    };
    const bad = await send({ ...hostile, preview: '1' });
    // A javascript: website is refused as it is on posting, with the text kept.
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('id="author_url-error"');
    const res = await send({ ...hostile, author_url: '', preview: '1' }).expect(200);
    const preview = previewOf(res.text)!;
    expect(preview).toBeDefined();
    expect(preview).not.toMatch(/<script|<img src=x|<[^>]*\sonerror=|<[^>]*\sonclick=|href="javascript:/i);
    expect(preview).toContain('<b class="fn">&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;</b>');
    expect(res.text).not.toContain('<script>alert(1)</script>');
  });

  it('answers a field to fix as posting does: 422, the message by the field, no preview, the text kept', async () => {
    const before = await storedCounts();
    const res = await send({ ...draft, author_email: 'not an address', preview: '1' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('id="author_email-error"');
    expect(res.text).toContain('Your comment was not posted yet.');
    expect(previewOf(res.text)).toBeUndefined();
    expect(unescapeHtml(res.text)).toContain(`>${draft.body}</textarea>`);
    const empty = await send({ ...draft, body: '   ', preview: '1' });
    expect(empty.status).toBe(422);
    expect(empty.text).toContain('<span class="field-error" id="comment-error">Please type a comment</span>');
    expect(await storedCounts()).toEqual(before);
  });

  it('previews a reply on the reply form, and refuses a reply target the post does not show', async () => {
    const parent = await createComment(t.db, p.id, { name: 'Basil' });
    const res = await send({ ...draft, parent_id: String(parent), preview: '1' }).expect(200);
    expect(res.text).toContain(`Replying to <a href="#comment-${parent}">Basil</a>`);
    expect(res.text).toContain(`name="parent_id" id="parent_id" value="${parent}"`);
    expect(previewOf(res.text)).toContain('<li>first point</li>');

    const other = await createPost(t.db, { slug: 'elsewhere' });
    const elsewhere = await createComment(t.db, other.id);
    const held = await createComment(t.db, p.id, { status: 'pending' });
    for (const target of [elsewhere, held]) {
      const refused = await send({ ...draft, parent_id: String(target), preview: '1' });
      expect(refused.status).toBe(422);
      expect(refused.text).toContain('The comment you are replying to is not on this post');
      expect(previewOf(refused.text)).toBeUndefined();
    }
  });

  it('refuses a preview on a post closed to comments as posting does', async () => {
    const closed = await createPost(t.db, { slug: 'closed', commentsOpen: false });
    const res = await v.agent
      .post(`/posts/${closed.slug}/comments`)
      .type('form')
      .send(formBody({ ...draft, preview: '1', _csrf: v.csrf }));
    expect(res.status).toBe(422);
    expect(previewOf(res.text)).toBeUndefined();
  });

  it('needs the page’s token, as posting does, and keeps the text on the refusal', async () => {
    const res = await v.agent
      .post(`/posts/${p.slug}/comments`)
      .type('form')
      .send(formBody({ ...draft, preview: '1', _csrf: 'x'.repeat(43) }));
    expect(res.status).toBe(403);
    expect(previewOf(res.text)).toBeUndefined();
    expect(unescapeHtml(res.text)).toContain(`>${draft.body}</textarea>`);
  });
});

describe('the side badge in the preview', () => {
  it('is the side the reader chose, else the classifier’s reading, and none when the site hides badges', async () => {
    const chosen = previewOf((await send({ ...draft, stance: 'against', preview: '1' }).expect(200)).text)!;
    expect(chosen).toContain('<span class="side-badge side-against" title="self-declared by the commenter">Against');
    const read = previewOf((await send({ ...draft, body: 'Rivera is a fraud, a liar and a cheat. Shameful.', preview: '1' }).expect(200)).text)!;
    expect(read).toMatch(/<span class="side-badge side-(against|unsure)" title="automatic, \d+% confident/);

    const admin = await signInAs(t.app, t.db, 'admin');
    await admin.agent
      .post('/staff/settings/debate')
      .type('form')
      .send(formBody({ showSideBadges: '', stancePrompt: '1', _csrf: admin.csrf }))
      .expect(303);
    const hidden = previewOf((await send({ ...draft, stance: 'against', preview: '1' }).expect(200)).text)!;
    expect(hidden).toContain('<li>first point</li>');
    expect(hidden).not.toContain('side-badge');
  });

  it('past an address’s share of classifier previews still shows the text, without the automatic badge', async () => {
    for (let i = 0; i < PREVIEWS_PER_WINDOW; i++) expect(previewOf((await send({ ...draft, preview: '1' }).expect(200)).text)).toContain('side-badge');
    const past = previewOf((await send({ ...draft, preview: '1' }).expect(200)).text)!;
    expect(past).toContain('<li>first point</li>');
    expect(past).not.toContain('side-badge');
    // A chosen side needs no classifier: its badge is still shown.
    expect(previewOf((await send({ ...draft, stance: 'pro', preview: '1' }).expect(200)).text)).toContain('side-pro');
  });

  it('marks a staff member’s reply as the thread will, in their own name', async () => {
    const staff = await signInAs(t.app, t.db, 'moderator');
    const res = await send({ body: 'Noted, thank you.', parent_id: '', stance: '', preview: '1' }, { agent: staff.agent, csrf: staff.csrf, cookie: '' }).expect(
      200,
    );
    const preview = previewOf(res.text)!;
    expect(preview).toContain(`<b class="fn">${staff.user.name}</b> <span class="staff-badge badge-moderator">Moderator</span>`);
    expect(await storedCounts()).toEqual([0, 0, 0, 0]);
  });
});
