// The queue after an action: a notice that names what changed, an Undo that puts it back, a way back
// from every tab, deletion for good, and held comments whose links cannot be clicked.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../support/app.js';
import { signInAs, type Agent } from '../support/auth.js';
import { createComment, createPost } from '../support/factories.js';

let t: TestContext;
let post: { id: number; slug: string };
let agent: Agent;
let csrf: string;
beforeEach(async () => {
  t = await createTestApp();
  post = await createPost(t.db, { title: 'Bridges' });
  ({ agent, csrf } = await signInAs(t.app, t.db, 'moderator'));
});
afterEach(async () => t.close());

const statusOf = async (id: number) => (await t.db.selectFrom('comments').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;

function act(id: number, action: string, from: string) {
  return agent
    .post(`/staff/comments/${id}/${action}`)
    .type('form')
    .send({ _csrf: csrf, return_to: `/staff/moderation?status=${from}&page=1` });
}

const decode = (html: string) => html.replaceAll('&#x3D;', '=').replaceAll('&amp;', '&');

/** Follows a notice's redirect and presses its Undo button. */
async function undoFrom(location: string) {
  const page = await agent.get(location).expect(200);
  const undo = /name="undo" value="([^"]+)"/.exec(page.text)?.[1];
  const back = /name="return_to" value="([^"]+)"/.exec(page.text)?.[1];
  expect(undo).toBeDefined();
  return agent
    .post('/staff/moderation/undo')
    .type('form')
    .send({ _csrf: csrf, undo: undo!, return_to: decode(back!) });
}

describe('notices and Undo', () => {
  it.each([
    ['pending', 'approve', 'approved', 'Approved Mia Okafor’s comment on “Bridges”.'],
    ['pending', 'spam', 'spam', 'Marked Mia Okafor’s comment on “Bridges” as spam.'],
    ['pending', 'trash', 'trash', 'Moved Mia Okafor’s comment on “Bridges” to the trash.'],
    ['approved', 'unapprove', 'pending', 'Moved Mia Okafor’s comment on “Bridges” back to pending.'],
    ['spam', 'restore', 'pending', 'Restored Mia Okafor’s comment on “Bridges” to pending.'],
    ['trash', 'restore', 'pending', 'Restored Mia Okafor’s comment on “Bridges” to pending.'],
  ] as const)('from %s, %s says what changed and Undo puts it back', async (from, action, to, text) => {
    const id = await createComment(t.db, post.id, { name: 'Mia Okafor', status: from });
    const res = await act(id, action, from).expect(303);
    expect(res.headers.location).toMatch(new RegExp(`^/staff/moderation\\?status=${from}&page=1&did=${action}&n=1&undo=${id}\\.${from}$`));
    expect(await statusOf(id)).toBe(to);
    const page = await agent.get(res.headers.location!).expect(200);
    expect(page.text).toContain(text);
    const undone = await undoFrom(res.headers.location!);
    expect(undone.status).toBe(303);
    // The list keeps its place: same tab, same page.
    expect(undone.headers.location).toBe(`/staff/moderation?status=${from}&did=undo&n=1`);
    expect(await statusOf(id)).toBe(from);
    expect((await agent.get(undone.headers.location!)).text).toContain('Undone: 1 comment is back where it was.');
    const log = await t.db.selectFrom('audit_log').select(['action', 'before_json', 'after_json']).orderBy('id').execute();
    expect(log).toEqual([
      { action: `comment.${action}`, before_json: `{"status":"${from}"}`, after_json: `{"status":"${to}"}` },
      { action: 'comment.undo', before_json: `{"status":"${to}"}`, after_json: `{"status":"${from}"}` },
    ]);
  });

  it('counts a bulk action and undoes each comment to its own status', async () => {
    const a = await createComment(t.db, post.id, { status: 'pending' });
    const b = await createComment(t.db, post.id, { status: 'spam' });
    const res = await agent
      .post('/staff/moderation/bulk')
      .type('form')
      .send({ _csrf: csrf, bulk_action: 'approve', [`c${a}`]: '1', [`c${b}`]: '1', return_to: '/staff/moderation?status=pending' })
      .expect(303);
    expect((await agent.get(res.headers.location!)).text).toContain('Approved 2 comments.');
    await undoFrom(res.headers.location!);
    expect([await statusOf(a), await statusOf(b)]).toEqual(['pending', 'spam']);
  });

  it('refuses an undo that is not one', async () => {
    await agent.post('/staff/moderation/undo').type('form').send({ _csrf: csrf, undo: '1.gone' }).expect(400);
  });
});

describe('delete for good', () => {
  it('deletes spam and trash, keeps a comment that has replies and never deletes an approved one', async () => {
    const spam = await createComment(t.db, post.id, { status: 'spam', body: 'Buy now' });
    const parent = await createComment(t.db, post.id, { status: 'trash' });
    await createComment(t.db, post.id, { parentId: parent, depth: 1 });
    const approved = await createComment(t.db, post.id);
    const res = await agent
      .post('/staff/moderation/bulk')
      .type('form')
      .send({ _csrf: csrf, bulk_action: 'delete', [`c${spam}`]: '1', [`c${parent}`]: '1', [`c${approved}`]: '1', return_to: '/staff/moderation?status=trash' })
      .expect(303);
    const page = await agent.get(res.headers.location!).expect(200);
    expect(page.text).toContain('Deleted 1 comment for good. 1 comment has replies and was kept');
    expect(page.text).not.toContain('name="undo"');
    const left = await t.db.selectFrom('comments').select('id').orderBy('id').execute();
    expect(left.map((r) => r.id)).not.toContain(spam);
    expect(left.map((r) => r.id)).toContain(parent);
    expect(await statusOf(approved)).toBe('approved');
    const [entry] = await t.db.selectFrom('audit_log').selectAll().execute();
    expect(entry).toMatchObject({ action: 'comment.delete', target_id: spam, after_json: null });
    expect(JSON.parse(entry!.before_json!)).toMatchObject({ status: 'spam', body: 'Buy now' });
  });

  it('is offered in the spam and trash tabs only', async () => {
    expect((await agent.get('/staff/moderation?status=trash')).text).toContain('value="delete"');
    expect((await agent.get('/staff/moderation?status=pending')).text).not.toContain('value="delete"');
  });
});

describe('held comments', () => {
  it('shows links as text with the host they go to', async () => {
    await createComment(t.db, post.id, { status: 'pending', body: 'See https://bank.example@cheap-pills.example/offer now', url: 'https://spam.example/' });
    const res = await agent.get('/staff/moderation').expect(200);
    const item = res.text.slice(res.text.indexOf('class="queue-list"'));
    expect(item).toContain(
      '<span class="inert-link">https://bank.example@cheap-pills.example/offer</span> <span class="link-host">(goes to cheap-pills.example)</span>',
    );
    expect(item).toContain('(goes to spam.example)');
    expect(item).not.toContain('href="https://');
  });

  it('says what to do when a tab is empty', async () => {
    expect((await agent.get('/staff/moderation')).text).toContain('No comments are waiting for you.');
  });
});
