import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importWordpress } from '../../server/import/wordpress-import.service.js';
import { readWxr } from '../../server/import/wxr-reader.js';
import { createTestApp, TEST_NOW, type TestContext } from '../support/app.js';
import { signInAs } from '../support/auth.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/import/wxr-1.2.xml', import.meta.url));

let t: TestContext;
beforeEach(async () => {
  t = await createTestApp();
  await importWordpress(t.db, readWxr(fs.createReadStream(FIXTURE)), { skipPages: true, dryRun: false, subject: null, subjects: new Map(), now: TEST_NOW });
});
afterEach(async () => t.close());

describe('an imported post without a subject', () => {
  it('is listed on the dashboard as needing one, and naming it in the editor labels its comments in thread order', async () => {
    const { agent, csrf } = await signInAs(t.app, t.db, 'admin');
    const dashboard = await agent.get('/staff').expect(200);
    expect(dashboard.text).toContain('2 posts need a subject: name it in the editor and its comments are labelled.');
    expect(dashboard.text.match(/status-needs-subject/g)).toHaveLength(2);
    expect(await t.db.selectFrom('stance_labels').select('id').execute()).toEqual([]);

    const post = await t.db.selectFrom('posts').selectAll().where('slug', '=', 'orla-brenn-harbour-board').executeTakeFirstOrThrow();
    await agent
      .post(`/staff/posts/${post.id}`)
      .type('form')
      .send({
        _csrf: csrf,
        title: post.title,
        slug: post.slug,
        body: post.body_raw,
        subject_name: 'Orla Brenn',
        subject_aliases: 'Orla, Brenn',
        author_stance: '',
        status: 'published',
        comments_open: '1',
        moderation_mode: 'open',
        intent: 'save',
      })
      .expect(303);
    const labels = await t.db
      .selectFrom('stance_labels')
      .innerJoin('comments', 'comments.id', 'stance_labels.comment_id')
      .select(['comments.author_name', 'stance_labels.source'])
      .orderBy('comments.id')
      .execute();
    // The approved comments only, each once, automatic.
    expect(labels).toEqual([
      { author_name: 'Maëlle Durand', source: 'auto' },
      { author_name: 'Piet Okafor', source: 'auto' },
    ]);
    const after = await agent.get('/staff').expect(200);
    expect(after.text).toContain('1 post needs a subject');
  });
});
