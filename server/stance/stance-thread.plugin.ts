import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { isPostgres } from '../db/database.js';
import { StanceThread } from './stance-thread.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The classifier's worker thread, or null where comments are classified inline. */
    stanceThread: StanceThread | null;
  }
}

// Only a SQLite file can be opened by a second connection in this process; on PostgreSQL the
// way to more throughput is more instances.
async function stanceThreadPlugin(app: FastifyInstance): Promise<void> {
  const usable = app.config.stanceThread && !isPostgres(app.db) && !app.config.databaseUrl.includes(':memory:');
  const thread = usable ? new StanceThread(app.config.databaseUrl) : null;
  app.decorate('stanceThread', thread);
  if (thread) app.addHook('onClose', async () => thread.close());
}

export default fp(stanceThreadPlugin, { name: 'stance-thread', dependencies: ['context'] });
