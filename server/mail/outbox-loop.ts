// The background sender: passes over the outbox until stopped, pausing when nothing was due.
import type { Db } from '../db/database.js';
import { sendDueMessages, type SendOptions } from './outbox-sender.service.js';
import type { MailTransport } from './smtp-transport.js';

export interface OutboxLoop {
  /** Cuts the current pause short: a message was just queued. */
  wake(): void;
  /** Finishes the pass under way, then stops; resolves once nothing more is sent. */
  stop(): Promise<void>;
}

/** Starts sending from the outbox; errors of a pass (the database away, say) are logged and the loop goes on. */
export function startOutboxLoop(
  db: Db,
  transport: MailTransport | null,
  options: SendOptions & { pollMs: number; onError: (err: unknown) => void },
): OutboxLoop {
  let stopped = false;
  let cutPause: (() => void) | null = null;
  const pause = () =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, options.pollMs);
      cutPause = () => {
        clearTimeout(timer);
        resolve();
      };
    }).finally(() => (cutPause = null));

  const running = (async () => {
    while (!stopped) {
      let attempted = 0;
      try {
        attempted = await sendDueMessages(db, transport, options);
      } catch (err) {
        options.onError(err);
      }
      if (attempted === 0 && !stopped) await pause();
    }
  })();

  return {
    wake: () => cutPause?.(),
    async stop() {
      stopped = true;
      cutPause?.();
      await running;
    },
  };
}
