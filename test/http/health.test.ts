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
  it('answers 200 ok when the database and the classifier thread answer, with the free space of the data folder', async () => {
    t = await createTestApp();
    const res = await request(t.app.server).get('/healthz').expect(200);
    expect(res.body).toMatchObject({ status: 'ok', database: 'ok', classifier: 'ok' });
    // On PostgreSQL the database's disk is not this machine's, and is not reported.
    if (t.config.databaseUrl.startsWith('postgres')) expect(res.body).toMatchObject({ disk: 'not local', disk_free_mb: null });
    else expect(res.body.disk_free_mb).toBeGreaterThan(0);
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('stays 200 but says degraded when the data folder has less room than MIN_FREE_DISK_MB', async () => {
    t = await createTestApp({ MIN_FREE_DISK_MB: '1000000' });
    const res = await request(t.app.server).get('/healthz').expect(200);
    if (t.config.databaseUrl.startsWith('postgres')) expect(res.body.status).toBe('ok');
    else expect(res.body).toMatchObject({ status: 'degraded', disk: 'low' });
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
