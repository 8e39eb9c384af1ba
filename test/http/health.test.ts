import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { openDatabase } from '../../server/db/database.js';
import { createTestApp, type TestContext } from '../support/app.js';

let t: TestContext | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe('GET /healthz', () => {
  it('answers 200 ok when the database answers', async () => {
    t = await createTestApp();
    const res = await request(t.app.server).get('/healthz').expect(200);
    expect(res.body).toEqual({ status: 'ok' });
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('answers 503 when the database cannot be reached', async () => {
    // Port 1 on localhost refuses at once: a PostgreSQL that is down, whatever engine the suite runs on.
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' });
    const db = openDatabase(config.databaseUrl, { poolSize: 1 });
    const app = await buildApp(config, { db });
    await app.ready();
    try {
      const res = await request(app.server).get('/healthz').expect(503);
      expect(res.body).toEqual({ status: 'unavailable', reason: 'database' });
    } finally {
      await app.close();
      await db.destroy();
    }
  });
});
