import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../server/db/database.js';
import { migrateToLatest } from '../../server/db/migrator.js';
import { importDisqus } from '../../server/import/disqus-import.service.js';
import { readDisqus } from '../../server/import/disqus-reader.js';
import { importWordpress } from '../../server/import/wordpress-import.service.js';
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

/** A database holding the WordPress fixture's posts, as a site that moved its posts first and its Disqus comments next. */
async function siteWithPosts(): Promise<Db> {
  testDb = await createTestDatabase('disqus');
  db = openDatabase(testDb.url);
  await migrateToLatest(db);
  const subject = { name: 'Orla Brenn', aliases: ['Orla'] };
  await importWordpress(db, readWxr(fs.createReadStream(fixture('wxr-1.2.xml'))), { skipPages: false, dryRun: false, subject, subjects: new Map(), now: NOW });
  return db;
}

const importFile = (d: Db, dryRun = false) =>
  importDisqus(d, readDisqus(fs.createReadStream(fixture('disqus.xml'), { highWaterMark: 512 })), { dryRun, now: NOW });

const disqusComments = (d: Db) =>
  d
    .selectFrom('comments')
    .innerJoin('import_keys', (j) =>
      j.onRef('import_keys.target_id', '=', 'comments.id').on('import_keys.source', '=', 'disqus').on('import_keys.kind', '=', 'comment'),
    )
    .select([
      'comments.id',
      'import_keys.source_key',
      'post_id',
      'parent_id',
      'depth',
      'author_name',
      'author_email',
      'status',
      'body_raw',
      'body_html',
      'comments.created_at',
    ])
    .orderBy('comments.id')
    .execute();

describe('importDisqus', () => {
  it('attaches threads by old permalink and identifier, keeps the tree and the flags, and lists the threads it could not place', async () => {
    const d = await siteWithPosts();
    const { counts, unmatched, problems } = await importFile(d);
    expect(counts).toEqual({ threads: 2, comments: 5, skipped: 2, unmatched: 1 });
    expect(unmatched).toEqual([{ line: 31, link: 'https://harbour.example/2011/06/ferry-timetable-leak/', title: 'The ferry timetable leak', comments: 1 }]);
    expect(problems).toEqual([expect.stringMatching(/^line 42: thread "Removed page" was deleted on Disqus; its 1 comments left out$/)]);
    const rows = await disqusComments(d);
    const by = new Map(rows.map((r) => [r.source_key, r]));
    // Stored in thread order: the reply listed first in the file comes after its parent, siblings and the rest by date.
    expect(rows.map((r) => r.source_key)).toEqual(['8001', '8002', '8003', '8004', '8005']);
    expect(by.get('8001')).toMatchObject({
      post_id: 1,
      parent_id: null,
      depth: 0,
      author_name: 'Søren Holm',
      status: 'approved',
      created_at: '2012-03-01T09:00:00.000Z',
    });
    expect(by.get('8002')).toMatchObject({ parent_id: by.get('8001')!.id, depth: 1, author_name: '田中 愛子', author_email: 'aiko.tanaka@example.jp' });
    expect(by.get('8002')!.body_raw).toBe('Replying to Søren: the minutes say otherwise.\n\nSee the minutes (https://minutes.example/2012/03).');
    expect(by.get('8004')).toMatchObject({ parent_id: by.get('8002')!.id, depth: 2, status: 'trash' });
    expect(by.get('8003')).toMatchObject({ status: 'spam', author_name: 'Tickets4U' });
    expect(by.get('8005')).toMatchObject({ post_id: 2, status: 'approved' });
    // The same path as WordPress comments: tags dropped, the text escaped again by the comment renderer.
    expect(by.get('8001')!.body_html).toBe('<p>Orla Brenn has the harbour&#39;s trust, I&#39;d back her. alert(1)</p>');
  });

  it('adds nothing the second time, and a dry run writes nothing but counts the same', async () => {
    const d = await siteWithPosts();
    const dry = await importFile(d, true);
    expect(await disqusComments(d)).toEqual([]);
    expect(await d.selectFrom('import_keys').select('id').where('source', '=', 'disqus').execute()).toEqual([]);
    const real = await importFile(d);
    expect(real.counts).toEqual(dry.counts);
    const before = await disqusComments(d);
    const again = await importFile(d);
    expect(again.counts).toMatchObject({ comments: 0, threads: 2, skipped: 7 });
    expect(await disqusComments(d)).toEqual(before);
  });
});

