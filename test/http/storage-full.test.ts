import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { openDatabase, type Db } from '../../server/db/database.js';
import { migrateToLatest } from '../../server/db/migrator.js';
import { TEST_NOW } from '../support/app.js';
import { fetchCsrfToken } from '../support/auth.js';
import { createPost, formBody } from '../support/factories.js';
import { createTestDatabase, TEST_ENGINE, type TestDatabase } from '../support/test-db.js';

// A commenter on a full disk (SQLITE_FULL for real: PRAGMA max_page_count caps the file at its size,
// see test/db/storage-full.test.ts) gets the page again with their text and a plain message, and the
// log says SQLITE_FULL, not whatever failed after it.

let testDb: TestDatabase;
let db: Db;
let app: FastifyInstance;
let log: string;

beforeEach(async () => {
  testDb = await createTestDatabase('full');
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: testDb.url, LOG_LEVEL: 'error', SECRET: 'test-secret-0123456789abcdef' });
  db = openDatabase(config.databaseUrl);
  await migrateToLatest(db);
  log = '';
  app = await buildApp(config, { db, clock: () => TEST_NOW, logStream: { write: (line) => void (log += line) } });
  await app.ready();
});
afterEach(async () => {
  await app.close();
  await db.destroy();
  await testDb.dispose();
});

describe.skipIf(TEST_ENGINE === 'postgres')('a comment posted when the disk is full', () => {
  it('comes back in the form with its text, a 507 and a plain message; the log names SQLITE_FULL', async () => {
    const post = await createPost(db, { title: 'Debate' });
    const agent = request.agent(app.server);
    const csrf = await fetchCsrfToken(agent, `/posts/${post.slug}`);
    const { rows } = await sql<{ page_count: number }>`pragma page_count`.execute(db);
    await sql.raw(`pragma max_page_count = ${rows[0]!.page_count}`).execute(db);
    const body = 'A long answer that will not fit. '.repeat(1500).trim();
    const fields = { _csrf: csrf, author_name: 'Rosa Lind', author_email: 'rosa@example.test', author_url: '', body, parent_id: '', stance: '' };

    const res = await agent.post(`/posts/${post.slug}/comments`).type('form').send(formBody(fields));
    expect(res.status).toBe(507);
    expect(res.text).toContain(`>${body}</textarea>`);
    expect(res.text).toContain('value="Rosa Lind"');
    expect(res.text).toContain('the site has run out of storage space');
    expect(log).toContain('SQLITE_FULL');
    expect(log).not.toContain('cannot rollback');
    expect(await db.selectFrom('comments').select('id').execute()).toEqual([]);

    // Room again: the same form, sent again, is stored.
    await sql.raw('pragma max_page_count = 1073741823').execute(db);
    expect((await agent.post(`/posts/${post.slug}/comments`).type('form').send(formBody(fields))).status).toBe(303);
  });

  it('leaves pages and the API served as before', async () => {
    const post = await createPost(db);
    const { rows } = await sql<{ page_count: number }>`pragma page_count`.execute(db);
    await sql.raw(`pragma max_page_count = ${rows[0]!.page_count}`).execute(db);
    expect((await request(app.server).get(`/posts/${post.slug}`)).status).toBe(200);
    expect((await request(app.server).get(`/api/posts/${post.slug}`)).status).toBe(200);
  });
});
