import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labelWaitingComments } from '../../server/import/import-labelling.service.js';
import { importWordpress } from '../../server/import/wordpress-import.service.js';
import { readWxr } from '../../server/import/wxr-reader.js';
import { createTestApp, TEST_NOW, type TestContext } from '../support/app.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/import/linkbacks.xml', import.meta.url));
const PAGE = '/posts/bram-keller-mill-dam';

const importFixture = (t: TestContext) =>
  importWordpress(t.db, readWxr(fs.createReadStream(FIXTURE, { highWaterMark: 512 })), {
    skipPages: false,
    dryRun: false,
    subject: { name: 'Bram Keller', aliases: ['Bram', 'Keller'] },
    subjects: new Map(),
    now: TEST_NOW,
  });

/** The "Linked from" section of a page, or '' when it has none. */
const linkedFromOf = (html: string) => /<section class="linked-from"[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';

let t: TestContext;
let firstCounts: Awaited<ReturnType<typeof importFixture>>['counts'];
beforeAll(async () => {
  t = await createTestApp();
  firstCounts = (await importFixture(t)).counts;
  await labelWaitingComments(
    t.db,
    TEST_NOW,
    () => {},
    () => false,
  );
});
afterAll(async () => t.close());

describe('pingbacks and trackbacks', () => {
  it('are stored apart from the reader comments, with their kind and status', async () => {
    expect(firstCounts).toMatchObject({ posts: 1, comments: 2, remarks: 1, linkbacks: 5 });
    const rows = await t.db.selectFrom('linkbacks').select(['kind', 'source_name', 'source_url', 'status']).orderBy('id').execute();
    expect(rows).toEqual([
      { kind: 'trackback', source_name: 'Weir Watchers – River notes', source_url: 'https://weirwatchers.example/2011/06/dams/', status: 'approved' },
      {
        kind: 'pingback',
        source_name: 'Valley Herald » Dam debate heats up',
        source_url: 'https://valleyherald.example/2011/06/04/dam-debate/',
        status: 'approved',
      },
      { kind: 'pingback', source_name: 'Cheap Dam Removal Pros', source_url: 'http://dam-deals.example/best', status: 'spam' },
      { kind: 'trackback', source_name: 'Fenwick Angling Club', source_url: 'https://fenwick-angling.example/news/', status: 'pending' },
      { kind: 'pingback', source_name: 'Old Ledger mirror', source_url: 'https://mirror.example/ledger/', status: 'trash' },
    ]);
    const comments = await t.db.selectFrom('comments').select('author_name').orderBy('id').execute();
    expect(comments.map((c) => c.author_name)).toEqual(['Odile Marsh', 'Jonas Pell']);
  });

  it('are listed under the post as one line each, approved only, their links marked as the other site’s', async () => {
    const res = await request(t.app.server).get(PAGE).expect(200);
    const section = linkedFromOf(res.text);
    expect(section).toContain('<h2 class="linked-from-title" id="linked-from-title">Linked from</h2>');
    const lines = [...section.matchAll(/<li class="linkback" id="linkback-\d+">([\s\S]*?)<\/li>/g)].map((m) => m[1]!.replace(/\s+/g, ' ').trim());
    expect(lines).toEqual([
      'linked from <a href="https://weirwatchers.example/2011/06/dams/" rel="nofollow ugc">Weir Watchers – River notes</a> <span class="linkback-meta">(trackback, <time datetime="2011-06-03T07:30:00.000Z">3 June 2011</time>)</span>',
      'linked from <a href="https://valleyherald.example/2011/06/04/dam-debate/" rel="nofollow ugc">Valley Herald » Dam debate heats up</a> <span class="linkback-meta">(pingback, <time datetime="2011-06-04T09:00:00.000Z">4 June 2011</time>)</span>',
    ]);
    // Between the post and the comments, never inside the thread.
    expect(res.text.indexOf('class="linked-from"')).toBeGreaterThan(res.text.indexOf('class="entry-content"'));
    expect(res.text.indexOf('class="linked-from"')).toBeLessThan(res.text.indexOf('id="comments"'));
    const thread = res.text.slice(res.text.indexOf('id="comments"'));
    expect(thread).not.toContain('Valley Herald');
    expect(thread).not.toContain('Weir Watchers');
    for (const hidden of ['Cheap Dam Removal Pros', 'Fenwick Angling Club', 'Old Ledger mirror']) expect(res.text).not.toContain(hidden);
  });

  it('are not counted as responses, and not labelled', async () => {
    const res = await request(t.app.server).get(PAGE).expect(200);
    expect(res.text).toMatch(/<h2 id="comments-title">2 responses to/);
    const labels = await t.db.selectFrom('stance_labels').select(['comment_id', 'remark_id']).execute();
    const commentIds = (await t.db.selectFrom('comments').select('id').execute()).map((c) => c.id);
    const remarkIds = (await t.db.selectFrom('group_remarks').select('id').execute()).map((r) => r.id);
    // Every comment and every remark it carries has a label, and nothing else has one.
    expect(labels.flatMap((l) => (l.comment_id === null ? [] : [l.comment_id])).sort()).toEqual(commentIds.sort());
    expect(labels.flatMap((l) => (l.remark_id === null ? [] : [l.remark_id])).sort()).toEqual(remarkIds.sort());
  });

  it('are imported once: a second run adds nothing and counts them as skipped', async () => {
    const again = await importFixture(t);
    expect(again.counts).toMatchObject({ posts: 0, comments: 0, linkbacks: 0, skipped: 1 + 2 + 5 });
    const [linkbacks, comments] = await Promise.all([t.db.selectFrom('linkbacks').select('id').execute(), t.db.selectFrom('comments').select('id').execute()]);
    expect([linkbacks.length, comments.length]).toEqual([5, 2]);
    const res = await request(t.app.server).get(PAGE).expect(200);
    expect(linkedFromOf(res.text).match(/<li class="linkback"/g)).toHaveLength(2);
  });

  it('follow a status change on the cached page, and a post with none shown prints no list', async () => {
    const before = await request(t.app.server).get(PAGE).expect(200);
    expect(before.text).not.toContain('Fenwick Angling Club');
    await t.db.updateTable('linkbacks').set({ status: 'approved' }).where('source_name', '=', 'Fenwick Angling Club').execute();
    const after = await request(t.app.server).get(PAGE).expect(200);
    expect(linkedFromOf(after.text)).toContain('>Fenwick Angling Club</a>');
    await t.db.updateTable('linkbacks').set({ status: 'spam' }).execute();
    const none = await request(t.app.server).get(PAGE).expect(200);
    expect(none.text).not.toContain('class="linked-from"');
  });
});
