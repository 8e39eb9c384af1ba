import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../support/app.js';
import { signInAs, visitorAgent, type Agent } from '../support/auth.js';
import { createComment, createPost, formBody } from '../support/factories.js';

let t: TestContext;
let post: { id: number; slug: string };
beforeEach(async () => {
  t = await createTestApp({ COMMENT_RATE_LIMIT: '4' });
  post = await createPost(t.db, { title: 'Debate' });
});
afterEach(async () => t.close());

const fields = { author_name: 'Rosa', author_email: 'rosa@example.test', author_url: '', body: 'My view.', parent_id: '', stance: '' };

async function commenter() {
  return visitorAgent(t.app);
}

function send(v: { agent: Agent; csrf: string }, change: Record<string, string> = {}, slug = post.slug) {
  return v.agent
    .post(`/posts/${slug}/comments`)
    .type('form')
    .send(formBody({ ...fields, ...change, _csrf: v.csrf }));
}

async function rows() {
  return t.db.selectFrom('comments').selectAll().orderBy('id').execute();
}

async function setMode(mode: 'all' | 'first_time' | 'open') {
  await t.db.updateTable('posts').set({ moderation_mode: mode }).where('id', '=', post.id).execute();
}

async function saveRules(change: Record<string, string>) {
  const { agent, csrf } = await signInAs(t.app, t.db, 'admin');
  const base = {
    holdFirstComment: '',
    holdLinks: '1',
    linkLimit: '3',
    holdWordsOn: '1',
    holdWords: '',
    blockWordsOn: '1',
    blockWords: '',
    refuseDuplicates: '1',
    duplicateMinutes: '10',
    throttleByIp: '1',
  };
  await agent
    .post('/staff/settings')
    .type('form')
    .send({ ...base, ...change, _csrf: csrf })
    .expect(303);
}

describe('held comments', () => {
  it('are shown to their author as awaiting moderation and to nobody else: page, count, API', async () => {
    await setMode('all');
    await createComment(t.db, post.id, { name: 'Earlier', body: 'Already here.' });
    const me = await commenter();
    const res = await send(me, { body: 'Held words.' }).expect(303);
    const held = (await rows()).at(-1)!;
    expect(held).toMatchObject({ status: 'pending', held_rule: 'post_all' });
    expect(res.headers.location).toContain(`#comment-${held.id}`);
    const mine = await me.agent.get(`/posts/${post.slug}`).expect(200);
    expect(mine.text).toContain(`id="comment-${held.id}"`);
    expect(mine.text).toContain('Your comment is awaiting moderation');
    expect(mine.text).toContain('1 response to “Debate”');
    const other = await commenter();
    for (const page of [await other.agent.get(`/posts/${post.slug}`), await request(t.app.server).get(`/posts/${post.slug}`)]) {
      expect(page.text).not.toContain('Held words.');
      expect(page.text).not.toContain(`comment-${held.id}"`);
      expect(page.text).toContain('1 response to “Debate”');
    }
    const front = await request(t.app.server).get('/').expect(200);
    expect(front.text).toContain('1 response</a>');
    const api = await me.agent.get(`/api/posts/${post.slug}`).expect(200);
    expect(api.body.response_count).toBe(1);
    expect(JSON.stringify(api.body)).not.toContain('Held words.');
  });

  it('ignore a forged held-comment cookie', async () => {
    await setMode('all');
    await send(await commenter(), { body: 'Secret held text.' }).expect(303);
    const held = (await rows()).at(-1)!;
    const res = await request(t.app.server).get(`/posts/${post.slug}`).set('cookie', `rj_held=${held.id}`).expect(200);
    expect(res.text).not.toContain('Secret held text.');
  });

  it('hold first-time commenters on a first-time post, then let them through once approved', async () => {
    await setMode('first_time');
    const me = await commenter();
    await send(me, { body: 'First.' }).expect(303);
    const [first] = await rows();
    expect(first).toMatchObject({ status: 'pending', held_rule: 'first_comment', held_match: 'rosa@example.test' });
    await t.db.updateTable('comments').set({ status: 'approved' }).where('id', '=', first!.id).execute();
    await send(me, { body: 'Second.' }).expect(303);
    expect((await rows()).at(-1)).toMatchObject({ status: 'approved', held_rule: null });
  });

  it('follow the site rules from the settings page: first comment, hold words, block words, links', async () => {
    await saveRules({ holdFirstComment: '1', holdWords: 'refund', blockWords: 'casino' });
    const me = await commenter();
    await send(me, { body: 'Hello.' }).expect(303);
    await t.db.updateTable('comments').set({ status: 'approved' }).execute();
    await send(me, { body: 'I want a refund.' }).expect(303);
    await send(me, { body: 'Visit my casino.' }).expect(303);
    await send(me, { body: 'https://a.example https://b.example https://c.example' }).expect(303);
    const [, hold, block, links] = await rows();
    expect(hold).toMatchObject({ status: 'pending', held_rule: 'hold_word', held_match: 'refund' });
    expect(block).toMatchObject({ status: 'spam', held_rule: 'block_word', held_match: 'casino' });
    expect(links).toMatchObject({ status: 'pending', held_rule: 'links', held_match: 'https://a.example https://b.example https://c.example' });
  });
});

