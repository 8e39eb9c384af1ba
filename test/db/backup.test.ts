import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import SQLite from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../server/db/database.js';
import { migrateToLatest } from '../../server/db/migrator.js';
import { backupSqlite } from '../../server/db/sqlite-backup.js';
import { createComment, createPost } from '../support/factories.js';

// The backup is SQLite's (PostgreSQL has pg_dump): these tests use a SQLite file on either run of the suite.

const run = promisify(execFile);
const SEEDED = 300;
let dir: string;
let file: string;
let db: Db;
let postId: number;

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rejoinder-backup-'));
  file = path.join(dir, 'site.db');
  db = openDatabase(file);
  await migrateToLatest(db);
  postId = (await createPost(db, { title: 'Backed up' })).id;
  // Far more than the 100 pages better-sqlite3 copies in its first steps, so writes land between steps.
  for (let i = 0; i < SEEDED; i++) await createComment(db, postId, { body: `Seeded comment ${i}: ${'words '.repeat(300)}` });
});
afterEach(async () => {
  await db.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Writes comments on the server's connection, one per turn of the event loop, until stopped; counts them. */
function keepWriting(): { written: () => number; stop: () => Promise<void> } {
  let written = 0;
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      await createComment(db, postId, { body: `Written during the backup ${written}` });
      written += 1;
      await new Promise((resolve) => setImmediate(resolve));
    }
  })();
  return {
    written: () => written,
    stop: async () => {
      stopped = true;
      await loop;
    },
  };
}

/** The copy's integrity check and its comment ids, which a consistent copy holds without a gap. */
function inspectCopy(copyFile: string): { integrity: string; ids: number[] } {
  const copy = new SQLite(copyFile, { readonly: true });
  try {
    const integrity = (copy.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check).join('; ');
    const ids = (copy.prepare('select id from comments order by id').all() as { id: number }[]).map((r) => r.id);
    return { integrity, ids };
  } finally {
    copy.close();
  }
}

describe('backupSqlite', () => {
  it('copies a database that is being written, and the copy opens, passes integrity_check and holds one moment of it', async () => {
    const writer = keepWriting();
    const copyFile = path.join(dir, 'copy.db');
    const before = writer.written();
    const result = await backupSqlite(file, copyFile);
    const during = writer.written() - before;
    await writer.stop();
    expect(during).toBeGreaterThan(0);
    expect(result.integrity).toBe('ok');
    const { integrity, ids } = inspectCopy(copyFile);
    expect(integrity).toBe('ok');
    expect(ids.length).toBeGreaterThanOrEqual(SEEDED + before);
    expect(ids.length).toBeLessThanOrEqual(SEEDED + writer.written());
    expect(ids).toEqual(Array.from({ length: ids.length }, (_, i) => ids[0]! + i));
  });

  it('never overwrites a file', async () => {
    const copyFile = path.join(dir, 'taken.db');
    fs.writeFileSync(copyFile, 'something else');
    await expect(backupSqlite(file, copyFile)).rejects.toThrow(/exists already/);
    expect(fs.readFileSync(copyFile, 'utf8')).toBe('something else');
  });
});

describe('npm run backup', () => {
  it('backs up the database of DATABASE_URL from another process while this one writes, and says the copy is sound', async () => {
    const writer = keepWriting();
    const copyFile = path.join(dir, 'cli-copy.db');
    const env = { PATH: process.env.PATH ?? '', DATABASE_URL: `sqlite:${file}` };
    const ok = await run(process.execPath, ['--import', 'tsx', 'server/cli/backup.ts', copyFile], { cwd: process.cwd(), env }).finally(() => writer.stop());
    expect(ok.stdout).toMatch(/Backed up .*site\.db to .*cli-copy\.db: \d+ pages, [\d.]+ MB, integrity_check ok\./);
    const { integrity, ids } = inspectCopy(copyFile);
    expect(integrity).toBe('ok');
    expect(ids.length).toBeGreaterThanOrEqual(SEEDED);

    const again = await run(process.execPath, ['--import', 'tsx', 'server/cli/backup.ts', copyFile], { cwd: process.cwd(), env }).then(
      () => ({ code: 0, stderr: '' }),
      (err: { code: number; stderr: string }) => err,
    );
    expect(again).toMatchObject({ code: 1, stderr: expect.stringContaining('exists already') });
    const postgres = await run(process.execPath, ['--import', 'tsx', 'server/cli/backup.ts', copyFile], {
      cwd: process.cwd(),
      env: { ...env, DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' },
    }).then(
      () => ({ code: 0, stderr: '' }),
      (err: { code: number; stderr: string }) => err,
    );
    expect(postgres).toMatchObject({ code: 2, stderr: expect.stringContaining('pg_dump') });
  }, 90_000); // three child processes that compile TypeScript at start
});
