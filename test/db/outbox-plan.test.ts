import { CompiledQuery, type KyselyPlugin, type RootOperationNode } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../server/db/database.js';
import { migrateToLatest } from '../../server/db/migrator.js';
import { claimDueMessages, hasDueMessages, insertOutboxMessages } from '../../server/mail/outbox.repository.js';
import { createTestDatabase, TEST_ENGINE, type TestDatabase } from '../support/test-db.js';

// Without SMTP_URL every message waits in the outbox and the sender asks only for due webhook deliveries, on each
// comment POST's wake-up: that question must be answered from the deliveries' index, whatever the outbox holds.
// SQLite's plan is checked with no statistics (no ANALYZE), as a site's database has them.

const NOW = '2026-11-26T12:00:00.000Z';

/** Records the queries run through the handle it wraps, to be explained afterwards. */
function recorder(): { plugin: KyselyPlugin; nodes: RootOperationNode[] } {
  const nodes: RootOperationNode[] = [];
  return {
    nodes,
    plugin: {
      transformQuery: ({ node }) => (nodes.push(node), node),
      transformResult: async ({ result }) => result,
    },
  };
}

async function plansOf(db: Db, nodes: RootOperationNode[]): Promise<string[]> {
  const plans: string[] = [];
  for (const node of nodes) {
    const compiled = db.getExecutor().compileQuery(node, { queryId: 'plan' });
    const rows = await db.executeQuery<{ detail: string }>(CompiledQuery.raw(`EXPLAIN QUERY PLAN ${compiled.sql}`, [...compiled.parameters]));
    plans.push(rows.rows.map((r) => r.detail).join(' | '));
  }
  return plans;
}

let testDb: TestDatabase;
let db: Db;
beforeEach(async () => {
  testDb = await createTestDatabase('outbox-plan');
  db = openDatabase(testDb.url);
  await migrateToLatest(db);
  const mail = Array.from({ length: 2000 }, (_, n) => ({
    recipient: `r${n}@example.test`,
    subject: `Message ${n}`,
    headers_json: '{}',
    body_text: 'text',
    body_html: '<p>text</p>',
    next_attempt_at: NOW,
    created_at: NOW,
  }));
  for (let i = 0; i < mail.length; i += 500) await insertOutboxMessages(db, mail.slice(i, i + 500));
});
afterEach(async () => {
  await db.destroy();
  await testDb.dispose();
});

describe.skipIf(TEST_ENGINE !== 'sqlite')('the webhook-only sender on an outbox of waiting mail (sqlite)', () => {
  it('finds and claims due deliveries through the deliveries index, never by reading the waiting mail', async () => {
    const { plugin, nodes } = recorder();
    const spied = db.withPlugin(plugin);
    expect(await hasDueMessages(spied, NOW, true)).toBe(false);
    expect(await claimDueMessages(spied, NOW, NOW, 100, true)).toEqual([]);
    const plans = await plansOf(db, nodes);
    const outboxReads = plans.filter((p) => p.includes('mail_outbox'));
    expect(outboxReads.length).toBeGreaterThanOrEqual(2);
    for (const plan of outboxReads) {
      expect(plan).toContain('mail_outbox_webhook_idx');
      expect(plan).not.toContain('mail_outbox_due_idx');
      expect(plan).not.toMatch(/SCAN mail_outbox(?! USING)/);
    }
  });
});
