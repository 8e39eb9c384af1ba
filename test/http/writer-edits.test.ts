import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, TEST_NOW, type TestContext } from '../support/app.js';
import { signInAs, visitorAgent } from '../support/auth.js';
import { createPost, formBody } from '../support/factories.js';
import { BODY_MAX_BYTES } from '../../server/db/column-limits.js';

// A commenter fixes or takes back their own comment from the browser that posted it, within the edit window.

let t: TestContext;
let p: { id: number; slug: string };
let now: Date;
beforeEach(async () => {
  now = TEST_NOW;
  t = await createTestApp({}, { clock: () => now });
  p = await createPost(t.db);
});
afterEach(async () => t.close());

const minutesLater = (minutes: number) => new Date(TEST_NOW.getTime() + minutes * 60_000);

type Writer = Awaited<ReturnType<typeof visitorAgent>>;

/** Posts a comment from a fresh browser (or the given one); returns that browser and the comment's id. */
async function comment(body: string, options: { name?: string; parentId?: number } = {}): Promise<Writer & { id: number; ownCookie: string }> {
  const writer = await visitorAgent(t.app);
  const name = options.name ?? 'Odile';
  const res = await writer.agent
    .post(`/posts/${p.slug}/comments`)
    .type('form')
    .send(
      formBody({
        author_name: name,
        author_email: `${name.toLowerCase()}@example.test`,
        author_url: '',
        parent_id: options.parentId === undefined ? '' : String(options.parentId),
        body,
        _csrf: writer.csrf,
      }),
    )
    .expect(303);
  const row = await t.db.selectFrom('comments').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow();
  const ownCookie =
    ([] as string[])
      .concat(res.headers['set-cookie'] ?? [])
      .find((c) => c.startsWith('rj_own='))
      ?.split(';')[0] ?? '';
  return { ...writer, id: row.id, ownCookie };
}

const editPath = (id: number) => `/posts/${p.slug}/comments/${id}/edit`;
const deletePath = (id: number) => `/posts/${p.slug}/comments/${id}/delete`;

function edit(writer: Writer, id: number, body: string) {
  return writer.agent
    .post(editPath(id))
    .type('form')
    .send(formBody({ body, _csrf: writer.csrf }));
}

async function bodyOf(id: number) {
  return t.db.selectFrom('comments').select(['body_raw', 'edited_at', 'status']).where('id', '=', id).executeTakeFirstOrThrow();
}

async function threadVersion() {
  return (await t.db.selectFrom('posts').select('thread_version').where('id', '=', p.id).executeTakeFirstOrThrow()).thread_version;
}

