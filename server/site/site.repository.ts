import type { DbOrTx } from '../db/database.js';

/** A sitemap holds at most this many addresses (sitemaps.org); a site with more posts lists its newest. */
export const SITEMAP_MAX_POSTS = 49_999;

export interface SitemapPost {
  slug: string;
  updated_at: string;
  /** When its newest approved comment was written, if it has any: the page changed then too. */
  last_comment_at: string | null;
}

/** Published posts, newest first, with the time their page last changed. */
export async function listSitemapPosts(db: DbOrTx): Promise<SitemapPost[]> {
  return db
    .selectFrom('posts')
    .leftJoin('comments', (join) => join.onRef('comments.post_id', '=', 'posts.id').on('comments.status', '=', 'approved'))
    .where('posts.status', '=', 'published')
    .select((eb) => ['posts.slug', 'posts.updated_at', eb.fn.max('comments.created_at').as('last_comment_at')])
    .groupBy(['posts.id', 'posts.slug', 'posts.updated_at', 'posts.published_at'])
    .orderBy('posts.published_at', 'desc')
    .orderBy('posts.id', 'desc')
    .limit(SITEMAP_MAX_POSTS)
    .execute();
}
