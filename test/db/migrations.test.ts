import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../server/db/database.js';
import { migrateAllDown, migrateToLatest } from '../../server/db/migrator.js';
import { createComment, createPost } from '../support/factories.js';

let db: Db | undefined;
let dir: string | undefined;
afterEach(async () => {
  await db?.destroy();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

function freshDb(): Db {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rejoinder-mig-'));
  db = openDatabase(path.join(dir, 'm.db'));
  return db;
}

async function tableNames(d: Db): Promise<string[]> {
  const tables = await d.introspection.getTables();
  return tables.map((t) => t.name).sort();
}

describe('migrations', () => {
  it('go up to latest and all the way down, twice', async () => {
    const d = freshDb();
    for (let round = 0; round < 2; round++) {
      await migrateToLatest(d);
      expect(await tableNames(d)).toEqual(['comments', 'group_remarks', 'posts', 'stance_labels', 'users']);
      await migrateAllDown(d);
      expect(await tableNames(d)).toEqual([]);
    }
  });

  it('open SQLite in WAL mode with foreign keys and a busy timeout', async () => {
    const d = freshDb();
    const pragma = async (name: string) => (await sql.raw(`pragma ${name}`).execute(d)).rows[0] as Record<string, unknown>;
    expect(Object.values(await pragma('journal_mode'))[0]).toBe('wal');
    expect(Object.values(await pragma('foreign_keys'))[0]).toBe(1);
    expect(Object.values(await pragma('synchronous'))[0]).toBe(2);
    expect(Number(Object.values(await pragma('busy_timeout'))[0])).toBeGreaterThan(0);
  });

  it('enforce the constraints the app relies on', async () => {
    const d = freshDb();
    await migrateToLatest(d);
    const post = await createPost(d);
    const comment = await createComment(d, post.id);
    await expect(createComment(d, 999_999)).rejects.toThrow(/FOREIGN KEY/);
    await expect(createComment(d, post.id, { parentId: 999_999 })).rejects.toThrow(/FOREIGN KEY/);
    await expect(createComment(d, post.id, { status: 'bogus' as 'approved' })).rejects.toThrow(/CHECK/);
    await expect(
      d.insertInto('stance_labels').values({ comment_id: comment, remark_id: null, label: 'pro', source: 'auto', confidence: 2, cues: '[]', created_by: null, created_at: 'x' }).execute(),
    ).rejects.toThrow(/CHECK/);
    await expect(
      d.insertInto('stance_labels').values({ comment_id: null, remark_id: null, label: 'pro', source: 'auto', confidence: 0.5, cues: '[]', created_by: null, created_at: 'x' }).execute(),
    ).rejects.toThrow(/CHECK/);
  });
});
