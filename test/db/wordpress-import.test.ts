import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../server/db/database.js';
import { migrateToLatest } from '../../server/db/migrator.js';
import { labelWaitingComments } from '../../server/import/import-labelling.service.js';
import { importWordpress, type WordpressImportOptions } from '../../server/import/wordpress-import.service.js';
import { readWxr } from '../../server/import/wxr-reader.js';
import { printedCounts } from '../support/import-counts.js';
import { createTestDatabase, type TestDatabase } from '../support/test-db.js';

const run = promisify(execFile);
const NOW = new Date('2026-11-26T12:00:00.000Z');
const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/import/${name}`, import.meta.url));

let testDb: TestDatabase | undefined;
let db: Db | undefined;
afterEach(async () => {
  await db?.destroy();
  db = undefined;
  await testDb?.dispose();
  testDb = undefined;
});

async function freshDb(): Promise<Db> {
  testDb = await createTestDatabase('import');
  db = openDatabase(testDb.url);
  await migrateToLatest(db);
  return db;
}

const options = (over: Partial<WordpressImportOptions> = {}): WordpressImportOptions => ({
  skipPages: false,
  dryRun: false,
  subject: { name: 'Orla Brenn', aliases: ['Orla', 'Brenn'] },
  subjects: new Map(),
  now: NOW,
  ...over,
});

const importFile = (d: Db, name: string, over: Partial<WordpressImportOptions> = {}) =>
  importWordpress(d, readWxr(fs.createReadStream(fixture(name), { highWaterMark: 1024 })), options(over));

async function snapshot(d: Db) {
  return {
    posts: await d.selectFrom('posts').select(['id', 'slug', 'title', 'status', 'subject_name', 'published_at']).orderBy('id').execute(),
    comments: await d
      .selectFrom('comments')
      .select(['id', 'post_id', 'parent_id', 'depth', 'author_name', 'author_email', 'status', 'created_at'])
      .orderBy('id')
      .execute(),
    linkbacks: await d.selectFrom('linkbacks').select(['post_id', 'kind', 'source_name', 'source_url', 'status']).orderBy('id').execute(),
    users: await d.selectFrom('users').select(['email', 'name', 'role', 'password_hash']).orderBy('id').execute(),
  };
}

describe('importWordpress', () => {
  it('imports posts, pages, authors, threaded comments with their statuses, pingbacks and old addresses', async () => {
    const d = await freshDb();
    const { counts, newAuthors } = await importFile(d, 'wxr-1.2.xml');
    expect(counts).toEqual({ posts: 3, comments: 5, remarks: 0, linkbacks: 1, authors: 1, skipped: 1, needSubject: 0 });
    expect(newAuthors).toEqual([{ email: 'ines.varga@harbour.example', name: 'Inès Varga' }]);
    const s = await snapshot(d);
    expect(s.users).toEqual([{ email: 'ines.varga@harbour.example', name: 'Inès Varga', role: 'author', password_hash: null }]);
    expect(s.posts.map((p) => [p.slug, p.status, p.published_at])).toEqual([
      ['orla-brenn-harbour-board', 'published', '2009-04-17T09:30:00.000Z'],
      ['about', 'published', '2009-01-01T00:00:00.000Z'],
      ['draft-the-dredging-contract', 'draft', null],
    ]);
    // The reply listed before its parent is stored after it, under it.
    const byName = new Map(s.comments.map((c) => [c.author_name, c]));
    const maelle = byName.get('Maëlle Durand')!;
    expect(maelle).toMatchObject({ parent_id: null, depth: 0, status: 'approved', author_email: 'maelle@example.org', created_at: '2009-04-17T10:00:00.000Z' });
    expect(byName.get('Piet Okafor')).toMatchObject({ parent_id: maelle.id, depth: 1, status: 'approved' });
    expect(byName.get('Tomasz Wierzba')).toMatchObject({ parent_id: byName.get('Piet Okafor')!.id, depth: 2, status: 'pending' });
    expect(byName.get('Cheap Ferries 4U')).toMatchObject({ status: 'spam' });
    expect(byName.get('Anneke')).toMatchObject({ status: 'trash', parent_id: maelle.id });
    expect(s.linkbacks).toEqual([
      {
        post_id: 1,
        kind: 'pingback',
        source_name: 'Quayside Gazette » Board vote preview',
        source_url: 'https://gazette.example/2009/04/board-vote-preview/',
        status: 'approved',
      },
    ]);
    const paths = await d.selectFrom('legacy_paths').select(['path', 'post_id']).orderBy('id').execute();
    expect(paths.map((p) => p.path)).toEqual(['/2009/04/17/orla-brenn-harbour-board/', '/?p=123', '/about/', '/?page_id=2', '/?p=130']);

    // The body went through the editor's sanitiser: the script, the javascript: link and the handler are gone.
    const post = await d.selectFrom('posts').select(['body_html', 'excerpt']).where('id', '=', 1).executeTakeFirstOrThrow();
    expect(post.body_html).toContain('<blockquote>');
    expect(post.body_html).toContain('if (a ]]&gt; b)');
    expect(post.body_html).not.toMatch(/<script|javascript:|onclick/);
    const piet = await d.selectFrom('comments').select(['body_raw', 'body_html']).where('author_name', '=', 'Piet Okafor').executeTakeFirstOrThrow();
    expect(piet.body_raw).toBe('Agreed, Maëlle. The co-op report (https://ferry.example/report) shows it.\n\nAnd <b> is not bold.');
    expect(piet.body_html).toContain('And &lt;b&gt; is not bold.');
  });

  it('adds nothing the second time, and only what is new when the export grew', async () => {
    const d = await freshDb();
    await importFile(d, 'wxr-1.2.xml');
    const before = await snapshot(d);
    const again = await importFile(d, 'wxr-1.2.xml');
    expect(again.counts).toMatchObject({ posts: 0, comments: 0, linkbacks: 0, authors: 0 });
    expect(await snapshot(d)).toEqual(before);
  });

  it('dry-runs without writing, and counts what a real run adds', async () => {
    const d = await freshDb();
    const dry = await importFile(d, 'wxr-1.2.xml', { dryRun: true });
    expect(await snapshot(d)).toEqual({ posts: [], comments: [], linkbacks: [], users: [] });
    expect(await d.selectFrom('import_keys').select('id').execute()).toEqual([]);
    const real = await importFile(d, 'wxr-1.2.xml');
    expect(dry.counts).toEqual(real.counts);
    expect(dry.newAuthors).toEqual(real.newAuthors);
  });

  it('skips pages on request, takes subjects from a mapping, and leaves the rest without one', async () => {
    const d = await freshDb();
    const { counts } = await importFile(d, 'wxr-1.2.xml', {
      skipPages: true,
      subject: null,
      subjects: new Map([['orla-brenn-harbour-board', { name: 'Orla Brenn', aliases: [] }]]),
    });
    expect(counts).toMatchObject({ posts: 2, skipped: 2, needSubject: 1 });
    const posts = await d.selectFrom('posts').select(['slug', 'subject_name']).orderBy('id').execute();
    expect(posts).toEqual([
      { slug: 'orla-brenn-harbour-board', subject_name: 'Orla Brenn' },
      { slug: 'draft-the-dredging-contract', subject_name: '' },
    ]);
    // Run again with a subject: the post without one gets it, the one with a subject keeps its own.
    await importFile(d, 'wxr-1.2.xml', { skipPages: true, subject: { name: 'Someone Else', aliases: ['Else'] } });
    const after = await d.selectFrom('posts').select(['subject_name', 'subject_aliases']).orderBy('id').execute();
    expect(after).toEqual([
      { subject_name: 'Orla Brenn', subject_aliases: '[]' },
      { subject_name: 'Someone Else', subject_aliases: '["Else"]' },
    ]);
  });

  it('reads WXR 1.0 and 1.1: a trackback, a reply to a missing comment, a unicode slug and authors from dc:creator alone', async () => {
    const d = await freshDb();
    await importFile(d, 'wxr-1.0.xml');
    await importFile(d, 'wxr-1.1.xml');
    const s = await snapshot(d);
    expect(s.posts.map((p) => [p.slug, p.title])).toEqual([
      ['rafe-and-the-bakery', 'Rafe Lindqvist & the bakery'],
      // slugify keeps ASCII: a slug of Japanese only falls back to "post".
      ['post', "日本語のタイトル: Aiko Sato's timetable"],
    ]);
    expect(s.users.map((u) => [u.email, u.name])).toEqual([
      ['ola@imported.invalid', 'ola'],
      ['kofi@signal.example', 'Kofi Mensah'],
    ]);
    expect(s.linkbacks.map((l) => [l.kind, l.source_name])).toEqual([['trackback', 'Lane Residents']]);
    expect(s.comments.map((c) => [c.author_name, c.parent_id])).toEqual([
      ['Dorota', null],
      ['Ren', null],
    ]);
  });

  it('labels the imported comments in thread order, stops when asked, and carries on later', async () => {
    const d = await freshDb();
    await importFile(d, 'wxr-1.2.xml');
    const stopped = await labelWaitingComments(
      d,
      NOW,
      () => {},
      () => true,
    );
    expect(stopped).toEqual({ labelled: 0, remaining: 2 });
    const seen: number[] = [];
    const done = await labelWaitingComments(
      d,
      NOW,
      (p) => seen.push(p.done),
      () => false,
    );
    expect(done).toEqual({ labelled: 2, remaining: 0 });
    expect(seen).toEqual([0, 2]);
    const labels = await d.selectFrom('stance_labels').select(['comment_id', 'source']).orderBy('comment_id').execute();
    expect(labels.map((l) => l.source)).toEqual(['auto', 'auto']);
    expect(
      await labelWaitingComments(
        d,
        NOW,
        () => {},
        () => false,
      ),
    ).toEqual({ labelled: 0, remaining: 0 });
  });
});

describe('npm run import', () => {
  const cli = (dbUrl: string, ...args: string[]) =>
    run(process.execPath, ['--import', 'tsx', 'server/cli/import.ts', ...args], {
      cwd: process.cwd(),
      env: { ...process.env, DATABASE_URL: dbUrl, SECRET: 'test-secret-0123456789abcdef', NODE_ENV: 'test' },
    }).then(
      (r) => ({ code: 0, ...r }),
      (err: { code: number; stdout: string; stderr: string }) => err,
    );

  it('imports nothing from a truncated file and names the line', async () => {
    const d = await freshDb();
    const full = fs.readFileSync(fixture('wxr-1.2.xml'), 'utf8');
    const truncated = path.join(testDb!.dir, 'cut.xml');
    fs.writeFileSync(truncated, full.slice(0, full.indexOf('<title>About this site')));
    const result = await cli(testDb!.url, 'wordpress', truncated);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/cut\.xml: line \d+: .*unclosed.*Nothing was imported\./);
    expect((await snapshot(d)).posts).toEqual([]);
  });

  it('imports and labels a file, printing the counts', async () => {
    const d = await freshDb();
    const result = await cli(testDb!.url, 'wordpress', fixture('wxr-1.2.xml'), '--subject', 'Orla Brenn', '--aliases', 'Orla, Brenn');
    expect(result.code).toBe(0);
    expect(printedCounts(result.stdout)).toEqual({
      heading: 'Imported from wxr-1.2.xml',
      counts: { posts: 3, comments: 5, remarks: 0, pingbacks: 1, skipped: 1 },
    });
    expect(result.stdout).toContain('Inès Varga <ines.varga@harbour.example>');
    expect(result.stdout).toMatch(/Labelled 2 comments/);
    expect((await d.selectFrom('posts').select('subject_aliases').executeTakeFirstOrThrow()).subject_aliases).toBe('["Orla","Brenn"]');
  });

  it('prints the counts on a dry run ("Would import"), writing nothing, and counts a second run as skipped', async () => {
    const d = await freshDb();
    const file = fixture('linkbacks.xml');
    const dry = await cli(testDb!.url, 'wordpress', file, '--subject', 'Bram Keller', '--dry-run');
    expect(dry.code).toBe(0);
    const expected = { posts: 1, comments: 2, remarks: 1, pingbacks: 5, skipped: 0 };
    expect(printedCounts(dry.stdout)).toEqual({ heading: 'Would import from linkbacks.xml', counts: expected });
    expect(dry.stdout).not.toMatch(/Labelled/);
    expect(await snapshot(d)).toEqual({ posts: [], comments: [], linkbacks: [], users: [] });

    const real = await importFile(d, 'linkbacks.xml', { subject: { name: 'Bram Keller', aliases: [] } });
    expect(real.counts).toMatchObject({ posts: 1, comments: 2, remarks: 1, linkbacks: 5, skipped: 0 });
    const remarks = await d.selectFrom('group_remarks').select(['source_group', 'source_url', 'author_name', 'headline', 'posted_at', 'body_raw']).execute();
    expect(remarks).toEqual([
      {
        source_group: "Millbrook Anglers' chat",
        source_url: 'https://chat.example/millbrook',
        author_name: 'Søren Vale',
        headline: 'River warden',
        posted_at: '2011-06-01T18:00:00.000Z',
        body_raw: 'Bram has fished here for thirty years; he knows the floods.',
      },
    ]);

    // The comments the in-process run left unlabelled are labelled by the command's last pass.
    const again = await cli(testDb!.url, 'wordpress', file, '--subject', 'Bram Keller');
    expect(printedCounts(again.stdout)).toEqual({
      heading: 'Imported from linkbacks.xml',
      counts: { posts: 0, comments: 0, remarks: 0, pingbacks: 0, skipped: 8 },
    });
    expect(again.stdout).toContain('  pingbacks  0  pingbacks and trackbacks');
    expect(again.stdout).toMatch(/Labelled 2 comments in [\d.]+ s/);
    const s = await snapshot(d);
    expect([s.posts.length, s.comments.length, s.linkbacks.length]).toEqual([1, 2, 5]);
    expect(await d.selectFrom('group_remarks').select('id').execute()).toHaveLength(1);
  });
});
