// The staff page of pingbacks and trackbacks: listed per post from the moderation page, each shown, hidden,
// marked spam, deleted and restored, every change logged, and the post page's "Linked from" list follows at once.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importWordpress } from '../../server/import/wordpress-import.service.js';
import { readWxr } from '../../server/import/wxr-reader.js';
import { createTestApp, TEST_NOW, type TestContext } from '../support/app.js';
import { signInAs, type Agent } from '../support/auth.js';
import { formBody } from '../support/factories.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/import/linkbacks.xml', import.meta.url));
const PAGE = '/posts/bram-keller-mill-dam';

let t: TestContext;
let moderator: Agent;
let csrf: string;
let idOf: Map<string, number>;
beforeAll(async () => {
  t = await createTestApp();
  await importWordpress(t.db, readWxr(fs.createReadStream(FIXTURE)), { skipPages: false, dryRun: false, subject: null, subjects: new Map(), now: TEST_NOW });
  idOf = new Map((await t.db.selectFrom('linkbacks').select(['id', 'source_name']).execute()).map((r) => [r.source_name, r.id]));
  ({ agent: moderator, csrf } = await signInAs(t.app, t.db, 'moderator'));
  // A migrated database, an import and a sign-in: more than the default hook timeout on a loaded machine.
}, 60_000);
afterAll(async () => t.close());

const linkedFrom = async () => /<section class="linked-from"[\s\S]*?<\/section>/.exec((await request(t.app.server).get(PAGE).expect(200)).text)?.[0] ?? '';
const act = (id: number, action: string, status = 'all') =>
  moderator
    .post(`/staff/linkbacks/${id}`)
    .type('form')
    .send(formBody({ _csrf: csrf, action, status }));
const itemOf = (html: string, id: number) => new RegExp(`<li class="linkback-item" id="linkback-${id}">[\\s\\S]*?</li>`).exec(html)?.[0] ?? '';

describe('the staff page of pingbacks and trackbacks', () => {
  it('is linked from the moderation page and lists every one per post, with the buttons its status allows', async () => {
    const moderation = await moderator.get('/staff/moderation').expect(200);
    expect(moderation.text).toContain('<a href="/staff/linkbacks">Pingbacks and trackbacks</a>');
    const page = await moderator.get('/staff/linkbacks').expect(200);
    expect(page.text).toContain('<h2><a href="/posts/bram-keller-mill-dam">Is Bram Keller right about the mill dam?</a></h2>');
    expect(page.text).toMatch(/All <span class="count">\(5\)<\/span>/);
    expect(page.text).toMatch(/Deleted <span class="count">\(1\)<\/span>/);
    const shown = itemOf(page.text, idOf.get('Valley Herald » Dam debate heats up')!);
    expect(shown).toContain('Pingback');
    expect(shown).toContain('value="hide"');
    expect(shown).not.toContain('value="show"');
    const trashed = itemOf(page.text, idOf.get('Old Ledger mirror')!);
    expect(trashed).toContain('<button type="submit" name="action" value="show" class="button small secondary">Restore</button>');
    const spamOnly = await moderator.get('/staff/linkbacks?status=spam').expect(200);
    expect(spamOnly.text).toContain('Cheap Dam Removal Pros');
    expect(spamOnly.text).not.toContain('Valley Herald');
  });

  it('hides, deletes and restores, the post page following each change, and logs them', async () => {
    const herald = idOf.get('Valley Herald » Dam debate heats up')!;
    expect(await linkedFrom()).toContain('Valley Herald');
    await act(herald, 'hide').expect(303).expect('location', `/staff/linkbacks?status=all#linkback-${herald}`);
    expect(await linkedFrom()).not.toContain('Valley Herald');
    await act(herald, 'trash', 'pending').expect(303).expect('location', `/staff/linkbacks?status=pending#linkback-${herald}`);
    expect((await t.db.selectFrom('linkbacks').select('status').where('id', '=', herald).executeTakeFirstOrThrow()).status).toBe('trash');
    const ledger = idOf.get('Old Ledger mirror')!;
    await act(ledger, 'show').expect(303);
    expect(await linkedFrom()).toContain('Old Ledger mirror');
    // Pressing the button for the status it has already changes and logs nothing.
    await act(ledger, 'show').expect(303);
    const log = await t.db.selectFrom('audit_log').select(['action', 'target_id', 'before_json']).where('target_type', '=', 'linkback').orderBy('id').execute();
    expect(log).toEqual([
      { action: 'linkback.hide', target_id: herald, before_json: '{"status":"approved"}' },
      { action: 'linkback.trash', target_id: herald, before_json: '{"status":"pending"}' },
      { action: 'linkback.show', target_id: ledger, before_json: '{"status":"trash"}' },
    ]);
    const admin = (await signInAs(t.app, t.db, 'admin')).agent;
    const audit = await admin.get('/staff/audit').expect(200);
    expect(audit.text).toContain('deleted a pingback or trackback');
    expect(audit.text).toContain('the link from Valley Herald » Dam debate heats up');
  });

  it('refuses an unknown action with the page (422), an unknown id (404), and staff who do not moderate', async () => {
    const res = await act(idOf.get('Fenwick Angling Club')!, 'explode').expect(422);
    expect(res.text).toContain('Choose one of the buttons.');
    await act(999_999, 'hide').expect(404);
    await moderator
      .post('/staff/linkbacks/abc')
      .type('form')
      .send(formBody({ _csrf: csrf, action: 'hide' }))
      .expect(400);
    const author = await signInAs(t.app, t.db, 'author');
    await author.agent.get('/staff/linkbacks').expect(403);
    await author.agent
      .post(`/staff/linkbacks/${idOf.get('Fenwick Angling Club')!}`)
      .type('form')
      .send(formBody({ _csrf: author.csrf, action: 'show' }))
      .expect(403);
    await request(t.app.server).get('/staff/linkbacks').expect(303);
    expect((await t.db.selectFrom('linkbacks').select('status').where('id', '=', idOf.get('Fenwick Angling Club')!).executeTakeFirstOrThrow()).status).toBe(
      'pending',
    );
  });
});
