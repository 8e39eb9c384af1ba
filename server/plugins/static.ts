import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import fp from 'fastify-plugin';

/** Where the files under /static/ are. */
export const STATIC_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../static');

async function staticPlugin(app: FastifyInstance): Promise<void> {
  await app.register(fastifyStatic, { root: STATIC_DIR, prefix: '/static/', maxAge: '1h' });
}

export default fp(staticPlugin, { name: 'static' });
