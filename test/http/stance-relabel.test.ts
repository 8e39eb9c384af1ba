import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../support/app.js';
import { signInAs, visitorAgent } from '../support/auth.js';
import { createPost, createRemarks, formBody } from '../support/factories.js';
import { classifyComment, labelNewRemarks } from '../../server/stance/stance.service.js';
import { findPostWithAuthorById } from '../../server/post/post.repository.js';

let t: TestContext;
let p: { id: number; slug: string };
beforeEach(async () => {
  t = await createTestApp();
  p = await createPost(t.db);
});
afterEach(async () => t.close());

/** Posts a comment as a reader and returns its id. */
async function comment(name: string, body: string, parentId: number | null = null): Promise<number> {
  const { agent, csrf } = await visitorAgent(t.app);
  await agent
    .post(`/posts/${p.slug}/comments`)
    .type('form')
    .send(
      formBody({
        author_name: name,
        author_email: `${name.toLowerCase()}@example.test`,
        author_url: '',
        parent_id: parentId === null ? '' : String(parentId),
        body,
        _csrf: csrf,
      }),
    )
    .expect(303);
  const row = await t.db.selectFrom('comments').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow();
  return row.id;
}

async function history(commentId: number) {
  return t.db.selectFrom('stance_labels').select(['label', 'source', 'reason']).where('comment_id', '=', commentId).orderBy('id').execute();
}

describe('labels follow the thread', () => {
  it('an override relabels the reply that agreed with it and the reply to that reply, appending history with reasons', async () => {
    const mia = await comment('Mia', 'Rivera is a fraud and a liar, this album is a cash grab.');
    const leo = await comment('Leo', 'Exactly this.', mia);
    const zoe = await comment('Zoe', 'Exactly this.', leo);
    const unrelated = await comment('Ann', 'What time does the show start?');
    expect((await history(leo)).map((h) => h.label)).toEqual(['against']);
    expect((await history(zoe)).map((h) => h.label)).toEqual(['against']);

    const { agent, csrf } = await signInAs(t.app, t.db, 'moderator');
    await agent
      .post('/staff/stances/label')
      .type('form')
      .send({ _csrf: csrf, decision: `c${mia}:pro`, return_to: '/staff/stances' })
      .expect(303);

    expect(await history(leo)).toEqual([
      { label: 'against', source: 'auto', reason: null },
      { label: 'pro', source: 'auto', reason: 'parent relabelled by a moderator' },
    ]);
    expect(await history(zoe)).toEqual([
      { label: 'against', source: 'auto', reason: null },
      { label: 'pro', source: 'auto', reason: 'parent relabelled in turn (relabelled by a moderator)' },
    ]);
    expect(await history(unrelated)).toHaveLength(1);
    const page = await request(t.app.server).get(`/posts/${p.slug}`).expect(200);
    expect(page.text).toMatch(/For <strong>3<\/strong>/);
  });

  it('labels the walk works out are the ones the classifier gives each comment when read from the database afresh', async () => {
    const mia = await comment('Mia', 'Rivera is a fraud and a liar, this album is a cash grab.');
    const leo = await comment('Leo', 'Exactly this.', mia);
    const kai = await comment('Kai', 'Nope, Mia is wrong, Rivera earned every bit of it.', leo);
    const ann = await comment('Ann', 'Agreed with Kai.', kai);
    const { agent, csrf } = await signInAs(t.app, t.db, 'moderator');
    await agent
      .post('/staff/stances/label')
      .type('form')
      .send({ _csrf: csrf, decision: `c${mia}:pro`, return_to: '/staff/stances' })
      .expect(303);
    const post = (await findPostWithAuthorById(t.db, p.id))!;
    for (const id of [leo, kai, ann]) {
      const row = await t.db.selectFrom('comments').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      const fresh = await classifyComment(t.db, post, { parentId: row.parent_id, authorName: row.author_name, body: row.body_raw }, id);
      const latest = await t.db
        .selectFrom('stance_labels')
        .selectAll()
        .where('comment_id', '=', id)
        .where('source', '=', 'auto')
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
      expect({ label: latest.label, confidence: latest.confidence, cues: JSON.parse(latest.cues) as unknown }).toEqual(fresh);
    }
  });

  it('a later comment that names the overridden commenter follows too; one whose own label stands is relabelled but moves nothing', async () => {
    const mia = await comment('Mia', 'Rivera is a fraud and a liar.');
    const named = await comment('Kai', "I'm with Mia.");
    const { agent, csrf } = await signInAs(t.app, t.db, 'moderator');
    await agent
      .post('/staff/stances/label')
      .type('form')
      .send({ _csrf: csrf, decision: `c${mia}:pro`, return_to: '/staff/stances' })
      .expect(303);
    const rows = await history(named);
    expect(rows.at(-1)).toEqual({ label: 'pro', source: 'auto', reason: 'a named commenter relabelled by a moderator' });
  });

  it("a moderator's edit classifies the comment again (history kept), relabels its replies and marks it edited for readers", async () => {
    const mia = await comment('Mia', 'Rivera is a fraud and a liar, this album is a cash grab.');
    const leo = await comment('Leo', 'Exactly this.', mia);
    const { agent, csrf } = await signInAs(t.app, t.db, 'moderator');
    await agent
      .post(`/staff/comments/${mia}/edit`)
      .type('form')
      .send({ _csrf: csrf, author_name: 'Mia', body: 'Jamie Rivera is brilliant and generous, I admire her.', return_to: '' })
      .expect(303);
    expect(await history(mia)).toEqual([
      { label: 'against', source: 'auto', reason: null },
      { label: 'pro', source: 'auto', reason: 'edited by a moderator' },
    ]);
    expect((await history(leo)).at(-1)).toEqual({ label: 'pro', source: 'auto', reason: 'parent edited by a moderator' });
    const page = await request(t.app.server).get(`/posts/${p.slug}`).expect(200);
    expect(page.text).toMatch(new RegExp(`id="comment-${mia}"[\\s\\S]*?<span class="comment-edited" title="Edited [^"]+">\\(edited\\)</span>`));
    expect(page.text.match(/class="comment-edited"/g)).toHaveLength(1);
    const json = (await request(t.app.server).get(`/api/posts/${p.slug}`).expect(200)).body as { comments: { id: number; edited_at: string | null }[] };
    expect(json.comments.find((c) => c.id === mia)?.edited_at).not.toBeNull();
  });

  it('an edited remark is classified again with the block before it, and readers see it marked edited', async () => {
    const { agent, csrf } = await signInAs(t.app, t.db, 'moderator');
    const carrier = await comment('Staff', 'I wanted to share these comments from the fan forum.');
    const [remarkId] = await createRemarks(t.db, carrier, [{ author: 'Tess', body: 'Rivera is a fraud and a liar.' }]);
    const post = (await findPostWithAuthorById(t.db, p.id))!;
    await labelNewRemarks(
      t.db,
      post,
      { id: carrier },
      [{ id: remarkId!, authorName: 'Tess', body: 'Rivera is a fraud and a liar.' }],
      '2026-11-20T10:00:00.000Z',
    );
    await agent
      .post(`/staff/remarks/${remarkId}`)
      .type('form')
      .send({
        _csrf: csrf,
        sourceGroup: 'Fan forum',
        sourceUrl: '',
        authorName: 'Tess',
        headline: '',
        postedLabel: '',
        postedAt: '',
        body: 'Jamie Rivera is brilliant and generous, I admire her.',
      })
      .expect(303);
    const rows = await t.db.selectFrom('stance_labels').select(['label', 'reason']).where('remark_id', '=', remarkId!).orderBy('id').execute();
    expect(rows).toEqual([
      { label: 'against', reason: null },
      { label: 'pro', reason: 'edited by a moderator' },
    ]);
    const page = await request(t.app.server).get(`/posts/${p.slug}`).expect(200);
    expect(page.text).toContain('<span class="remark-edited">(edited)</span>');
  });
});

