import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BURST_VOTES, VOTES_PER_ADDRESS, VOTES_PER_VOTER } from '../../server/debate/vote.service.js';
import { createTestApp, TEST_NOW, type TestContext } from '../support/app.js';
import { signInAs, visitorAgent } from '../support/auth.js';
import { createComment, createPost, formBody } from '../support/factories.js';

let t: TestContext;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => t.close());

async function vote(agent: Awaited<ReturnType<typeof visitorAgent>>, slug: string, value: string, json = false) {
  const req = agent.agent.post(`/posts/${slug}/votes`).type('form');
  if (json) void req.set('accept', 'application/json');
  return req.send(formBody({ vote: value, _csrf: agent.csrf }));
}

/** The two counts printed on a comment of a page. */
function countsOn(html: string, id: number): [number, number] {
  const box = new RegExp(
    `data-comment-id="${id}">[\\s\\S]*?vote-good[^>]*>Good point <span class="vote-count">(\\d+)[\\s\\S]*?Not convinced <span class="vote-count">(\\d+)`,
  ).exec(html);
  if (!box) throw new Error(`No vote buttons on comment ${id}`);
  return [Number(box[1]), Number(box[2])];
}

describe('reader votes', () => {
  it('without JavaScript: 303 back to the comment, and the page (cached before) shows the new count', async () => {
    const p = await createPost(t.db);
    const c = await createComment(t.db, p.id, { name: 'Alba' });
    const before = await request(t.app.server).get(`/posts/${p.slug}`).expect(200);
    expect(countsOn(before.text, c)).toEqual([0, 0]);
    expect(before.text).toContain('<form id="vote-form"');
    const reader = await visitorAgent(t.app);
    const res = await vote(reader, p.slug, `${c}:good`);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/posts/${p.slug}#comment-${c}`);
    const after = await request(t.app.server).get(`/posts/${p.slug}`).expect(200);
    expect(countsOn(after.text, c)).toEqual([1, 0]);
  });

  it('one vote per visitor per comment, changeable; with JavaScript the answer carries the counts', async () => {
    const p = await createPost(t.db);
    const c = await createComment(t.db, p.id);
    const reader = await visitorAgent(t.app);
    let res = await vote(reader, p.slug, `${c}:good`, true);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ comment_id: c, status: 'counted', counts: { good: 1, unconvinced: 0 } });
    res = await vote(reader, p.slug, `${c}:good`, true);
    expect(res.body.counts).toEqual({ good: 1, unconvinced: 0 });
    res = await vote(reader, p.slug, `${c}:unconvinced`, true);
    expect(res.body.counts).toEqual({ good: 0, unconvinced: 1 });
    const other = await visitorAgent(t.app);
    res = await vote(other, p.slug, `${c}:unconvinced`, true);
    expect(res.body.counts).toEqual({ good: 0, unconvinced: 2 });
    expect(await t.db.selectFrom('comment_votes').select('id').execute()).toHaveLength(2);
  });

  it('staff count as one reader whatever their browser', async () => {
    const p = await createPost(t.db);
    const c = await createComment(t.db, p.id);
    const first = await signInAs(t.app, t.db, 'moderator');
    await first.agent
      .post(`/posts/${p.slug}/votes`)
      .type('form')
      .send(formBody({ vote: `${c}:good`, _csrf: first.csrf }))
      .expect(303);
    const second = await signInAs(t.app, t.db, first.user);
    await second.agent
      .post(`/posts/${p.slug}/votes`)
      .type('form')
      .send(formBody({ vote: `${c}:good`, _csrf: second.csrf }))
      .expect(303);
    expect(await t.db.selectFrom('comment_votes').select('voter_key').execute()).toEqual([{ voter_key: `u:${first.user.id}` }]);
  });

  it('refuses a vote on one’s own comment: same visitor, or an email the visitor commented under', async () => {
    const p = await createPost(t.db);
    const author = await visitorAgent(t.app);
    await author.agent
      .post(`/posts/${p.slug}/comments`)
      .type('form')
      .send(
        formBody({
          author_name: 'Ines',
          author_email: 'ines@example.test',
          author_url: '',
          parent_id: '',
          body: 'Rivera wrote a fine book.',
          stance: '',
          _csrf: author.csrf,
        }),
      )
      .expect(303);
    const own = (await t.db.selectFrom('comments').select('id').executeTakeFirstOrThrow()).id;
    const res = await vote(author, p.slug, `${own}:good`, true);
    expect(res.status).toBe(403);
    expect(res.body.error).toContain('your own comment');
    // The same person's older comment, under the same email, posted before the visitor cookie was recorded.
    const older = await createComment(t.db, p.id);
    await t.db.updateTable('comments').set({ author_email: 'Ines@Example.test' }).where('id', '=', older).execute();
    expect((await vote(author, p.slug, `${older}:good`, true)).status).toBe(403);
    const html = await vote(author, p.slug, `${own}:good`);
    expect(html.status).toBe(403);
    expect(html.text).toContain('You cannot vote on your own comment.');
  });

  it('refuses malformed votes, votes on other posts’ or held comments, and forms without a token', async () => {
    const p = await createPost(t.db);
    const q = await createPost(t.db);
    const elsewhere = await createComment(t.db, q.id);
    const held = await createComment(t.db, p.id, { status: 'pending' });
    const reader = await visitorAgent(t.app);
    expect((await vote(reader, p.slug, 'x:good', true)).status).toBe(400);
    expect((await vote(reader, p.slug, `${elsewhere}:good`, true)).status).toBe(404);
    expect((await vote(reader, p.slug, `${held}:good`, true)).status).toBe(404);
    const c = await createComment(t.db, p.id);
    const res = await reader.agent
      .post(`/posts/${p.slug}/votes`)
      .type('form')
      .send(formBody({ vote: `${c}:good` }));
    expect(res.status).toBe(403);
    expect(await t.db.selectFrom('comment_votes').select('id').execute()).toHaveLength(0);
  });

  it('limits the votes of one visitor per hour', async () => {
    const p = await createPost(t.db);
    const reader = await visitorAgent(t.app);
    const ids: number[] = [];
    for (let i = 0; i <= VOTES_PER_VOTER; i++) ids.push(await createComment(t.db, p.id));
    for (const id of ids.slice(0, VOTES_PER_VOTER)) expect((await vote(reader, p.slug, `${id}:good`, true)).status).toBe(200);
    const res = await vote(reader, p.slug, `${ids[VOTES_PER_VOTER]}:good`, true);
    expect(res.status).toBe(429);
    expect(res.body.code).toBe('too_many_votes');
  });

  it('limits the votes from one address per hour, whoever casts them', async () => {
    const p = await createPost(t.db);
    const c = await createComment(t.db, p.id);
    const d = await createComment(t.db, p.id);
    await vote(await visitorAgent(t.app), p.slug, `${c}:good`, true);
    const { ip_hash } = await t.db.selectFrom('comment_votes').select('ip_hash').executeTakeFirstOrThrow();
    // Other readers behind the same address have voted (and changed votes) in the last hour.
    const at = new Date(TEST_NOW.getTime() - 30 * 60_000).toISOString();
    const rows = Array.from({ length: VOTES_PER_ADDRESS - 1 }, (_, i) => ({
      comment_id: c,
      post_id: p.id,
      voter_key: `v:other-${i}`,
      ip_hash,
      value: 'good' as const,
      status: 'counted' as const,
      created_at: at,
      updated_at: at,
    }));
    for (let i = 0; i < rows.length; i += 100)
      await t.db
        .insertInto('comment_votes')
        .values(rows.slice(i, i + 100))
        .execute();
    const res = await vote(await visitorAgent(t.app), p.slug, `${d}:good`, true);
    expect(res.status).toBe(429);
  });

  it('holds a burst of votes from new visitors on one comment until a moderator counts them', async () => {
    const p = await createPost(t.db);
    const c = await createComment(t.db, p.id);
    const statuses: string[] = [];
    for (let i = 0; i < BURST_VOTES + 2; i++) {
      const res = await vote(await visitorAgent(t.app), p.slug, `${c}:good`, true);
      statuses.push(res.body.status as string);
    }
    expect(statuses.filter((s) => s === 'counted')).toHaveLength(BURST_VOTES);
    expect(statuses.slice(BURST_VOTES)).toEqual(['held', 'held']);
    // Without JavaScript a held vote lands on a page that says it is not counted yet, not on counts that seem to hold it.
    const late = await visitorAgent(t.app);
    const noScript = await vote(late, p.slug, `${c}:good`);
    expect(noScript.status).toBe(303);
    expect(noScript.headers.location).toBe(`/posts/${p.slug}/votes/held?comment=${c}`);
    const held = await late.agent.get(noScript.headers.location as string).expect(200);
    expect(held.text).toContain('your vote is not in its counts yet');
    expect(held.text).toContain(`href="/posts/${p.slug}/comments/${c}"`);
    await request(t.app.server).get(`/posts/${p.slug}/votes/held?comment=x`).expect(400);
    let page = await request(t.app.server).get(`/posts/${p.slug}`).expect(200);
    expect(countsOn(page.text, c)).toEqual([BURST_VOTES, 0]);

    const moderator = await signInAs(t.app, t.db, 'moderator');
    const review = await moderator.agent.get('/staff/votes').expect(200);
    expect(review.text).toMatch(new RegExp(`id="burst-${c}"[\\s\\S]*?<td class="num">3</td>`));
    await moderator.agent
      .post(`/staff/votes/${c}`)
      .type('form')
      .send(formBody({ decision: 'count', _csrf: moderator.csrf }))
      .expect(303);
    page = await request(t.app.server).get(`/posts/${p.slug}`).expect(200);
    expect(countsOn(page.text, c)).toEqual([BURST_VOTES + 3, 0]);
    expect((await moderator.agent.get('/staff/votes')).text).toContain('No votes are held.');
    const logged = await t.db.selectFrom('audit_log').select(['action', 'target_id']).where('action', '=', 'votes.count').execute();
    expect(logged).toEqual([{ action: 'votes.count', target_id: c }]);
  });

  it('a held vote set aside is never counted, and its voter cannot vote again on that comment', async () => {
    const p = await createPost(t.db);
    const c = await createComment(t.db, p.id);
    const voters = [];
    for (let i = 0; i < BURST_VOTES + 1; i++) {
      const voter = await visitorAgent(t.app);
      voters.push(voter);
      await vote(voter, p.slug, `${c}:unconvinced`, true);
    }
    const moderator = await signInAs(t.app, t.db, 'moderator');
    await moderator.agent
      .post(`/staff/votes/${c}`)
      .type('form')
      .send(formBody({ decision: 'reject', _csrf: moderator.csrf }))
      .expect(303);
    const again = await vote(voters[BURST_VOTES]!, p.slug, `${c}:good`, true);
    expect(again.status).toBe(403);
    const page = await request(t.app.server).get(`/posts/${p.slug}`).expect(200);
    expect(countsOn(page.text, c)).toEqual([0, BURST_VOTES]);
    expect(
      (
        await moderator.agent
          .post(`/staff/votes/${c}`)
          .type('form')
          .send(formBody({ decision: 'maybe', _csrf: moderator.csrf }))
      ).status,
    ).toBe(400);
  });
});