describe('refused comments', () => {
  it('refuse the same text from the same email on the same post within minutes: 409, text kept', async () => {
    const me = await commenter();
    await send(me, { body: 'Say it once.' }).expect(303);
    const res = await send(me, { body: 'Say it once.' }).expect(409);
    expect(res.text).toContain('already posted this same comment');
    expect(res.text).toContain('>Say it once.</textarea>');
    await send(me, { body: 'Say it once.', author_email: 'other@example.test' }).expect(303);
    await saveRules({ refuseDuplicates: '' });
    await send(me, { body: 'Say it once.' }).expect(303);
  });

  it('throttle an address past COMMENT_RATE_LIMIT with a readable 429 that keeps the text', async () => {
    const me = await commenter();
    for (let i = 0; i < 4; i++) await send(me, { body: `Comment ${i}` }).expect(303);
    const res = await send(me, { body: 'One too many' }).expect(429);
    expect(res.text).toContain('Too many comments from your connection');
    expect(res.text).toContain('>One too many</textarea>');
    await saveRules({ throttleByIp: '' });
    await send(me, { body: 'One too many' }).expect(303);
  });
});

describe('the queue', () => {
  async function heldComments(n: number) {
    const ids: number[] = [];
    for (let i = 0; i < n; i++) ids.push(await createComment(t.db, post.id, { status: 'pending', body: `Held ${i}` }));
    await t.db.updateTable('comments').set({ held_rule: 'hold_word', held_match: 'refund' }).execute();
    return ids;
  }

  it('lists pending comments with counts and the rule that held them', async () => {
    const [a] = await heldComments(2);
    await createComment(t.db, post.id, { status: 'spam' });
    const { agent } = await signInAs(t.app, t.db, 'moderator');
    const res = await agent.get('/staff/moderation').expect(200);
    expect(res.text).toContain('Pending <span class="count">(2)</span>');
    expect(res.text).toContain('Spam <span class="count">(1)</span>');
    expect(res.text).toContain(`id="queue-comment-${a}"`);
    expect(res.text).toContain('Held because it contains a hold word: it matched “<span class="held-match">refund</span>”');
    expect(res.text).toContain('src="/static/js/moderation.js"');
  });

  it('filters by post', async () => {
    await heldComments(1);
    const other = await createPost(t.db, { title: 'Other' });
    const foreign = await createComment(t.db, other.id, { status: 'pending' });
    const { agent } = await signInAs(t.app, t.db, 'moderator');
    const res = await agent.get(`/staff/moderation?status=pending&post=${other.id}`).expect(200);
    expect(res.text).toContain(`id="queue-comment-${foreign}"`);
    expect(res.text.match(/class="queue-item"/g)).toHaveLength(1);
    await agent.get('/staff/moderation?status=bogus').expect(400);
  });

  it('approves, spams, trashes and restores one comment, logging each action', async () => {
    const [a] = await heldComments(1);
    const { agent, csrf, user } = await signInAs(t.app, t.db, 'moderator');
    const act = (action: string) =>
      agent.post(`/staff/comments/${a}/${action}`).type('form').send({ _csrf: csrf, return_to: '/staff/moderation?status=pending' });
    const res = await act('approve').expect(303);
    expect(res.headers.location).toBe(`/staff/moderation?status=pending&did=approve&n=1&undo=${a}.pending`);
    const page = await request(t.app.server).get(`/posts/${post.slug}`).expect(200);
    expect(page.text).toContain('Held 0');
    await act('trash').expect(303);
    await act('restore').expect(303);
    await act('spam').expect(303);
    const status = await t.db.selectFrom('comments').select('status').where('id', '=', a!).executeTakeFirstOrThrow();
    expect(status.status).toBe('spam');
    const log = await t.db.selectFrom('audit_log').selectAll().orderBy('id').execute();
    expect(log.map((e) => [e.user_id, e.action, e.target_id, e.before_json, e.after_json])).toEqual([
      [user.id, 'comment.approve', a, '{"status":"pending"}', '{"status":"approved"}'],
      [user.id, 'comment.trash', a, '{"status":"approved"}', '{"status":"trash"}'],
      [user.id, 'comment.restore', a, '{"status":"trash"}', '{"status":"pending"}'],
      [user.id, 'comment.spam', a, '{"status":"pending"}', '{"status":"spam"}'],
    ]);
    await agent.post(`/staff/comments/${a}/explode`).type('form').send({ _csrf: csrf }).expect(404);
    await agent.post('/staff/comments/999999/approve').type('form').send({ _csrf: csrf }).expect(404);
  });

  it('applies a bulk action to the ticked comments only', async () => {
    const [a, b, c] = await heldComments(3);
    const { agent, csrf } = await signInAs(t.app, t.db, 'moderator');
    await agent
      .post('/staff/moderation/bulk')
      .type('form')
      .send({ _csrf: csrf, bulk_action: 'trash', [`c${a}`]: '1', [`c${c}`]: '1', return_to: '/staff/moderation' })
      .expect(303);
    const statuses = await t.db.selectFrom('comments').select(['id', 'status']).orderBy('id').execute();
    expect(statuses).toEqual([
      { id: a, status: 'trash' },
      { id: b, status: 'pending' },
      { id: c, status: 'trash' },
    ]);
    const none = await agent.post('/staff/moderation/bulk').type('form').send({ _csrf: csrf, bulk_action: 'approve' }).expect(422);
    expect(none.text).toContain('Select at least one comment first.');
  });

  it('edits a comment, keeping the typed text on a 422, and logs before and after', async () => {
    const [a] = await heldComments(1);
    const { agent, csrf } = await signInAs(t.app, t.db, 'moderator');
    const form = await agent.get(`/staff/comments/${a}/edit`).expect(200);
    expect(form.text).toContain('>Held 0</textarea>');
    const bad = await agent
      .post(`/staff/comments/${a}/edit`)
      .type('form')
      .send({ _csrf: csrf, author_name: '', body: 'Typed <b>text</b>', return_to: '' })
      .expect(422);
    expect(bad.text).toContain('A name is needed');
    expect(bad.text).toContain('>Typed &lt;b&gt;text&lt;/b&gt;</textarea>');
    await agent
      .post(`/staff/comments/${a}/edit`)
      .type('form')
      .send({ _csrf: csrf, author_name: 'Reader', body: 'Cleaned <b>text</b>', return_to: '/staff/moderation?status=pending' })
      .expect(303);
    const row = await t.db.selectFrom('comments').selectAll().where('id', '=', a!).executeTakeFirstOrThrow();
    expect(row.body_html).toBe('<p>Cleaned &lt;b&gt;text&lt;/b&gt;</p>');
    expect(row.edited_at).not.toBeNull();
    const [entry] = await t.db.selectFrom('audit_log').selectAll().execute();
    expect(JSON.parse(entry!.before_json!)).toEqual({ author_name: 'Reader', body: 'Held 0' });
    expect(JSON.parse(entry!.after_json!)).toEqual({ author_name: 'Reader', body: 'Cleaned <b>text</b>' });
  });
});

describe('settings and audit log', () => {
  it('re-render 422 with what was typed', async () => {
    const { agent, csrf } = await signInAs(t.app, t.db, 'admin');
    const res = await agent
      .post('/staff/settings')
      .type('form')
      .send({ _csrf: csrf, linkLimit: 'many', holdWords: 'keep\nthese', duplicateMinutes: '10' })
      .expect(422);
    expect(res.text).toContain('A whole number from 1 to 50');
    expect(res.text).toContain('>keep\nthese</textarea>');
    expect(res.text).toContain('value="many"');
  });

  it('the audit log shows who did what, readable by admins', async () => {
    await saveRules({ holdWords: 'refund' });
    const { agent } = await signInAs(t.app, t.db, 'admin');
    const res = await agent.get('/staff/audit').expect(200);
    expect(res.text).toContain('changed the settings:');
    expect(res.text).toContain('<code class="audit-code">settings.update</code>');
    expect(res.text).toMatch(/<dt>holdWords<\/dt><dd>.*<ins>\[&quot;refund&quot;\]<\/ins>/);
  });
});
