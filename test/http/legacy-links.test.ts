import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importWordpress } from '../../server/import/wordpress-import.service.js';
import { readWxr } from '../../server/import/wxr-reader.js';
import { createTestApp, TEST_NOW, type TestContext } from '../support/app.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/import/wxr-1.2.xml', import.meta.url));
const LANDING = '/posts/orla-brenn-harbour-board/from-wordpress';

let t: TestContext;
beforeAll(async () => {
  t = await createTestApp();
  await importWordpress(t.db, readWxr(fs.createReadStream(FIXTURE)), {
    skipPages: false,
    dryRun: false,
    subject: null,
    subjects: new Map(),
    now: TEST_NOW,
  });
});
afterAll(async () => t.close());

describe('old WordPress links', () => {
  it.each([
    ['/2009/04/17/orla-brenn-harbour-board/', LANDING],
    ['/2009/04/17/orla-brenn-harbour-board', LANDING],
    ['/2009/04/17/orla-brenn-harbour-board/comment-page-2/', LANDING],
    ['/?p=123', LANDING],
    ['/?page_id=2', '/posts/about/from-wordpress'],
    ['/about/', '/posts/about/from-wordpress'],
  ])('%s answers 301 to %s', async (path, location) => {
    const res = await request(t.app.server).get(path).expect(301);
    expect(res.headers.location).toBe(location);
  });

  it('leaves drafts, unknown paths and the front page alone', async () => {
    const draft = await request(t.app.server).get('/?p=130').expect(200);
    expect(draft.text).toContain('Should Orla Brenn chair the harbour board?');
    const missing = await request(t.app.server).get('/2010/01/01/never-was/').expect(404);
    expect(missing.text).toContain('There is no page at this address.');
    await request(t.app.server).get('/?p=99999').expect(200);
  });

  it('lands on a page whose script follows #comment-N, with a link to the post without it', async () => {
    const res = await request(t.app.server).get(LANDING).expect(200);
    expect(res.text).toContain('data-old-comments-href="/posts/orla-brenn-harbour-board/wordpress-comments/"');
    expect(res.text).toContain('<a href="/posts/orla-brenn-harbour-board">Should Orla Brenn chair the harbour board?</a>');
    expect(res.text).toContain('<script src="/static/js/wordpress-landing.js"></script>');
  });

  it('turns an old comment id into the permalink of the comment it became', async () => {
    const piet = await t.db.selectFrom('comments').select('id').where('author_name', '=', 'Piet Okafor').executeTakeFirstOrThrow();
    const res = await request(t.app.server).get('/posts/orla-brenn-harbour-board/wordpress-comments/41').expect(301);
    expect(res.headers.location).toBe(`/posts/orla-brenn-harbour-board/comments/${piet.id}`);
    // Comment 41 is not on the about page, and 999 never existed.
    await request(t.app.server).get('/posts/about/wordpress-comments/41').expect(404);
    await request(t.app.server).get('/posts/orla-brenn-harbour-board/wordpress-comments/999').expect(404);
    await request(t.app.server).get('/posts/orla-brenn-harbour-board/wordpress-comments/x').expect(404);
  });
});
