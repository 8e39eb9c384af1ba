import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { storageFailureOf } from '../db/storage-failure.js';
import { AppError, FormInvalid } from '../errors.js';

const TITLES: Record<number, string> = {
  400: 'That request could not be read',
  403: 'Not allowed',
  404: 'Nothing here',
  405: 'Not allowed here',
  409: 'Already there',
  413: 'That was too much to send',
  415: 'That kind of content is not accepted',
  422: 'Please check the form',
  429: 'Slow down a little',
  500: 'Something went wrong on our side',
  503: 'Not available just now',
  507: 'Out of storage space',
};

/** Form fields never printed back: secrets, tokens and the hidden bookkeeping of a form. */
const UNKEPT_FIELD = /password|token|csrf|^_/i;

function isApiRequest(request: FastifyRequest): boolean {
  return request.url.startsWith('/api/');
}

/**
 * What the reader typed into a form whose write the storage refused, when not even the form's own page
 * could be shown again: printed back on the error page, so that nothing typed is lost.
 */
function keptText(request: FastifyRequest): { name: string; value: string }[] {
  const body = request.body;
  if (request.method !== 'POST' || typeof body !== 'object' || body === null) return [];
  return Object.entries(body as Record<string, unknown>)
    .filter((e): e is [string, string] => typeof e[1] === 'string' && e[1].trim() !== '' && !/^\d+$/.test(e[1]) && !UNKEPT_FIELD.test(e[0]))
    .map(([name, value]) => ({ name, value }));
}

async function sendError(request: FastifyRequest, reply: FastifyReply, status: number, code: string, message: string, fields?: Record<string, string>) {
  reply.code(status);
  if (isApiRequest(request)) return reply.send({ error: message, code, ...(fields ? { fields } : {}) });
  const kept = status === 503 || status === 507 ? keptText(request) : [];
  return reply.viewAsync('errors/error.hbs', { title: TITLES[status] ?? 'Error', status, message, kept });
}

/** Maps any thrown error to a status: our AppErrors keep theirs, Fastify's client errors keep theirs. */
function statusOf(error: FastifyError | AppError): { status: number; code: string; message: string } {
  if (error instanceof AppError) return { status: error.status, code: error.code, message: error.message };
  const status = typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
  if (status === 500) return { status, code: 'internal', message: 'The server could not finish this request. It has been logged.' };
  const code = error.code ?? 'bad_request';
  const message = status === 413 ? 'The form was larger than this site accepts.' : 'The request was not in a form this site understands.';
  return { status, code, message };
}

async function errorPagesPlugin(app: FastifyInstance): Promise<void> {
  app.setNotFoundHandler((request, reply) => sendError(request, reply, 404, 'not_found', 'There is no page at this address.'));
  app.setErrorHandler(async (error: FastifyError | AppError, request, reply) => {
    // A lost database connection, a full disk or a read-only file: a 503 or 507 with a plain message,
    // and the driver's own error in the log, which says what really happened.
    const failure = storageFailureOf(error);
    const { status, code, message } = statusOf(failure ?? error);
    if (failure) request.log.error({ err: failure.cause }, `request failed: ${failure.code}`);
    else if (status >= 500) request.log.error({ err: error }, 'request failed');
    const fields = error instanceof FormInvalid ? error.fields : undefined;
    try {
      return await sendError(request, reply, status, code, message, fields);
    } catch (renderError) {
      request.log.error({ err: renderError }, 'error page failed');
      return reply.code(status).type('text/plain; charset=utf-8').send(message);
    }
  });
}

export default fp(errorPagesPlugin, { name: 'error-pages' });
