import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../server/db/database.js';
import { copyDatabase, CopyRefused } from '../../server/db/db-copy.js';
import { listTables, orderByForeignKeys } from '../../server/db/db-tables.js';
import { migrateToLatest } from '../../server/db/migrator.js';
import { createComment, createPost, createRemarks } from '../support/factories.js';
import { createTestDatabase, TEST_ENGINE, type TestDatabase } from '../support/test-db.js';

// The source is always a SQLite file; the target is the suite's engine: SQLite to PostgreSQL when
// TEST_DATABASE_URL is set (the move the command exists for), SQLite to SQLite otherwise.

const run = promisify(execFile);
let opened: Db[] = [];
let targetDb: TestDatabase | undefined;
afterEach(async () => {
  for (const db of opened) await db.destroy();
  opened = [];
  await targetDb?.dispose();
  targetDb = undefined;
});

async function sourceAndTarget(): Promise<{ source: Db; target: Db; sourceUrl: string; targetUrl: string }> {
  targetDb = await createTestDatabase('copy');
  const sourceUrl = `sqlite:${path.join(targetDb.dir, 'source.db')}`;
  const source = openDatabase(sourceUrl);
  const target = openDatabase(targetDb.url);
  opened.push(source, target);
  await migrateToLatest(source);
  return { source, target, sourceUrl, targetUrl: targetDb.url };
}

/** A small site with a reply chain, a gap in the ids, remarks, float-valued labels and a learned model. */
async function seedSource(db: Db): Promise<void> {
  const post = await createPost(db, { title: 'Copied post' });
  const top = await createComment(db, post.id, { body: 'Top' });
  const gone = await createComment(db, post.id, { body: 'Deleted later' });
  const reply = await createComment(db, post.id, { parentId: top, depth: 1, body: 'Reply 😀' });
  await createComment(db, post.id, { parentId: reply, depth: 2, body: 'Deeper', status: 'pending' });
  await db.deleteFrom('comments').where('id', '=', gone).execute();
  const [remark] = await createRemarks(db, top, [{ author: 'Jo Park', headline: 'CEO', body: 'A remark' }]);
  await db
    .insertInto('stance_labels')
    .values([
      {
        comment_id: top,
        remark_id: null,
        label: 'pro',
        source: 'auto',
        confidence: 0.7,
        cues: '["agrees"]',
        created_by: null,
        created_at: '2026-11-26T12:00:00.000Z',
      },
      {
        comment_id: null,
        remark_id: remark!,
        label: 'against',
        source: 'self',
        confidence: 0.123456789,
        cues: '[]',
        created_by: null,
        created_at: '2026-11-26T12:00:01.000Z',
      },
    ])
    .execute();
  await db.insertInto('stance_models').values({ scope: 'site', model_json: '{"w":[0.1,0.2]}', version: 3, updated_at: '2026-11-26T12:00:00.000Z' }).execute();
}

/** Every row of every table, in key order: what "intact" means. */
async function dump(db: Db): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of await listTables(db)) {
    const order = sql.join((table.primaryKey.length > 0 ? table.primaryKey : table.columns).map((c) => sql.ref(c)));
    out[table.name] = (await sql`select * from ${sql.table(table.name)} order by ${order}`.execute(db)).rows;
  }
  return out;
}

describe(`db:copy from SQLite to ${TEST_ENGINE}`, () => {
  it('copies every table with every row and id, and the next insert continues after the largest id', async () => {
    const { source, target } = await sourceAndTarget();
    await seedSource(source);
    const counts = await copyDatabase(source, target, { batchRows: 2 });
    expect(counts.every((c) => c.source === c.target)).toBe(true);
    expect(counts.find((c) => c.table === 'comments')).toEqual({ table: 'comments', source: 3, target: 3 });
    expect(counts.map((c) => c.table).sort()).toEqual((await listTables(source)).map((t) => t.name).sort());
    expect(await dump(target)).toEqual(await dump(source));
    const maxId = (
      await source
        .selectFrom('comments')
        .select((eb) => eb.fn.max('id').as('m'))
        .executeTakeFirstOrThrow()
    ).m;
    const post = await target.selectFrom('posts').select('id').executeTakeFirstOrThrow();
    expect(await createComment(target, post.id)).toBe(Number(maxId) + 1);
  });

  it('refuses a target that has rows, and replaces them with force', async () => {
    const { source, target } = await sourceAndTarget();
    await seedSource(source);
    await copyDatabase(source, target);
    await createComment(target, (await target.selectFrom('posts').select('id').executeTakeFirstOrThrow()).id, { body: 'Only on the target' });
    await expect(copyDatabase(source, target)).rejects.toThrow(CopyRefused);
    await expect(copyDatabase(source, target)).rejects.toThrow(/--force/);
    await copyDatabase(source, target, { force: true });
    expect(await dump(target)).toEqual(await dump(source));
  });

  it('refuses a source that is not a migrated Rejoinder database', async () => {
    targetDb = await createTestDatabase('copy');
    const empty = openDatabase(`sqlite:${path.join(targetDb.dir, 'empty.db')}`);
    const target = openDatabase(targetDb.url);
    opened.push(empty, target);
    await expect(copyDatabase(empty, target)).rejects.toThrow(/no Rejoinder migrations/);
  });

  it('runs as npm run db:copy: prints the counts, exits 0, then 1 on a non-empty target', async () => {
    const { source, sourceUrl, targetUrl } = await sourceAndTarget();
    await seedSource(source);
    const cli = ['--import', 'tsx', 'server/cli/db-copy.ts', '--from', sourceUrl, '--to', targetUrl];
    const ok = await run(process.execPath, cli, { cwd: process.cwd() });
    expect(ok.stdout).toMatch(/^comments\s+3\s+3\s+ok$/m);
    expect(ok.stdout).toContain('every count equal');
    const refused = await run(process.execPath, cli, { cwd: process.cwd() }).then(
      () => ({ code: 0, stderr: '' }),
      (err: { code: number; stderr: string }) => err,
    );
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('Pass --force');
  }, 90_000); // two child processes that compile TypeScript at start
});

describe('orderByForeignKeys', () => {
  it.each([
    [
      'parents before children',
      ['comments', 'posts', 'users'],
      [
        ['comments', 'posts'],
        ['posts', 'users'],
      ],
      ['users', 'posts', 'comments'],
    ],
    [
      'a self-reference is no cycle',
      ['comments', 'posts'],
      [
        ['comments', 'comments'],
        ['comments', 'posts'],
      ],
      ['posts', 'comments'],
    ],
    ['unrelated tables by name', ['b', 'a'], [], ['a', 'b']],
  ])('%s', (_name, tables, edges, expected) => {
    expect(
      orderByForeignKeys(
        tables,
        edges.map(([from, to]) => ({ from: from!, to: to! })),
      ),
    ).toEqual(expected);
  });

  it('throws on a cycle between tables', () => {
    expect(() =>
      orderByForeignKeys(
        ['a', 'b'],
        [
          { from: 'a', to: 'b' },
          { from: 'b', to: 'a' },
        ],
      ),
    ).toThrow(/cycle/);
  });
});
