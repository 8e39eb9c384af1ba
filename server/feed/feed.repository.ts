// What the feeds read: published posts and the approved comments on them, newest first.
import type { DbOrTx } from '../db/database.js';

export interface FeedPost {
  id: number;
  slug: string;
  title: string;
  excerpt: string;
  body_html: string;
  published_at: string | null;
  updated_at: string;
  author_name: string;
}

/** The newest published posts with their sanitised bodies and authors. */
export async function listFeedPosts(db: DbOrTx, limit: number): Promise<FeedPost[]> {
  return db
    .selectFrom('posts')
    .innerJoin('users', 'users.id', 'posts.author_id')
    .where('posts.status', '=', 'published')
    .select([
      'posts.id',
      'posts.slug',
      'posts.title',
      'posts.excerpt',
      'posts.body_html',
      'posts.published_at',
      'posts.updated_at',
      'users.name as author_name',
    ])
    .orderBy('posts.published_at', 'desc')
    .orderBy('posts.id', 'desc')
    .limit(limit)
    .execute();
}

export interface FeedComment {
  id: number;
  post_id: number;
  author_name: string;
  author_url: string | null;
  /** The escaped rendering of what the commenter typed (never body_raw). */
  body_html: string;
  created_at: string;
  edited_at: string | null;
  post_slug: string;
  post_title: string;
  subject_name: string;
}

/** The newest approved comments on published posts (of one post, or of all), newest stored first. */
export async function listFeedComments(db: DbOrTx, postId: number | null, limit: number): Promise<FeedComment[]> {
  let query = db
    .selectFrom('comments')
    .innerJoin('posts', 'posts.id', 'comments.post_id')
    .where('comments.status', '=', 'approved')
    .where('posts.status', '=', 'published')
    .select([
      'comments.id',
      'comments.post_id',
      'comments.author_name',
      'comments.author_url',
      'comments.body_html',
      'comments.created_at',
      'comments.edited_at',
      'posts.slug as post_slug',
      'posts.title as post_title',
      'posts.subject_name',
    ]);
  if (postId !== null) query = query.where('comments.post_id', '=', postId);
  return query.orderBy('comments.id', 'desc').limit(limit).execute();
}

/**
 * A value that changes whenever anything a site-wide feed shows changes: which posts are published,
 * their edits (updated_at) and their threads (thread_version, which triggers bump on every comment,
 * remark and label change). One aggregate over the posts table, read on every feed request.
 */
export async function readPublishedStamp(db: DbOrTx): Promise<string> {
  const row = await db
    .selectFrom('posts')
    .where('status', '=', 'published')
    .select((eb) => [
      eb.fn.countAll<string | number>().as('n'),
      eb.fn.sum<string | number | null>('id').as('ids'),
      eb.fn.sum<string | number | null>('thread_version').as('versions'),
      eb.fn.max('updated_at').as('updated'),
    ])
    .executeTakeFirstOrThrow();
  return [row.n, row.ids ?? 0, row.versions ?? 0, row.updated ?? ''].map(String).join('.');
}
