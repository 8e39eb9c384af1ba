// The Disqus importer on an export too big to want in memory: generated here, with every thread first, the
// comments of all threads interleaved after them and each reply listed before the comment it answers (the
// order that forces a two-pass import). The streaming is checked by structure: the reader is drained and every
// comment is in the staging table before the first thread is stored, and each stored thread leaves it.
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../server/db/database.js';
import { migrateToLatest } from '../../server/db/migrator.js';
import { importDisqus } from '../../server/import/disqus-import.service.js';
import { readDisqus } from '../../server/import/disqus-reader.js';
import { createPost } from '../support/factories.js';
import { createTestDatabase, type TestDatabase } from '../support/test-db.js';

const NOW = new Date('2026-11-26T12:00:00.000Z');
const THREADS = 12;
const PER_THREAD = 150;

let testDb: TestDatabase | undefined;
let db: Db | undefined;
afterEach(async () => {
  await db?.destroy();
  db = undefined;
  await testDb?.dispose();
  testDb = undefined;
});

/** Comment n of thread t answers comment floor((n-1)/2) of the same thread (a binary tree); n = 0 starts it. */
const parentOf = (n: number) => (n === 0 ? null : Math.floor((n - 1) / 2));
const postId = (t: number, n: number) => String(100000 + t * 1000 + n);

/** The export as chunks, written as it is read: one extra thread names no post here, and two comments name a thread that is not in the file. */
async function* generatedExport(slugs: readonly string[], drained: { done: boolean }): AsyncGenerator<string> {
  yield '<?xml version="1.0" encoding="utf-8"?>\n<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">\n';
  const links = [...slugs.map((s) => `https://blog.example/posts/${s}`), 'https://elsewhere.example/gone/'];
  for (const [t, link] of links.entries())
    yield `<thread dsq:id="${t + 1}"><link>${link}</link><title>Thread ${t} &amp; co</title><createdAt>2015-01-01T00:00:00Z</createdAt><isDeleted>false</isDeleted></thread>\n`;
  // Newest first within each thread, the threads interleaved: every reply comes before its parent.
  for (let n = PER_THREAD - 1; n >= 0; n--)
    for (let t = 0; t < links.length; t++) {
      const parent = parentOf(n);
      const minute = String(n % 60).padStart(2, '0');
      const hour = String(Math.floor(n / 60)).padStart(2, '0');
      yield (
        `<post dsq:id="${postId(t, n)}"><message><![CDATA[<p>Comment ${n} on thread ${t}: Ünïcode & <b>tags</b></p>]]></message>` +
        `<createdAt>2015-01-02T${hour}:${minute}:00Z</createdAt><isDeleted>false</isDeleted><isSpam>false</isSpam>` +
        `<author><name>Writer ${n % 7}</name><email>writer${n % 7}@example.org</email></author>` +
        `<thread dsq:id="${t + 1}"/>${parent === null ? '' : `<parent dsq:id="${postId(t, parent)}"/>`}</post>\n`
      );
    }
  yield '<post dsq:id="999001"><message>lost</message><thread dsq:id="4242"/></post>\n<post dsq:id="999002"><message>lost too</message><thread dsq:id="4242"/></post>\n';
  yield '</disqus>\n';
  drained.done = true;
}

