// Finding the post a request names: the lookups routes of several features share.
import type { DbOrTx } from '../db/database.js';
import { NotFound } from '../errors.js';
import { parseSlug } from '../shared/params.js';
import { findPostWithAuthorById, findPublishedPostBySlug, type PostStamp, type PostWithAuthor } from './post.repository.js';

/** Finds a published post by the slug in the path, or throws NotFound. */
export async function requirePublishedPost(db: DbOrTx, rawSlug: unknown): Promise<PostWithAuthor> {
  const post = await findPublishedPostBySlug(db, parseSlug(rawSlug));
  if (!post) throw new NotFound('There is no post at this address.');
  return post;
}

/** The whole post behind a stamp, read only when a page has to be rendered. */
export async function loadFullPost(db: DbOrTx, post: PostStamp | PostWithAuthor): Promise<PostWithAuthor> {
  if ('body_html' in post) return post;
  const full = await findPostWithAuthorById(db, post.id);
  if (!full) throw new NotFound('There is no post at this address.');
  return full;
}
