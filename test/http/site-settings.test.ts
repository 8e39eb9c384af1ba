import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedDemoIfEmpty } from '../../server/seed/seed.service.js';
import { DEMO_POST } from '../../server/seed/demo-content.js';
import { TEST_NOW, createTestApp, type TestContext } from '../support/app.js';
import { signInAs, visitorAgent } from '../support/auth.js';
import { createComment, createPost, formBody } from '../support/factories.js';

let t: TestContext;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => t.close());

const SITE = { siteName: 'The Harbour Ledger', tagline: 'Arguments about the harbour', timeZone: 'Europe/Paris', dateFormat: 'iso', showDemo: '1' };

async function saveSite(admin: Awaited<ReturnType<typeof signInAs>>, fields: Record<string, string>, status = 303) {
  return admin.agent
    .post('/staff/settings/site')
    .type('form')
    .send(formBody({ ...SITE, ...fields, _csrf: admin.csrf }))
    .expect(status);
}

describe('site settings: who may', () => {
  it('are for admins only: signed out is sent to sign in, authors and moderators get 403', async () => {
    const anon = await request(t.app.server).get('/staff/settings').expect(303);
    expect(anon.headers.location).toBe('/login?next=%2Fstaff%2Fsettings');
    const visitor = await visitorAgent(t.app);
    await visitor.agent
      .post('/staff/settings/site')
      .type('form')
      .send(formBody({ ...SITE, _csrf: visitor.csrf }))
      .expect(403);
    for (const role of ['author', 'moderator'] as const) {
      const who = await signInAs(t.app, t.db, role);
      await who.agent.get('/staff/settings').expect(403);
      await who.agent
        .post('/staff/settings/site')
        .type('form')
        .send(formBody({ ...SITE, _csrf: who.csrf }))
        .expect(403);
    }
    expect(await t.db.selectFrom('settings').selectAll().where('key', '=', 'site').execute()).toHaveLength(0);
    const admin = await signInAs(t.app, t.db, 'admin');
    const page = await admin.agent.get('/staff/settings').expect(200);
    expect(page.text).toContain('id="site-settings"');
    expect(page.text).toMatch(/<input id="siteName" name="siteName"[^>]*value="Rejoinder"/);
    expect(page.text).toMatch(/<input id="timeZone" name="timeZone"[^>]*value="UTC"/);
  });
});

describe('site settings: saving', () => {
  it('names the site in the header, titles and feeds, and logs the change', async () => {
    const post = await createPost(t.db, { title: 'The Pier Question' });
    const admin = await signInAs(t.app, t.db, 'admin');
    const saved = await saveSite(admin, {});
    expect(saved.headers.location).toBe('/staff/settings?saved=site#site-settings');
    const again = await admin.agent.get('/staff/settings?saved=site').expect(200);
    expect(again.text).toMatch(/id="site-settings"[\s\S]*?<p class="form-notice" role="status">Saved.<\/p>/);
    const home = await request(t.app.server).get('/').expect(200);
    expect(home.text).toContain('<title>Debates · The Harbour Ledger</title>');
    expect(home.text).toContain('<p class="site-title"><a href="/">The Harbour Ledger</a></p>');
    expect(home.text).toContain('<p class="site-tagline">Arguments about the harbour</p>');
    const page = await request(t.app.server).get(`/posts/${post.slug}`).expect(200);
    expect(page.text).toContain('<meta property="og:site_name" content="The Harbour Ledger">');
    const feed = await request(t.app.server).get('/feed').expect(200);
    expect(feed.text).toContain('<title type="text">The Harbour Ledger</title>');
    expect(feed.text).toContain('<subtitle type="text">Arguments about the harbour</subtitle>');
    const entries = await t.db.selectFrom('audit_log').selectAll().where('action', '=', 'settings.site').execute();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ user_id: admin.user.id, target_type: 'settings' });
    expect(JSON.parse(entries[0]!.before_json!)).toMatchObject({ siteName: 'Rejoinder', timeZone: 'UTC', dateFormat: 'long' });
    expect(JSON.parse(entries[0]!.after_json!)).toEqual({
      siteName: 'The Harbour Ledger',
      tagline: 'Arguments about the harbour',
      timeZone: 'Europe/Paris',
      dateFormat: 'iso',
    });
    const audit = await admin.agent.get('/staff/audit').expect(200);
    expect(audit.text).toContain('changed the site settings');
  });

  it.each([
    ['an unknown time zone', { timeZone: 'Mars/Olympus_Mons' }, 'timeZone', 'Mars/Olympus_Mons', 'Enter a time zone name such as Europe/Paris'],
    ['a blank name', { siteName: '   ' }, 'siteName', '', 'Give the site a name'],
    ['a name over two lines', { siteName: 'Harbour\r\nLedger' }, 'siteName', 'Harbour\r\nLedger', 'must be a single line'],
    ['a format not offered', { dateFormat: 'klingon' }, 'dateFormat', null, 'Choose one of the formats'],
  ])('answers 422 for %s, with the text kept and the message beside the field', async (_name, fields, field, kept, message) => {
    const admin = await signInAs(t.app, t.db, 'admin');
    const res = await saveSite(admin, fields, 422);
    expect(res.text).toContain('Not saved. Please check the fields marked below');
    expect(res.text).toContain(message);
    if (field !== 'dateFormat') expect(res.text).toMatch(new RegExp(`<p class="field has-error"><label for="${field}">`));
    if (kept) expect(res.text).toContain(`value="${kept}"`);
    expect(await t.db.selectFrom('settings').selectAll().where('key', '=', 'site').execute()).toHaveLength(0);
    expect(await t.db.selectFrom('audit_log').selectAll().execute()).toHaveLength(0);
  });
});