const stagedCount = async (d: Db) =>
  Number(
    (
      await d
        .selectFrom('import_staging')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('importDisqus on a generated export', () => {
  it('stages every comment before storing any thread, stores each thread with its tree whatever the order, and adds nothing the second time', async () => {
    testDb = await createTestDatabase('disqus-big');
    db = openDatabase(testDb.url);
    await migrateToLatest(db);
    const d = db;
    const posts = [];
    for (let t = 0; t < THREADS; t++) posts.push(await createPost(d, { slug: `big-thread-${t}` }));
    const drained = { done: false };
    const seen: { done: number; total: number; drained: boolean; staged: number; comments: number }[] = [];
    const onThread = async (done: number, total: number) => {
      const comments = Number(
        (
          await d
            .selectFrom('comments')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
      seen.push({ done, total, drained: drained.done, staged: await stagedCount(d), comments });
    };
    const result = await importDisqus(
      d,
      readDisqus(
        generatedExport(
          posts.map((p) => p.slug),
          drained,
        ),
      ),
      { dryRun: false, now: NOW },
      onThread,
    );

    expect(result.counts).toEqual({ threads: THREADS, comments: THREADS * PER_THREAD, skipped: 2, unmatched: 1 });
    expect(result.unmatched).toEqual([expect.objectContaining({ link: 'https://elsewhere.example/gone/', comments: PER_THREAD })]);
    expect(result.problems).toEqual([expect.stringMatching(/: 2 comments name thread 4242, which the export does not hold; left out$/)]);
    // The whole file was read before the first thread was stored; thread by thread, the staged comments go.
    expect(seen[0]).toMatchObject({ done: 1, total: THREADS + 1, drained: true });
    expect(seen.map((s) => s.done)).toEqual(Array.from({ length: THREADS + 1 }, (_, i) => i + 1));
    for (const s of seen) expect(s.comments).toBe(Math.min(s.done, THREADS) * PER_THREAD);
    expect(seen[0]!.staged).toBeGreaterThanOrEqual(THREADS * PER_THREAD);
    for (let i = 1; i < seen.length; i++) expect(seen[i]!.staged).toBe(seen[i - 1]!.staged - PER_THREAD);
    expect(await stagedCount(d)).toBe(0);

    const rows = await d
      .selectFrom('comments')
      .innerJoin('import_keys', (j) => j.onRef('import_keys.target_id', '=', 'comments.id').on('import_keys.kind', '=', 'comment'))
      .select(['comments.id', 'comments.post_id', 'comments.parent_id', 'comments.depth', 'import_keys.source_key'])
      .execute();
    const bySource = new Map(rows.map((r) => [r.source_key, r]));
    const idOf = new Map(rows.map((r) => [r.source_key, r.id]));
    for (const [t, post] of posts.entries())
      for (let n = 0; n < PER_THREAD; n++) {
        const row = bySource.get(postId(t, n))!;
        const parent = parentOf(n);
        expect(row.post_id).toBe(post.id);
        expect(row.parent_id).toBe(parent === null ? null : idOf.get(postId(t, parent)));
        // Stored parents first: a reply's id is above its parent's.
        if (parent !== null) expect(row.id).toBeGreaterThan(idOf.get(postId(t, parent))!);
        expect(row.depth).toBe(Math.floor(Math.log2(n + 1)));
      }

    const again = await importDisqus(
      d,
      readDisqus(
        generatedExport(
          posts.map((p) => p.slug),
          { done: false },
        ),
      ),
      { dryRun: false, now: NOW },
    );
    expect(again.counts).toEqual({ threads: THREADS, comments: 0, skipped: 2 + THREADS * PER_THREAD, unmatched: 1 });
    expect(await stagedCount(d)).toBe(0);
    // 1,800 comments stored one by one, then the file read again: longer than the default timeout on a loaded machine.
  }, 120_000);

  it('clears what a killed run staged a day before, and leaves a run of today alone', async () => {
    testDb = await createTestDatabase('disqus-stale');
    db = openDatabase(testDb.url);
    await migrateToLatest(db);
    const staged = (run: string, at: string) => ({
      run_key: run,
      kind: 'post' as const,
      source_key: '1',
      group_key: '1',
      line: 1,
      payload: '{}',
      created_at: at,
    });
    await db
      .insertInto('import_staging')
      .values([staged('killed', '2026-11-25T11:00:00.000Z'), staged('running', '2026-11-26T11:00:00.000Z')])
      .execute();
    await importDisqus(db, readDisqus(generatedExport([], { done: false })), { dryRun: true, now: NOW });
    expect(await db.selectFrom('import_staging').select('run_key').execute()).toEqual([{ run_key: 'running' }]);
  });
});
