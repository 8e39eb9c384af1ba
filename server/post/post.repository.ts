import { compileOnce } from '../db/compile-once.js';
import type { DbOrTx } from '../db/database.js';
import type { NewPost, Post } from '../db/schema.js';

export interface PostListing {
  id: number;
  slug: string;
  title: string;
  excerpt: string;
  publishedAt: string | null;
  authorName: string;
  responseCount: number;
}

/** Published posts, newest first, with their author and approved-comment count. */
export async function listPublishedPosts(db: DbOrTx, limit: number): Promise<PostListing[]> {
  const rows = await db
    .selectFrom('posts')
    .innerJoin('users', 'users.id', 'posts.author_id')
    .leftJoin('comments', (join) => join.onRef('comments.post_id', '=', 'posts.id').on('comments.status', '=', 'approved'))
    .where('posts.status', '=', 'published')
    // Threads of other sites' pages live on those pages, not in this blog's list.
    .where('posts.kind', '=', 'article')
    .select((eb) => [
      'posts.id',
      'posts.slug',
      'posts.title',
      'posts.excerpt',
      'posts.published_at',
      'users.name as author_name',
      eb.fn.count<string | number>('comments.id').as('response_count'),
    ])
    .groupBy(['posts.id', 'posts.slug', 'posts.title', 'posts.excerpt', 'posts.published_at', 'users.name'])
    .orderBy('posts.published_at', 'desc')
    .orderBy('posts.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    slug: r.slug,
    title: r.title,
    excerpt: r.excerpt,
    publishedAt: r.published_at,
    authorName: r.author_name,
    responseCount: Number(r.response_count),
  }));
}

export type PostWithAuthor = Post & { author_name: string };

function selectPostsWithAuthor(db: DbOrTx) {
  return db.selectFrom('posts').innerJoin('users', 'users.id', 'posts.author_id').selectAll('posts').select('users.name as author_name');
}

function publishedPostsBySlug(db: DbOrTx, slug: string) {
  return db.selectFrom('posts').innerJoin('users', 'users.id', 'posts.author_id').where('posts.slug', '=', slug).where('posts.status', '=', 'published');
}

// Every page view starts with one of these two, so they are compiled once.
const selectPublishedPostBySlug = compileOnce(
  (db, slug: string) => publishedPostsBySlug(db, slug).selectAll('posts').select('users.name as author_name'),
  ['\u0000slug'],
);

/** A published post by slug, with its author's name; undefined when there is none. */
export async function findPublishedPostBySlug(db: DbOrTx, slug: string): Promise<PostWithAuthor | undefined> {
  return (await selectPublishedPostBySlug(db, slug))[0];
}

/** Enough of a post to find its rendered page in the cache: a page view that hits reads no more. */
export type PostStamp = Pick<Post, 'id' | 'slug' | 'thread_version' | 'updated_at'> & { author_name: string };

const selectPublishedStampBySlug = compileOnce(
  (db, slug: string) =>
    publishedPostsBySlug(db, slug).select(['posts.id', 'posts.slug', 'posts.thread_version', 'posts.updated_at', 'users.name as author_name']),
  ['\u0000slug'],
);

/** A published post's stamp by slug; undefined when there is none. */
export async function findPublishedPostStampBySlug(db: DbOrTx, slug: string): Promise<PostStamp | undefined> {
  return (await selectPublishedStampBySlug(db, slug))[0];
}

// Every comment POST reads its post by id twice (the classifier, then the write transaction).
const selectPostWithAuthorById = compileOnce((db, id: number) => selectPostsWithAuthor(db).where('posts.id', '=', id), [-1]);

/** A post by id in any state, with its author's name. */
export async function findPostWithAuthorById(db: DbOrTx, id: number): Promise<PostWithAuthor | undefined> {
  return (await selectPostWithAuthorById(db, id))[0];
}

/** Stores a post and returns its id. */
export async function insertPost(db: DbOrTx, post: NewPost): Promise<number> {
  const row = await db.insertInto('posts').values(post).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** How many posts exist in any state: zero means a fresh site. */
export async function countPosts(db: DbOrTx): Promise<number> {
  const row = await db
    .selectFrom('posts')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Bumps every post's thread version: a site-wide change to what thread pages print (the unsure threshold) reaches every instance's caches. */
export async function bumpAllThreadVersions(db: DbOrTx): Promise<void> {
  await db
    .updateTable('posts')
    .set((eb) => ({ thread_version: eb('thread_version', '+', 1) }))
    .execute();
}

/** A post's thread version now: inside a write transaction, the one that write produced. */
export async function findThreadVersion(db: DbOrTx, postId: number): Promise<number> {
  const row = await db.selectFrom('posts').select('thread_version').where('id', '=', postId).executeTakeFirstOrThrow();
  return row.thread_version;
}
