import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, TEST_ENGINE, type TestDatabase } from '../support/test-db.js';

const run = promisify(execFile);
let testDb: TestDatabase | undefined;
afterEach(async () => {
  await testDb?.dispose();
  testDb = undefined;
});

async function cli(script: string, databaseUrl: string): Promise<string> {
  const env = { PATH: process.env.PATH ?? '', DATABASE_URL: databaseUrl };
  return (await run(process.execPath, ['--import', 'tsx', `server/cli/${script}.ts`], { cwd: process.cwd(), env })).stdout;
}

describe(`npm run db:migrate and db:rollback on ${TEST_ENGINE}`, () => {
  it('migrates a new database, then has nothing to do; rollback undoes the newest migration, and migrate applies it again', async () => {
    testDb = await createTestDatabase('migrate-cli');
    const migrations = fs
      .readdirSync('migrations')
      .filter((f) => /^\d{14}_.*\.ts$/.test(f))
      .sort();
    const newest = migrations.at(-1)!.replace(/\.ts$/, '');
    expect(await cli('db-migrate', testDb.url)).toContain(`${migrations.length} migration(s) applied.`);
    expect(await cli('db-migrate', testDb.url)).toContain('The database is up to date.');
    expect(await cli('db-rollback', testDb.url)).toContain(`rolled back: ${newest}`);
    const again = await cli('db-migrate', testDb.url);
    expect(again).toContain(`applied: ${newest}`);
    expect(again).toContain('1 migration(s) applied.');
  }, 120_000); // four child processes that compile TypeScript at start
});
