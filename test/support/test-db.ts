import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

/** When set (postgres://...), every test database is a fresh schema in this PostgreSQL database. */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || undefined;
/** Which engine this run of the suite exercises. */
export const TEST_ENGINE: 'sqlite' | 'postgres' = TEST_DATABASE_URL ? 'postgres' : 'sqlite';

export interface TestDatabase {
  /** A DATABASE_URL for openDatabase or a server process. */
  url: string;
  /** A temp directory that goes away with the database. */
  dir: string;
  dispose: () => Promise<void>;
}

/** Runs statements on the PostgreSQL server behind TEST_DATABASE_URL, outside any test schema. */
async function onServer(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, options: '-c synchronous_commit=off' });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/**
 * The same URL with every connection's search_path set to one schema (pg passes ?options to the
 * server). Test data need not survive a crash, so commits skip the wait for the disk: it halves setup.
 */
export function urlWithSchema(url: string, schema: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set('options', `-c search_path=${schema} -c synchronous_commit=off`);
  return parsed.toString();
}

/**
 * A fresh, empty database for one test: a temp SQLite file, or, when TEST_DATABASE_URL is set,
 * a new schema t_<random> that only this test's connections see; dispose() drops it.
 */
export async function createTestDatabase(name = 'test'): Promise<TestDatabase> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `rejoinder-${name}-`));
  const removeDir = () => fs.rmSync(dir, { recursive: true, force: true });
  if (!TEST_DATABASE_URL) return { url: path.join(dir, `${name}.db`), dir, dispose: async () => removeDir() };
  const serverUrl = TEST_DATABASE_URL;
  const schema = `t_${crypto.randomBytes(8).toString('hex')}`;
  await onServer(serverUrl, `create schema ${schema}`);
  return {
    url: urlWithSchema(serverUrl, schema),
    dir,
    dispose: async () => {
      await onServer(serverUrl, `drop schema if exists ${schema} cascade`);
      removeDir();
    },
  };
}
