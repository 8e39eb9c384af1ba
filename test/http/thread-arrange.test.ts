import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { insertStanceLabels } from '../../server/stance/stance.repository.js';
import { createTestApp, type TestContext } from '../support/app.js';
import { visitorAgent } from '../support/auth.js';
import { createComment, createPost, formBody } from '../support/factories.js';
import { unescapeHtml } from '../support/html.js';

let t: TestContext;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => t.close());

const at = '2026-11-20T10:00:00.000Z';
const label = (comment_id: number, value: 'pro' | 'against' | 'neutral') => ({
  comment_id,
  remark_id: null,
  label: value,
  source: 'self' as const,
  confidence: 1,
  cues: '[]',
  created_by: null,
  created_at: at,
});

/** A small debate: Alba for, Bruno against, Chiara's point both sides value, Dario answering Bruno for. */
async function debate() {
  const p = await createPost(t.db);
  const alba = await createComment(t.db, p.id, { name: 'Alba', body: 'Rivera kept every promise.' });
  const bruno = await createComment(t.db, p.id, { name: 'Bruno', body: 'Rivera broke the budget.' });
  const chiara = await createComment(t.db, p.id, { name: 'Chiara', body: 'Both of you agree the budget matters.' });
  const dario = await createComment(t.db, p.id, { name: 'Dario', body: 'The budget grew for good reasons.', parentId: bruno, depth: 1 });
  await insertStanceLabels(t.db, [label(alba, 'pro'), label(bruno, 'against'), label(chiara, 'neutral'), label(dario, 'pro')]);
  const votes: [number, string][][] = [
    // Two readers for: they like Alba and doubt Bruno; two against: the reverse. All four like Chiara's.
    [
      [alba, 'good'],
      [bruno, 'unconvinced'],
      [chiara, 'good'],
    ],
    [
      [alba, 'good'],
      [bruno, 'unconvinced'],
      [chiara, 'good'],
      [dario, 'good'],
    ],
    [
      [alba, 'unconvinced'],
      [bruno, 'good'],
      [chiara, 'good'],
    ],
    [
      [alba, 'unconvinced'],
      [bruno, 'good'],
      [chiara, 'good'],
    ],
  ].map((list) => list as [number, string][]);
  for (const list of votes) {
    const reader = await visitorAgent(t.app);
    for (const [id, value] of list) {
      await reader.agent
        .post(`/posts/${p.slug}/votes`)
        .type('form')
        .send(formBody({ vote: `${id}:${value}`, _csrf: reader.csrf }))
        .expect(303);
    }
  }
  return { p, alba, bruno, chiara, dario };
}

/** The ids of the top-level comments of a page, in order. */
const topLevel = (html: string) => [...html.matchAll(/<li id="comment-(\d+)" class="comment level-1">/g)].map((m) => Number(m[1]));

describe('sort, filter and the Sides view', () => {
  it('sorts the top-level comments by the link chosen; each link keeps the others', async () => {
    const { p, alba, bruno, chiara } = await debate();
    const get = async (query: string) => (await request(t.app.server).get(`/posts/${p.slug}${query}`).expect(200)).text;
    expect(topLevel(await get(''))).toEqual([alba, bruno, chiara]);
    expect(topLevel(await get('?sort=newest'))).toEqual([chiara, bruno, alba]);
    expect(topLevel(await get('?sort=replies'))).toEqual([bruno, alba, chiara]);
    const common = unescapeHtml(await get('?sort=common&side='));
    expect(topLevel(common)[0]).toBe(chiara);
    expect(common).toContain(`<a href="/posts/${p.slug}?sort=common#comments" aria-current="page">Common ground</a>`);
    expect(common).toContain(`<a href="/posts/${p.slug}?sort=common&side=against#comments">Against</a>`);
    expect((await request(t.app.server).get(`/posts/${p.slug}?sort=loudest`)).status).toBe(400);
  });

  it('filters to one side, keeping the comment a matching reply answers as collapsed context', async () => {
    const { p, alba, bruno, chiara, dario } = await debate();
    const html = (await request(t.app.server).get(`/posts/${p.slug}?side=pro`).expect(200)).text;
    expect(topLevel(html)).toEqual([alba, bruno]);
    expect(html).not.toContain(`id="comment-${chiara}"`);
    expect(html).toMatch(new RegExp(`id="comment-${bruno}"[^>]*>\\s*<article class="comment-body is-context"[\\s\\S]*?<details class="comment-context">`));
    expect(html).toContain(`id="comment-${dario}"`);
  });

  it('the Sides view puts each side’s strongest comments in two columns, linking to their place', async () => {
    const { p, alba, bruno, dario } = await debate();
    const html = (await request(t.app.server).get(`/posts/${p.slug}?view=sides`).expect(200)).text;
    const column = (side: string) => new RegExp(`sides-column side-column-${side}[\\s\\S]*?</section>`).exec(html)![0];
    const links = (text: string) => [...text.matchAll(/href="\/posts\/[^/]+\/comments\/(\d+)"/g)].map((m) => Number(m[1]));
    expect(links(column('pro'))).toEqual([alba, dario]);
    expect(column('pro')).toContain('2 good points from its side');
    expect(links(column('against'))).toEqual([bruno]);
    const place = await request(t.app.server).get(`/posts/${p.slug}/comments/${dario}`).expect(303);
    expect(place.headers.location).toBe(`/posts/${p.slug}#comment-${dario}`);
  });

  it('the sidebar shows the common ground with each side’s share, and moves with the next vote', async () => {
    const { p, chiara, alba } = await debate();
    let html = (await request(t.app.server).get(`/posts/${p.slug}`).expect(200)).text;
    const sidebar = () => /<section class="widget common-ground"[\s\S]*?<\/section>/.exec(html)![0];
    expect(sidebar()).toContain(`href="/posts/${p.slug}/comments/${chiara}">Comment by Chiara`);
    expect(sidebar()).toContain('Readers for: 2 of 2 (100%)');
    expect(sidebar()).not.toContain(`comments/${alba}"`);
    // A new reader rates Alba's a good point (so reads as for) and doubts Chiara's.
    const reader = await visitorAgent(t.app);
    await reader.agent
      .post(`/posts/${p.slug}/votes`)
      .type('form')
      .send(formBody({ vote: `${alba}:good`, _csrf: reader.csrf }))
      .expect(303);
    await reader.agent
      .post(`/posts/${p.slug}/votes`)
      .type('form')
      .send(formBody({ vote: `${chiara}:unconvinced`, _csrf: reader.csrf }))
      .expect(303);
    html = (await request(t.app.server).get(`/posts/${p.slug}`).expect(200)).text;
    expect(sidebar()).toContain('Readers for: 2 of 3 (67%)');
    expect(sidebar()).toContain('Readers against: 2 of 2 (100%)');
  });

  it('hides the side filter and the Sides view when the site hides sides', async () => {
    const { p, alba, bruno, chiara } = await debate();
    await t.db.insertInto('settings').values({ key: 'debate', value_json: '{"showSideBadges":false}', updated_at: at }).execute();
    await t.db.updateTable('posts').set({ thread_version: 999 }).execute();
    const html = (await request(t.app.server).get(`/posts/${p.slug}?side=pro&view=sides`).expect(200)).text;
    expect(html).not.toContain('Sides, face to face');
    expect(html).not.toContain('sides-column');
    expect(topLevel(html)).toEqual([alba, bruno, chiara]);
  });
});
