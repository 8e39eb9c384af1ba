// The mail rows: comment POSTs with both notification boxes ticked against the plain POSTs of the same run (the two
// measured in turns: measureInterleaved), and the outbox draining 1,000 messages to a local SMTP server (smtp-server)
// through the app's own sender and transport, in-process on the engine's database. Run the drain alone: npx tsx bench/mail.ts [--db postgres]
import { parseArgs } from 'node:util';
import { SMTPServer } from 'smtp-server';
import { openDatabase } from '../server/db/database.js';
import { migrateToLatest } from '../server/db/migrator.js';
import { sendDueMessages } from '../server/mail/outbox-sender.service.js';
import { insertOutboxMessages } from '../server/mail/outbox.repository.js';
import { createSmtpTransport } from '../server/mail/smtp-transport.js';
import { createBenchStore, type BenchEngine, type BenchStore } from './bench-db.js';

const MESSAGES = 1000;
/** The targets: the outbox drains 1,000 messages within 10 s; ticked boxes keep 90 % of the POST rate. */
const DRAIN_TARGET_MS = 10_000;
const NOTIFY_SHARE_TARGET = 0.9;
const LEASE_SECONDS = 120;

/** The same POSTs with "email me replies" and "email me new comments on this post" both ticked. */
export function withNotifyBoxes<R extends { body: string }>(poster: () => R): () => R {
  return () => {
    const request = poster();
    return { ...request, body: `${request.body}&notify_replies=1&notify_post=1` };
  };
}

/** The ticked-boxes row against the plain POST row, with its verdict. */
export function describeNotifyShare(plainRps: number, notifyRps: number): string {
  const share = plainRps > 0 ? notifyRps / plainRps : 0;
  const verdict = share >= NOTIFY_SHARE_TARGET ? 'PASS ' : 'SHORT';
  return `  ${verdict} post-comment-notify (both mail boxes ticked) >= ${NOTIFY_SHARE_TARGET * 100} % of post-comment: ${notifyRps.toFixed(1)} vs ${plainRps.toFixed(1)} req/s = ${(share * 100).toFixed(1)} %`;
}

/** Queues 1,000 messages in a fresh database of the store and times the sender until the SMTP server has them all. */
export async function benchOutboxDrain(store: BenchStore): Promise<string> {
  let accepted = 0;
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    disableReverseLookup: true,
    onData(stream, _session, callback) {
      stream.on('data', () => {});
      stream.on('end', () => {
        accepted += 1;
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()));
  const address = smtp.server.address();
  const transport = createSmtpTransport(`smtp://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`, 'Bench <bench@example.com>');
  const db = openDatabase(await store.createDatabase('outbox'));
  try {
    await migrateToLatest(db);
    const at = new Date().toISOString();
    const body = 'A reply to your comment.\n\n'.repeat(20);
    await insertOutboxMessages(
      db,
      Array.from({ length: MESSAGES }, (_, n) => ({
        recipient: `reader-${n}@example.com`,
        subject: `Reply ${n}`,
        headers_json: JSON.stringify({ 'Message-ID': `<bench-${n}@example.com>` }),
        body_text: body,
        body_html: `<p>${body}</p>`,
        next_attempt_at: at,
        created_at: at,
      })),
    );
    const started = performance.now();
    while ((await sendDueMessages(db, transport, { now: () => new Date(), leaseSeconds: LEASE_SECONDS })) > 0);
    const ms = performance.now() - started;
    const sent = await db.selectFrom('mail_outbox').select('id').where('status', '=', 'sent').execute();
    const verdict = ms < DRAIN_TARGET_MS && sent.length === MESSAGES && accepted === MESSAGES ? 'PASS ' : 'SHORT';
    return `  ${verdict} outbox-drain-1000 (to a local SMTP server) < ${DRAIN_TARGET_MS / 1000} s: ${(ms / 1000).toFixed(2)} s (${Math.round((MESSAGES * 1000) / ms)} messages/s), ${sent.length} marked sent, ${accepted} accepted`;
  } finally {
    transport.close();
    await db.destroy();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { db: { type: 'string', default: 'sqlite' } } });
  const store = createBenchStore(values.db as BenchEngine);
  try {
    console.log(await benchOutboxDrain(store));
  } finally {
    await store.dispose();
  }
}