describe('remark labels follow their block', () => {
  it('an override of a remark relabels the later remark that agreed with it, appending history with the reason; earlier remarks stand', async () => {
    const carrier = await comment('Staff', 'I wanted to share these comments from the fan forum.');
    const remarks = [
      { author: 'Ines', body: 'Everyone in the forum has a view on Rivera this week.' },
      { author: 'Tess', body: 'Rivera is a fraud and a liar, this album is a cash grab.' },
      { author: 'Wren', body: 'Exactly this.' },
    ];
    const ids = await createRemarks(t.db, carrier, remarks);
    const post = (await findPostWithAuthorById(t.db, p.id))!;
    await labelNewRemarks(
      t.db,
      post,
      { id: carrier },
      remarks.map((r, i) => ({ id: ids[i]!, authorName: r.author, body: r.body })),
      '2026-11-20T10:00:00.000Z',
    );
    const [ines, tess, wren] = ids as [number, number, number];
    const remarkHistory = (id: number) =>
      t.db.selectFrom('stance_labels').select(['label', 'source', 'reason']).where('remark_id', '=', id).orderBy('id').execute();
    const inesBefore = await remarkHistory(ines);
    expect((await remarkHistory(wren)).map((h) => h.label)).toEqual(['against']);

    const { agent, csrf } = await signInAs(t.app, t.db, 'moderator');
    await agent
      .post('/staff/stances/label')
      .type('form')
      .send({ _csrf: csrf, decision: `r${tess}:pro`, return_to: '/staff/stances' })
      .expect(303);

    expect(await remarkHistory(wren)).toEqual([
      { label: 'against', source: 'auto', reason: null },
      { label: 'pro', source: 'auto', reason: 'earlier remark relabelled by a moderator' },
    ]);
    expect(await remarkHistory(tess)).toEqual([
      { label: 'against', source: 'auto', reason: null },
      { label: 'pro', source: 'moderator', reason: null },
    ]);
    expect(await remarkHistory(ines)).toEqual(inesBefore);
  });
});
