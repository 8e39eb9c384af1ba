// The JSON API's answer for a post, serialized once per thread version.
import type { FastifyInstance } from 'fastify';
import { listApprovedCommentsForPost, listRemovedPlaceholders } from '../comment/comment.repository.js';
import { addRemovedPlaceholders } from '../comment/removed-placeholders.js';
import { defineStore } from '../page-cache/page-cache.js';
import { listRemarksForPost } from '../remark/remark.repository.js';
import { buildPostJson } from './post-json.js';
import type { PostWithAuthor } from '../post/post.repository.js';

/** A cached answer of the JSON API: the serialized body. */
interface CachedBody {
  body: Buffer;
  bytes: number;
}

const ANSWERS = defineStore<CachedBody>('api');

/** The cache key of a post's JSON answer. Pure. */
function apiCacheKey(post: { id: number; thread_version: number; updated_at: string }): string {
  return ['api', post.id, post.thread_version, post.updated_at].join('|');
}

/** The post and thread as the JSON API sends them. */
export async function renderPostJson(app: FastifyInstance, post: PostWithAuthor): Promise<Buffer> {
  const cached = await app.pageCache.store(ANSWERS).getOrRender(apiCacheKey(post), async () => {
    const [comments, remarks, removed] = await Promise.all([
      listApprovedCommentsForPost(app.db, post.id),
      listRemarksForPost(app.db, post.id),
      listRemovedPlaceholders(app.db, post.id),
    ]);
    const body = Buffer.from(JSON.stringify(buildPostJson(post, addRemovedPlaceholders(comments, removed), remarks, app.config.secret)));
    return { body, bytes: body.length };
  });
  return cached.body;
}
