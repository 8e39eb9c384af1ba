import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
    db: Db;
    /** The time now; injected so that tests can pin it. */
    clock: () => Date;
  }
}

export interface ContextOptions {
  config: Config;
  db: Db;
  clock: () => Date;
}

async function contextPlugin(app: FastifyInstance, options: ContextOptions): Promise<void> {
  app.decorate('config', options.config);
  app.decorate('db', options.db);
  app.decorate('clock', options.clock);
}

export default fp(contextPlugin, { name: 'context' });
