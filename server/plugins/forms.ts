import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { parseUrlEncoded } from '../shared/urlencoded.js';

/** Bigger than any field limit, so an over-long comment gets a 422 next to the field, not a 413. */
export const FORM_BODY_LIMIT_BYTES = 1024 * 1024;

async function formsPlugin(app: FastifyInstance): Promise<void> {
  // Every write here is an HTML form; any other body type is refused with 415 before a route sees it.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'buffer', bodyLimit: FORM_BODY_LIMIT_BYTES }, (_request, body, done) =>
    done(null, parseUrlEncoded(body as Buffer)),
  );
}

export default fp(formsPlugin, { name: 'forms' });
