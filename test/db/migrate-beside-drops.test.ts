import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/database.js';
import { migrateToLatest } from '../../server/db/migrator.js';
import { TEST_DATABASE_URL, createTestDatabase } from '../support/test-db.js';

// Other processes create and drop their own schemas all the time (every PostgreSQL test does); migrating one
// schema must not fail because another vanished while Kysely was looking for its tables.
describe.skipIf(!TEST_DATABASE_URL)('migrating while other schemas come and go (PostgreSQL)', () => {
  const churn = new pg.Client({ connectionString: TEST_DATABASE_URL });
  afterAll(() => churn.end());

  it('migrates every time', async () => {
    await churn.connect();
    let stop = false;
    const churning = (async () => {
      for (let i = 0; !stop; i++) {
        await churn.query(`create schema churn_${process.pid}_${i}; create table churn_${process.pid}_${i}.t (id int)`);
        await churn.query(`drop schema churn_${process.pid}_${i} cascade`);
      }
    })();
    try {
      for (let round = 0; round < 8; round++) {
        const testDb = await createTestDatabase('churn');
        const db = openDatabase(testDb.url, { poolSize: 2 });
        try {
          await expect(migrateToLatest(db)).resolves.toBeDefined();
        } finally {
          await db.destroy();
          await testDb.dispose();
        }
      }
    } finally {
      stop = true;
      await churning;
    }
  });
});
