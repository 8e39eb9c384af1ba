import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../support/app.js';
import { signInAs, type Agent } from '../support/auth.js';
import { createComment, createPost, createRemarks, formBody } from '../support/factories.js';

let t: TestContext;
let agent: Agent;
let csrf: string;
let moderatorId: number;
let post: { id: number; slug: string };
let ids: { sure: number; unsure: number; split: number };

function label(target: { comment_id?: number; remark_id?: number }, l: 'pro' | 'against' | 'neutral', source: 'auto' | 'self', confidence: number, at: string) {
  return {
    comment_id: target.comment_id ?? null,
    remark_id: target.remark_id ?? null,
    label: l,
    source,
    confidence,
    cues: '["calls him a hero"]',
    created_by: null,
    created_at: at,
  };
}

beforeEach(async () => {
  t = await createTestApp();
  ({
    agent,
    csrf,
    user: { id: moderatorId },
  } = await signInAs(t.app, t.db, 'moderator'));
  post = await createPost(t.db, { title: 'Rivera debate' });
  const sure = await createComment(t.db, post.id, { name: 'Ana', body: 'Rivera is a hero.' });
  const unsure = await createComment(t.db, post.id, { name: 'Ben', body: 'Hmm, maybe.' });
  const split = await createComment(t.db, post.id, { name: 'Ana', body: 'Actually, no.' });
  ids = { sure, unsure, split };
  await t.db
    .insertInto('stance_labels')
    .values([
      label({ comment_id: sure }, 'pro', 'auto', 0.92, '2026-11-20T10:00:00.000Z'),
      label({ comment_id: unsure }, 'neutral', 'auto', 0.41, '2026-11-20T10:00:00.000Z'),
      label({ comment_id: split }, 'pro', 'auto', 0.8, '2026-11-20T10:00:00.000Z'),
      label({ comment_id: split }, 'against', 'self', 1, '2026-11-20T10:00:00.000Z'),
    ])
    .execute();
});
afterEach(async () => t.close());

const order = (html: string) => [...html.matchAll(/id="review-c(\d+)"/g)].map((m) => Number(m[1]));

describe('stance review', () => {
  it('lists items with current, automatic and self labels, disagreements then low confidence first', async () => {
    const res = await agent.get(`/staff/stances?post=${post.id}`).expect(200);
    expect(order(res.text)).toEqual([ids.split, ids.unsure, ids.sure]);
    expect(res.text).toContain('self and automatic labels disagree');
    expect(res.text).toContain('Now: <strong class="stance-against">Against</strong> (self, 100%)');
    expect(res.text).toContain('Automatic: For (80%)');
    expect(res.text).toContain('<li>calls him a hero</li>');
  });

  it('filters by label, source, confidence and need of review', async () => {
    expect(order((await agent.get('/staff/stances?label=pro').expect(200)).text)).toEqual([ids.sure]);
    expect(order((await agent.get('/staff/stances?source=self').expect(200)).text)).toEqual([ids.split]);
    expect(order((await agent.get('/staff/stances?max_confidence=0.5').expect(200)).text)).toEqual([ids.unsure]);
    expect(order((await agent.get('/staff/stances?needs=1').expect(200)).text)).toEqual([ids.split, ids.unsure]);
    expect(order((await agent.get('/staff/stances?max_confidence=50%20%25').expect(200)).text)).toEqual([ids.unsure]);
    // A bad value is the same page, the field marked and the text as typed, not a bare 400.
    const bad = await agent.get('/staff/stances?max_confidence=150%20%25').expect(422);
    expect(bad.text).toContain('id="f-conf-error"');
    expect(bad.text).toContain('value="150 %"');
    expect((await agent.get('/staff/stances?label=maybe').expect(422)).text).toContain('Choose a label from the list.');
  });

  it('overrides with a new moderator label (history kept), trains the site model and logs it', async () => {
    const res = await agent
      .post('/staff/stances/label')
      .type('form')
      .send({ _csrf: csrf, decision: `c${ids.unsure}:against`, return_to: `/staff/stances?post=${post.id}` })
      .expect(303);
    expect(res.headers.location).toBe(`/staff/stances?post=${post.id}&done=1`);
    const history = await t.db
      .selectFrom('stance_labels')
      .select(['label', 'source', 'created_by'])
      .where('comment_id', '=', ids.unsure)
      .orderBy('id')
      .execute();
    expect(history).toEqual([
      { label: 'neutral', source: 'auto', created_by: null },
      { label: 'against', source: 'moderator', created_by: moderatorId },
    ]);
    expect(await t.db.selectFrom('stance_models').select('version').executeTakeFirst()).toEqual({ version: 1 });
    const [entry] = await t.db.selectFrom('audit_log').selectAll().execute();
    expect(entry).toMatchObject({ action: 'stance.override', target_type: 'comment', target_id: ids.unsure, user_id: moderatorId });
    expect(JSON.parse(entry!.before_json!)).toEqual({ label: 'neutral', source: 'auto', confidence: 0.41 });
  });

  it('confirms one label or a selection in bulk', async () => {
    await agent
      .post('/staff/stances/label')
      .type('form')
      .send({ _csrf: csrf, decision: `c${ids.sure}:confirm` })
      .expect(303);
    await agent
      .post('/staff/stances/confirm')
      .type('form')
      .send({ _csrf: csrf, [`t_c${ids.unsure}`]: '1', [`t_c${ids.split}`]: '1' })
      .expect(303);
    const moderator = await t.db.selectFrom('stance_labels').select(['comment_id', 'label']).where('source', '=', 'moderator').orderBy('comment_id').execute();
    expect(moderator).toEqual([
      { comment_id: ids.sure, label: 'pro' },
      { comment_id: ids.unsure, label: 'neutral' },
      { comment_id: ids.split, label: 'against' },
    ]);
    await agent.post('/staff/stances/confirm').type('form').send({ _csrf: csrf }).expect(400);
    await agent.post('/staff/stances/label').type('form').send({ _csrf: csrf, decision: 'c1:maybe' }).expect(400);
  });

  it('labels remarks too, and skips comments that are not approved', async () => {
    const [remark] = await createRemarks(t.db, ids.sure, [{ author: 'Dee', body: 'Agreed, a hero.' }]);
    await agent
      .post('/staff/stances/label')
      .type('form')
      .send({ _csrf: csrf, decision: `r${remark}:pro` })
      .expect(303);
    const held = await createComment(t.db, post.id, { status: 'pending' });
    const res = await agent
      .post('/staff/stances/label')
      .type('form')
      .send({ _csrf: csrf, decision: `c${held}:pro` })
      .expect(303);
    expect(res.headers.location).toBe('/staff/stances?done=0');
    const rows = await t.db.selectFrom('stance_labels').select(['remark_id', 'comment_id']).where('source', '=', 'moderator').execute();
    expect(rows).toEqual([{ remark_id: remark, comment_id: null }]);
  });
});

