// What an author, another author, a moderator and an admin reach from their own pages: stances of
// their posts (read-only for authors), the remark paste tool by links, and replies in their own name.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../support/app.js';
import { signInAs, type Agent, type TestUser } from '../support/auth.js';
import { createComment, createPost } from '../support/factories.js';

type Who = 'author' | 'otherAuthor' | 'moderator' | 'admin';
let t: TestContext;
const as = {} as Record<Who, { agent: Agent; csrf: string; user: TestUser }>;
let own: { id: number; slug: string };
let others: { id: number; slug: string };
let ownComment: number;
let othersComment: number;

beforeAll(async () => {
  t = await createTestApp();
  for (const [who, role] of [
    ['author', 'author'],
    ['otherAuthor', 'author'],
    ['moderator', 'moderator'],
    ['admin', 'admin'],
  ] as const)
    as[who] = await signInAs(t.app, t.db, role);
  own = await createPost(t.db, { title: 'The author’s own post' });
  others = await createPost(t.db, { title: 'Somebody else’s post' });
  await t.db.updateTable('posts').set({ author_id: as.author.user.id, author_stance: 'against' }).where('id', '=', own.id).execute();
  await t.db.updateTable('posts').set({ author_id: as.otherAuthor.user.id }).where('id', '=', others.id).execute();
  ownComment = await createComment(t.db, own.id, { name: 'Mia Okafor', body: 'Rivera kept every promise.' });
  othersComment = await createComment(t.db, others.id, { name: 'Tove Brandt', body: 'Not on my street.' });
  for (const id of [ownComment, othersComment]) {
    await t.db
      .insertInto('stance_labels')
      .values({
        comment_id: id,
        remark_id: null,
        label: 'pro',
        source: 'auto',
        confidence: 0.7,
        cues: '[]',
        created_by: null,
        created_at: '2026-11-20T10:00:00.000Z',
      })
      .execute();
  }
});
afterAll(async () => t.close());

describe('stances for authors', () => {
  it('shows an author the stances of their own posts only, without the labelling buttons', async () => {
    const res = await as.author.agent.get('/staff/stances').expect(200);
    expect(res.text).toContain(`id="review-c${ownComment}"`);
    expect(res.text).not.toContain(`id="review-c${othersComment}"`);
    expect(res.text).not.toContain('name="decision"');
    expect(res.text).not.toContain('Somebody else’s post');
    await as.author.agent.get(`/staff/stances?post=${others.id}`).expect(403);
    await as.author.agent.get(`/staff/posts/${others.id}/stances`).expect(403);
  });

  it('gives moderators and admins the buttons on every post', async () => {
    for (const who of ['moderator', 'admin'] as const) {
      const res = await as[who].agent.get('/staff/stances').expect(200);
      expect(res.text).toContain(`value="c${ownComment}:pro"`);
      expect(res.text).toContain(`id="review-c${othersComment}"`);
    }
  });

  it('lets an author read their summary, which links to the list and the paste tool', async () => {
    const res = await as.author.agent.get(`/staff/posts/${own.id}/stances`).expect(200);
    expect(res.text).toContain('Every comment with its label');
    expect(res.text).toContain(`href="/staff/posts/${own.id}/remarks"`);
  });

  it('links each item to its place in the thread and shows the comment it answers', async () => {
    const reply = await createComment(t.db, own.id, { parentId: ownComment, depth: 1, name: 'Ines Varga', body: 'Which promise?' });
    const res = await as.moderator.agent.get(`/staff/stances?post=${own.id}`).expect(200);
    const item = res.text.slice(res.text.indexOf(`id="review-c${reply}"`));
    expect(item).toContain(`href="/posts/${own.slug}/comments/${reply}"`);
    expect(item).toContain('In reply to Mia Okafor:</span> Rivera kept every promise.');
    const csv = await as.author.agent.get(`/staff/posts/${own.id}/stances.csv`).expect(200);
    expect(csv.text).toContain(`comment,${reply},${own.id},${ownComment},Ines Varga,`);
    await t.db.deleteFrom('comments').where('id', '=', reply).execute();
  });

  it('refuses an author who tries to label', async () => {
    await as.author.agent
      .post('/staff/stances/label')
      .type('form')
      .send({ decision: `c${ownComment}:against`, _csrf: as.author.csrf })
      .expect(403);
  });
});