describe('npm run import -- disqus', () => {
  const cli = (dbUrl: string, ...args: string[]) =>
    run(process.execPath, ['--import', 'tsx', 'server/cli/import.ts', ...args], {
      cwd: process.cwd(),
      env: { ...process.env, DATABASE_URL: dbUrl, SECRET: 'test-secret-0123456789abcdef', NODE_ENV: 'test' },
    }).then(
      (r) => ({ code: 0, ...r }),
      (err: { code: number; stdout: string; stderr: string }) => err,
    );

  it('refuses a truncated file, an entity and a WordPress file by line, importing nothing; then imports, lists and labels', async () => {
    const d = await siteWithPosts();
    const full = fs.readFileSync(fixture('disqus.xml'), 'utf8');
    const bad = path.join(testDb!.dir, 'bad.xml');
    fs.writeFileSync(bad, full.slice(0, full.indexOf('Who leaked it?')));
    let result = await cli(testDb!.url, 'disqus', bad);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/bad\.xml: line \d+: .*Nothing was imported\./);
    fs.writeFileSync(bad, full.replace('<name>Marta Wójcik</name>', '<name>&lol9; Marta</name>'));
    result = await cli(testDb!.url, 'disqus', bad);
    expect(result.stderr).toMatch(/bad\.xml: line 11\d: undefined entity\. Nothing was imported\./);
    result = await cli(testDb!.url, 'disqus', fixture('wxr-1.2.xml'));
    expect(result.stderr).toMatch(/line 9: this looks like a WordPress export/);
    expect(await disqusComments(d)).toEqual([]);

    result = await cli(testDb!.url, 'disqus', fixture('disqus.xml'));
    expect(result.code).toBe(0);
    expect(printedCounts(result.stdout)).toEqual({
      heading: 'Imported from disqus.xml',
      counts: { posts: 2, comments: 5, remarks: 0, pingbacks: 0, skipped: 2, unmatched: 1 },
    });
    expect(result.stdout).toContain('  unmatched  1  threads that name no post here');
    expect(result.stdout).toMatch(/line 31: https:\/\/harbour\.example\/2011\/06\/ferry-timetable-leak\/ "The ferry timetable leak" \(1 comments\)/);
    expect(result.stdout).toMatch(/Labelled \d+ comments/);
    expect(await disqusComments(d)).toHaveLength(5);
    // Four runs of the command, each a process of its own, and the classifier started in the last.
  }, 180_000);

  it('prints the same counts on a dry run ("Would import"), writing nothing, and a second run as skipped', async () => {
    const d = await siteWithPosts();
    const counts = { posts: 2, comments: 5, remarks: 0, pingbacks: 0, skipped: 2, unmatched: 1 };
    const dry = await cli(testDb!.url, 'disqus', fixture('disqus.xml'), '--dry-run');
    expect(dry.code).toBe(0);
    expect(printedCounts(dry.stdout)).toEqual({ heading: 'Would import from disqus.xml', counts });
    expect(dry.stdout).not.toMatch(/Labelled/);
    expect(await disqusComments(d)).toEqual([]);
    await importFile(d);
    const again = await cli(testDb!.url, 'disqus', fixture('disqus.xml'), '--no-label');
    expect(printedCounts(again.stdout)).toEqual({ heading: 'Imported from disqus.xml', counts: { ...counts, comments: 0, skipped: 7 } });
    expect(await disqusComments(d)).toHaveLength(5);
  }, 180_000);
});