describe('stance summary', () => {
  it('draws the daily chart, most active per side and side changes', async () => {
    await t.db.updateTable('comments').set({ created_at: '2026-11-22T10:00:00.000Z' }).where('id', '=', ids.split).execute();
    const res = await agent.get(`/staff/posts/${post.id}/stances`).expect(200);
    expect(res.text).toContain('<svg xmlns="http://www.w3.org/2000/svg"');
    // Two days of debate: per hour, the quiet hours between left out.
    expect(res.text).toContain('How the sides grew, per hour');
    expect(res.text.match(/<rect class="chart-bar bar-(pro|against|neutral)"/g)).toHaveLength(5);
    expect(res.text).toContain('<g class="chart-break">');
    expect(res.text).toContain('<b>Ana</b>: <span class="stance-pro">For</span> → <span class="stance-against">Against</span>');
    expect(res.text).toContain(
      '<td><time datetime="2026-11-20T10:00:00.000Z">20 Nov 2026 10:00</time></td><td class="num">1</td><td class="num">0</td><td class="num">1</td>',
    );
    expect(res.text).not.toContain('datetime="2026-11-21');
    expect(res.text).toContain('Days and hours are the site’s time (UTC).');
  });

  it('counts the hours of the site’s time zone and prints the side changes in it', async () => {
    await t.db.updateTable('comments').set({ created_at: '2026-11-22T10:00:00.000Z' }).where('id', '=', ids.split).execute();
    const admin = await signInAs(t.app, t.db, 'admin');
    const site = { siteName: 'Rejoinder', tagline: '', timeZone: 'Asia/Kolkata', dateFormat: 'iso', showDemo: '1', _csrf: admin.csrf };
    await admin.agent.post('/staff/settings/site').type('form').send(formBody(site)).expect(303);
    const res = await agent.get(`/staff/posts/${post.id}/stances`).expect(200);
    // 10:00 UTC is 15:30 in Kolkata: the hour from 15:00 local, which began at 09:30 UTC.
    expect(res.text).toContain('<td><time datetime="2026-11-20T09:30:00.000Z">20 Nov 2026 15:00</time></td>');
    expect(res.text).toContain('Days and hours are the site’s time (Asia/Kolkata).');
    expect(res.text).toMatch(/<b>Ana<\/b>: .*\(<time datetime="2026-11-22T10:00:00.000Z">2026-11-22 15:30<\/time>\)/);
  });

  it('exports CSV and JSON', async () => {
    const csv = await agent.get(`/staff/posts/${post.id}/stances.csv`).expect(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.text.split('\r\n')[0]).toBe(
      'kind,id,post_id,parent_comment_id,author,said_at_utc,label,source,confidence,auto_label,auto_confidence,auto_cues,self_label,text',
    );
    expect(csv.text).toContain(`comment,${ids.split},${post.id},,Ana,`);
    const json = await agent.get(`/staff/posts/${post.id}/stances.json`).expect(200);
    expect(json.body.items).toHaveLength(3);
    expect(json.body.summary.side_changes).toMatchObject([{ participant: 'Ana', from: 'pro', to: 'against' }]);
    await agent.get('/staff/posts/999999/stances.json').expect(404);
  });

  it('is for moderators and admins only', async () => {
    const author = await signInAs(t.app, t.db, 'author');
    await author.agent.get(`/staff/posts/${post.id}/stances`).expect(403);
    await author.agent.get(`/staff/posts/${post.id}/stances.csv`).expect(403);
    await request(t.app.server).get(`/staff/posts/${post.id}/stances.json`).expect(303);
  });
});