describe('links to the staff tools', () => {
  it('links each post of the dashboard to its stances and paste tool', async () => {
    const res = await as.author.agent.get('/staff').expect(200);
    expect(res.text).toContain(`href="/staff/posts/${own.id}/stances"`);
    expect(res.text).toContain(`href="/staff/posts/${own.id}/remarks"`);
    expect(res.text).not.toContain(`/staff/posts/${others.id}/`);
  });

  it('links the post editor to them', async () => {
    const res = await as.author.agent.get(`/staff/posts/${own.id}/edit`).expect(200);
    expect(res.text).toContain(`href="/staff/posts/${own.id}/remarks"`);
    expect((await as.author.agent.get('/staff/posts/new').expect(200)).text).not.toContain('/remarks"');
  });

  it('prints the tools a role has on the post page, and none for readers', async () => {
    const author = await as.author.agent.get(`/posts/${own.slug}`).expect(200);
    expect(author.text).toContain(`href="/staff/posts/${own.id}/edit"`);
    expect(author.text).toContain(`href="/staff/posts/${own.id}/remarks"`);
    expect(author.text).not.toContain('/staff/moderation?');
    const other = await as.otherAuthor.agent.get(`/posts/${own.slug}`).expect(200);
    expect(other.text).not.toContain('class="staff-tools');
    const moderator = await as.moderator.agent.get(`/posts/${own.slug}`).expect(200);
    expect(moderator.text).toContain(`href="/staff/posts/${own.id}/remarks"`);
    expect(moderator.text).not.toContain(`/staff/posts/${own.id}/edit`);
    const reader = await request(t.app.server).get(`/posts/${own.slug}`).expect(200);
    expect(reader.text).not.toContain('/staff/');
  });

  it('links each comment in the moderation queue to its paste tool', async () => {
    const res = await as.moderator.agent.get('/staff/moderation?status=approved').expect(200);
    expect(res.text).toContain(`href="/staff/comments/${ownComment}/remarks"`);
  });
});

describe('the post shows its author’s stance', () => {
  it('says which side the author takes', async () => {
    const res = await request(t.app.server).get(`/posts/${own.slug}`).expect(200);
    expect(res.text).toMatch(/class="author-stance">[^<]* argues against <strong class="stance-against">Jamie Rivera<\/strong>/);
  });
});

describe('staff reply as themselves', () => {
  async function reply(who: Who, post: { slug: string }, body: string) {
    const res = await as[who].agent
      .post(`/posts/${post.slug}/comments`)
      .type('form')
      .send({ body, author_name: 'Someone Else', author_email: 'else@example.test', parent_id: '', stance: '', _csrf: as[who].csrf });
    expect(res.status).toBe(303);
    return t.db.selectFrom('comments').selectAll().where('body_raw', '=', body).executeTakeFirstOrThrow();
  }

  it('offers staff the form without name and email', async () => {
    const res = await as.author.agent.get(`/posts/${own.slug}`).expect(200);
    expect(res.text).toContain('You reply as <b>');
    expect(res.text).not.toContain('id="author_email"');
  });

  it('stores the reply under the account, published, marked Author on the author’s post', async () => {
    const row = await reply('author', own, 'Thank you all for reading.');
    expect(row).toMatchObject({
      author_name: as.author.user.name,
      author_email: as.author.user.email,
      status: 'approved',
      user_id: as.author.user.id,
      staff_badge: 'author',
    });
    const page = await request(t.app.server).get(`/posts/${own.slug}`).expect(200);
    expect(page.text).toMatch(new RegExp(`id="comment-${row.id}"[\\s\\S]*?<span class="staff-badge badge-author">Author</span>`));
  });

  it('marks a moderator’s and an admin’s reply Moderator, and another author’s not at all', async () => {
    expect((await reply('moderator', own, 'Please keep it civil.')).staff_badge).toBe('moderator');
    expect((await reply('admin', own, 'Comments stay open all week.')).staff_badge).toBe('moderator');
    expect((await reply('otherAuthor', own, 'A fellow writer agrees.')).staff_badge).toBeNull();
  });
});
