import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, withWriteTransaction, type Db } from '../../server/db/database.js';
import { migrateToLatest } from '../../server/db/migrator.js';
import { claimDueMessages, insertOutboxMessages } from '../../server/mail/outbox.repository.js';
import { createTestDatabase, TEST_ENGINE, type TestDatabase } from '../support/test-db.js';

// Several senders claiming from one outbox at once, each through its own connection pool as separate instances
// would (on SQLite, separate connections to one file): no message is claimed twice, none is left behind.

const MESSAGES = 300;
const SENDERS = 4;
const NOW = '2026-11-26T12:00:00.000Z';
const LEASE_UNTIL = '2026-11-26T12:02:00.000Z';

let testDb: TestDatabase;
let handles: Db[];
beforeEach(async () => {
  testDb = await createTestDatabase('claims');
  handles = Array.from({ length: SENDERS }, () => openDatabase(testDb.url, { poolSize: 3 }));
  await migrateToLatest(handles[0]!);
  await insertOutboxMessages(
    handles[0]!,
    Array.from({ length: MESSAGES }, (_, n) => ({
      recipient: `r${n}@example.test`,
      subject: `Message ${n}`,
      headers_json: '{}',
      body_text: 'text',
      body_html: '<p>text</p>',
      next_attempt_at: NOW,
      created_at: NOW,
    })),
  );
});
afterEach(async () => {
  await Promise.all(handles.map((h) => h.destroy()));
  await testDb.dispose();
});

describe(`outbox claims (${TEST_ENGINE})`, () => {
  it('gives every due message to exactly one of several senders claiming at once', async () => {
    const claimedBy = await Promise.all(
      handles.map(async (db) => {
        const ids: number[] = [];
        for (;;) {
          const batch = await withWriteTransaction(db, (tx) => claimDueMessages(tx, NOW, LEASE_UNTIL, 7));
          if (batch.length === 0) return ids;
          ids.push(...batch.map((m) => m.id));
        }
      }),
    );
    const all = claimedBy.flat();
    expect(all).toHaveLength(MESSAGES);
    expect(new Set(all).size).toBe(MESSAGES);
    const rows = await handles[0]!.selectFrom('mail_outbox').select(['attempts', 'claimed_until']).execute();
    expect(rows.every((r) => r.attempts === 1 && r.claimed_until === LEASE_UNTIL)).toBe(true);
  });

  it('hands a claim whose lease has lapsed (its sender died) to the next sender, and not before', async () => {
    const [first] = await withWriteTransaction(handles[0]!, (tx) => claimDueMessages(tx, NOW, LEASE_UNTIL, 1));
    expect(await withWriteTransaction(handles[1]!, (tx) => claimDueMessages(tx, '2026-11-26T12:01:59.999Z', LEASE_UNTIL, MESSAGES))).toHaveLength(MESSAGES - 1);
    const again = await withWriteTransaction(handles[1]!, (tx) => claimDueMessages(tx, LEASE_UNTIL, '2026-11-26T12:04:00.000Z', MESSAGES));
    expect(again.map((m) => [m.id, m.attempts])).toContainEqual([first!.id, 2]);
  });
});
