// Gives the app `labelUnlabelledComments(postId)`: the editor calls it when a post's subject is named at last (an
// imported post), so every comment of it gets its label in thread order. A decorator, because the editor sits
// below the stance layer and must not import it.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { findPostWithAuthorById } from '../post/post.repository.js';
import { labelUnlabelledComments } from './stance-batch.service.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Labels every approved comment of the post that has no label yet; resolves to how many it labelled. */
    labelUnlabelledComments: (postId: number) => Promise<number>;
  }
}

async function stanceBatchPlugin(app: FastifyInstance): Promise<void> {
  app.decorate('labelUnlabelledComments', async (postId: number) => {
    const post = await findPostWithAuthorById(app.db, postId);
    if (!post || post.subject_name === '') return 0;
    return labelUnlabelledComments(app.db, post, app.clock().toISOString());
  });
}

export default fp(stanceBatchPlugin, { name: 'stance-batch', dependencies: ['context'] });