describe('site settings: times', () => {
  it('prints every time people read in the zone and format, machine times in UTC, and renders cached pages again', async () => {
    const post = await createPost(t.db, { title: 'The Pier Question' });
    const id = await createComment(t.db, post.id, { name: 'Ines Marlow' });
    // 23:30 UTC is already the next day in Paris.
    await t.db.updateTable('comments').set({ created_at: '2026-11-20T23:30:00.000Z' }).where('id', '=', id).execute();
    const before = await request(t.app.server).get(`/posts/${post.slug}`).expect(200);
    expect(before.text).toContain('<time datetime="2026-11-20T23:30:00.000Z" title="5 days ago">20 November 2026, 23:30</time>');
    const admin = await signInAs(t.app, t.db, 'admin');
    await saveSite(admin, {});
    // The anonymous page was cached with the old settings: it is rendered again.
    const after = await request(t.app.server).get(`/posts/${post.slug}`).expect(200);
    expect(after.text).toContain('<time datetime="2026-11-20T23:30:00.000Z" title="5 days ago">2026-11-21 00:30</time>');
    const feed = await request(t.app.server).get(`/posts/${post.slug}/feed`).expect(200);
    expect(feed.text).toContain('<updated>2026-11-20T23:30:00.000Z</updated>');
    const queue = await admin.agent.get('/staff/moderation?status=approved').expect(200);
    expect(queue.text).toContain('2026-11-21 00:30');
    await saveSite(admin, { timeZone: 'America/New_York', dateFormat: 'us' });
    const us = await request(t.app.server).get(`/posts/${post.slug}`).expect(200);
    expect(us.text).toContain('>Nov 20, 2026 at 6:30 pm</time>');
  });

  it('signs mail with the site name', async () => {
    const post = await createPost(t.db, { title: 'The Pier Question' });
    const admin = await signInAs(t.app, t.db, 'admin');
    await saveSite(admin, {});
    const visitor = await visitorAgent(t.app);
    await visitor.agent
      .post(`/posts/${post.slug}/comments`)
      .type('form')
      .send(
        formBody({
          author_name: 'Uma Quill',
          author_email: 'uma@example.test',
          author_url: '',
          parent_id: '',
          stance: '',
          notify_replies: '1',
          notify_post: '',
          body: 'The pier should stay.',
          _csrf: visitor.csrf,
        }),
      )
      .expect(303);
    const [mail] = await t.db.selectFrom('mail_outbox').selectAll().execute();
    expect(mail?.body_text).toContain('The Harbour Ledger');
  });
});

describe('site settings: the demo', () => {
  it('hides the demo from readers and shows it again, each logged', async () => {
    await seedDemoIfEmpty(t.db, TEST_NOW);
    await request(t.app.server).get(`/posts/${DEMO_POST.slug}`).expect(200);
    const admin = await signInAs(t.app, t.db, 'admin');
    const page = await admin.agent.get('/staff/settings').expect(200);
    expect(page.text).toMatch(/<input type="checkbox" name="showDemo" value="1" checked>/);
    await saveSite(admin, { showDemo: '' });
    await request(t.app.server).get(`/posts/${DEMO_POST.slug}`).expect(404);
    const home = await request(t.app.server).get('/').expect(200);
    expect(home.text).not.toContain(DEMO_POST.title.replace(/'/g, '&#x27;'));
    const feed = await request(t.app.server).get('/feed').expect(200);
    expect(feed.text).not.toContain(DEMO_POST.slug);
    const hidden = await admin.agent.get('/staff/settings').expect(200);
    expect(hidden.text).toMatch(/<input type="checkbox" name="showDemo" value="1">/);
    expect(hidden.text).toContain('(hidden)');
    await saveSite(admin, { showDemo: '1' });
    await request(t.app.server).get(`/posts/${DEMO_POST.slug}`).expect(200);
    const actions = (await t.db.selectFrom('audit_log').select(['action', 'target_type']).orderBy('id').execute()).map((r) => `${r.action} ${r.target_type}`);
    expect(actions).toEqual(['settings.site settings', 'post.unpublish post', 'post.publish post']);
  });
});