describe('a writer edits their own comment', () => {
  it('within the window: Edit on their page only, the form, 303 to the anchor, the "edited" mark and the old text kept', async () => {
    const odile = await comment('Rivera was late again, sloppy show.');
    const own = await odile.agent.get(`/posts/${p.slug}`).expect(200);
    expect(own.headers['cache-control']).toBe('private, no-store');
    expect(own.text).toContain(`href="${editPath(odile.id)}"`);
    expect(own.text).toContain(`href="${deletePath(odile.id)}"`);

    const form = await odile.agent.get(editPath(odile.id)).expect(200);
    expect(form.headers['cache-control']).toBe('no-store');
    expect(form.text).toContain('>Rivera was late again, sloppy show.</textarea>');

    now = minutesLater(5);
    const saved = await edit(odile, odile.id, 'Rivera was late again, a sloppy show & a short one.').expect(303);
    expect(saved.headers.location).toBe(`/posts/${p.slug}#comment-${odile.id}`);
    expect(await bodyOf(odile.id)).toMatchObject({ body_raw: 'Rivera was late again, a sloppy show & a short one.', edited_at: now.toISOString() });

    const revisions = await t.db.selectFrom('comment_revisions').selectAll().where('comment_id', '=', odile.id).execute();
    expect(revisions).toEqual([
      {
        id: expect.any(Number),
        comment_id: odile.id,
        body_raw: 'Rivera was late again, sloppy show.',
        body_html: '<p>Rivera was late again, sloppy show.</p>',
        edited_by_user_id: null,
        editor: 'writer',
        created_at: now.toISOString(),
      },
    ]);
    const page = await request(t.app.server).get(`/posts/${p.slug}`).expect(200);
    expect(page.text).toContain('a sloppy show &amp; a short one.');
    expect(page.text).toMatch(new RegExp(`<span class="comment-edited" title="Edited [^"]+">\\(edited\\)</span>`));
    // A reader who did not write it gets the shared page: no Edit, nothing private about the cache.
    expect(page.text).not.toContain('own-edit-link');
    expect(page.headers['cache-control']).toBeUndefined();
  });

  it('is refused once the window is over (the page stops offering it), and an admin may widen the window', async () => {
    const odile = await comment('Rivera played a fine set.');
    now = minutesLater(15);
    expect((await odile.agent.get(`/posts/${p.slug}`).expect(200)).text).not.toContain('own-edit-link');
    const late = await odile.agent.get(editPath(odile.id)).expect(403);
    expect(late.text).toContain('Comments can be changed for 15 minutes after posting; that time is up.');
    await edit(odile, odile.id, 'Changed too late.').expect(403);
    expect((await bodyOf(odile.id)).body_raw).toBe('Rivera played a fine set.');

    const { agent, csrf } = await signInAs(t.app, t.db, 'admin');
    const bad = await agent.post('/staff/settings/edits').type('form').send({ _csrf: csrf, editMinutes: 'soon' }).expect(422);
    expect(bad.text).toMatch(/id="editMinutes"[^>]*value="soon"/);
    expect(bad.text).toContain('Enter a whole number of minutes from 0 to 1440');
    await agent.post('/staff/settings/edits').type('form').send({ _csrf: csrf, editMinutes: '1441' }).expect(422);
    await agent.post('/staff/settings/edits').type('form').send({ _csrf: csrf, editMinutes: '30' }).expect(303);
    expect((await agent.get('/staff/settings').expect(200)).text).toMatch(/id="editMinutes"[^>]*value="30"/);
    expect((await odile.agent.get(`/posts/${p.slug}`).expect(200)).text).toContain('own-edit-link');
    await edit(odile, odile.id, 'Rivera played a fine, long set.').expect(303);
  });

  it('is refused once someone has replied, and for every other browser', async () => {
    const odile = await comment('Rivera should retire.');
    const other = await visitorAgent(t.app);
    await other.agent.get(editPath(odile.id)).expect(403);
    await edit(other, odile.id, 'Hijacked.').expect(403);
    await other.agent.post(deletePath(odile.id)).type('form').send({ _csrf: other.csrf }).expect(403);
    expect((await other.agent.get(`/posts/${p.slug}`).expect(200)).text).not.toContain('own-edit-link');

    await comment('No way, Odile.', { name: 'Bram', parentId: odile.id });
    expect((await odile.agent.get(`/posts/${p.slug}`).expect(200)).text).not.toContain(`href="${editPath(odile.id)}"`);
    const refused = await edit(odile, odile.id, 'Rivera should keep going.').expect(403);
    expect(refused.text).toContain('This comment has replies now');
    await odile.agent.post(deletePath(odile.id)).type('form').send({ _csrf: odile.csrf }).expect(403);
    expect(await bodyOf(odile.id)).toMatchObject({ body_raw: 'Rivera should retire.', status: 'approved', edited_at: null });
  });

  it('a bad edit comes back 422 with the text kept and the message by the field', async () => {
    const odile = await comment('Rivera is fine.');
    const long = 'word '.repeat(BODY_MAX_BYTES / 5) + 'end';
    const res = await edit(odile, odile.id, long).expect(422);
    expect(res.text).toContain('aria-describedby="comment-error"');
    expect(res.text).toMatch(/<span class="field-error" id="comment-error">Your comment is too long/);
    expect(res.text).toContain('word word end</textarea>');
    const empty = await edit(odile, odile.id, '  \n ').expect(422);
    expect(empty.text).toContain('Please type a comment');
    expect(await t.db.selectFrom('comment_revisions').select('id').execute()).toEqual([]);
    expect((await bodyOf(odile.id)).body_raw).toBe('Rivera is fine.');
  });

  it('the edited comment is classified again, its label history kept, with the reason', async () => {
    const odile = await comment('Rivera is a fraud and a liar, this album is a cash grab.');
    await edit(odile, odile.id, 'Rivera is brilliant, this album is a triumph and I love it.').expect(303);
    const history = await t.db.selectFrom('stance_labels').select(['label', 'source', 'reason']).where('comment_id', '=', odile.id).orderBy('id').execute();
    expect(history).toEqual([
      { label: 'against', source: 'auto', reason: null },
      { label: 'pro', source: 'auto', reason: 'edited by its writer' },
    ]);
  });

  it('edits and deletes move the thread version, so cached pages show them at once', async () => {
    const odile = await comment('Rivera sang flat.');
    const reader = request.agent(t.app.server);
    expect((await reader.get(`/posts/${p.slug}`).expect(200)).text).toContain('Rivera sang flat.');
    const before = await threadVersion();
    await edit(odile, odile.id, 'Rivera sang a little flat in the second half.').expect(303);
    expect(await threadVersion()).toBeGreaterThan(before);
    const afterEdit = await reader.get(`/posts/${p.slug}`).expect(200);
    expect(afterEdit.text).toContain('Rivera sang a little flat in the second half.');
    expect(afterEdit.text).not.toContain('own-edit-link');

    const confirm = await odile.agent.get(deletePath(odile.id)).expect(200);
    expect(confirm.text).toMatch(new RegExp(`<form class="own-delete-form" method="post" action="${deletePath(odile.id)}">`));
    expect(confirm.text).toContain('Rivera sang a little flat in the second half.');
    const versionBeforeDelete = await threadVersion();
    const gone = await odile.agent.post(deletePath(odile.id)).type('form').send({ _csrf: odile.csrf }).expect(303);
    expect(gone.headers.location).toBe(`/posts/${p.slug}?deleted=1#comments`);
    expect(await threadVersion()).toBeGreaterThan(versionBeforeDelete);
    expect((await bodyOf(odile.id)).status).toBe('trash');
    const afterDelete = await reader.get(`/posts/${p.slug}`).expect(200);
    expect(afterDelete.text).not.toContain('Rivera sang');
    expect(afterDelete.text).not.toContain(`id="comment-${odile.id}"`);
    // Taken back as Trash takes it: staff see it in the trash queue and may restore it.
    const { agent } = await signInAs(t.app, t.db, 'moderator');
    expect((await agent.get('/staff/moderation?status=trash').expect(200)).text).toContain('Rivera sang a little flat');
    // And it can no longer be changed by its writer.
    await edit(odile, odile.id, 'Back again.').expect(403);
  });

  it('a staff edit is kept as a revision too, marked edited, and staff see every earlier version', async () => {
    const odile = await comment('Rivera is overrated.');
    await edit(odile, odile.id, 'Rivera is a bit overrated.').expect(303);
    const { agent, csrf, user } = await signInAs(t.app, t.db, 'moderator');
    await agent
      .post(`/staff/comments/${odile.id}/edit`)
      .type('form')
      .send({ _csrf: csrf, author_name: 'Odile', body: 'Rivera is, to me, a bit overrated.', return_to: '/staff/moderation' })
      .expect(303);
    const rows = await t.db
      .selectFrom('comment_revisions')
      .select(['body_raw', 'editor', 'edited_by_user_id'])
      .where('comment_id', '=', odile.id)
      .orderBy('id')
      .execute();
    expect(rows).toEqual([
      { body_raw: 'Rivera is overrated.', editor: 'writer', edited_by_user_id: null },
      { body_raw: 'Rivera is a bit overrated.', editor: 'staff', edited_by_user_id: user.id },
    ]);
    const page = await agent.get(`/staff/comments/${odile.id}/edit`).expect(200);
    expect(page.text).toContain('<h2 id="revisions-title">Earlier versions</h2>');
    expect(page.text).toMatch(/by its writer:<\/p>\s*<pre class="revision-text">Rivera is overrated.<\/pre>/);
    expect(page.text).toMatch(new RegExp(`by ${user.name}:</p>\\s*<pre class="revision-text">Rivera is a bit overrated.</pre>`));
    expect((await request(t.app.server).get(`/posts/${p.slug}`).expect(200)).text).toContain('(edited)</span>');
  });

  it('the site rules judge the new text: links edited into an approved comment hold it again', async () => {
    const odile = await comment('Rivera has a new record out.');
    const links = 'Rivera: https://one.example/a https://two.example/b https://three.example/c';
    await edit(odile, odile.id, links).expect(303);
    expect(await t.db.selectFrom('comments').select(['status', 'held_rule']).where('id', '=', odile.id).executeTakeFirstOrThrow()).toEqual({
      status: 'pending',
      held_rule: 'links',
    });
    expect((await request(t.app.server).get(`/posts/${p.slug}`).expect(200)).text).not.toContain('one.example');
    const own = await odile.agent.get(`/posts/${p.slug}`).expect(200);
    expect(own.text).toMatch(new RegExp(`id="comment-${odile.id}"[\\s\\S]*?Your comment is awaiting moderation`));
  });

  it('a cookie altered to name another comment proves nothing', async () => {
    const odile = await comment('Rivera rocks.');
    const bram = await comment('Rivera is fine, I suppose.', { name: 'Bram' });
    const value = decodeURIComponent(bram.ownCookie.slice('rj_own='.length));
    expect(value).toContain(`-${bram.id}-`);
    const swapped = encodeURIComponent(value.replace(`-${bram.id}-`, `-${odile.id}-`));
    const stranger = await visitorAgent(t.app);
    await stranger.agent
      .get(editPath(odile.id))
      .set('cookie', [stranger.cookie, `rj_own=${swapped}`].join('; '))
      .expect(403);
    // The same cookie unaltered is Bram's proof, from any browser that holds it.
    await stranger.agent.get(editPath(bram.id)).set('cookie', [stranger.cookie, bram.ownCookie].join('; ')).expect(200);
  });
});
