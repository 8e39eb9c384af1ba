// The outbox as one plugin: a background loop sends it (mail with SMTP_URL, webhooks always), stopped cleanly when
// the app closes. Without SMTP_URL (a fresh machine), mail stays queued and admins read it at /staff/outbox.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { readOnlyReason } from '../db/database.js';
import { startOutboxLoop, type OutboxLoop } from './outbox-loop.js';
import { createSmtpTransport } from './smtp-transport.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Tells the sender a message was queued, so it need not wait for its next look. */
    wakeOutbox(): void;
  }
}

async function mailPlugin(app: FastifyInstance): Promise<void> {
  let loop: OutboxLoop | null = null;
  app.decorate('wakeOutbox', () => loop?.wake());
  if (readOnlyReason(app.db) !== null) return;
  // Without SMTP_URL the loop still runs, for webhook deliveries only; mail waits in the outbox.
  const transport = app.config.smtpUrl === '' ? null : createSmtpTransport(app.config.smtpUrl, app.config.mailFrom);
  app.addHook('onReady', async () => {
    loop = startOutboxLoop(app.db, transport, {
      now: app.clock,
      leaseSeconds: app.config.mailLeaseSeconds,
      pollMs: app.config.mailPollMs,
      onError: (err) => app.log.error({ err }, 'outbox: a sending pass failed'),
    });
  });
  app.addHook('onClose', async () => {
    await loop?.stop();
    loop = null;
    transport?.close();
  });
}

export default fp(mailPlugin, { name: 'mail', dependencies: ['context'] });
