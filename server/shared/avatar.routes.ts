import type { FastifyInstance } from 'fastify';
import { NotFound } from '../errors.js';
import { isAvatarKey, renderAvatarSvg } from './avatar.js';

const ONE_YEAR_SECONDS = 365 * 24 * 3600;

export default async function avatarRoutes(app: FastifyInstance): Promise<void> {
  // GET /avatars/:key.svg : the identicon for a commenter, drawn here so no outside service sees readers.
  app.get<{ Params: { file: string } }>('/avatars/:file', async (request, reply) => {
    const key = request.params.file.replace(/\.svg$/, '');
    if (!isAvatarKey(key)) throw new NotFound('No such avatar.');
    return reply.type('image/svg+xml').header('cache-control', `public, max-age=${ONE_YEAR_SECONDS}, immutable`).send(renderAvatarSvg(key));
  });
}
