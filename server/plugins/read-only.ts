import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { readOnlyReason } from '../db/database.js';

/** What staff read at the top of every page (and on the sign-in page) while the database is read-only. */
export const READ_ONLY_NOTICE =
  'The database is read-only: pages are served, but nothing can be saved (comments, sign-ins, edits, moderation). ' +
  'The server log says why; make the database writable and restart Rejoinder.';

async function readOnlyPlugin(app: FastifyInstance): Promise<void> {
  if (readOnlyReason(app.db) === null) return;
  // The layout prints it only for signed-in staff and the sign-in page, so readers' cached pages stay as they are.
  app.addHook('onRequest', async (_request, reply) => {
    if (reply.locals) reply.locals.readOnlyNotice = READ_ONLY_NOTICE;
  });
}

export default fp(readOnlyPlugin, { name: 'read-only', dependencies: ['context', 'views'] });
