// The embed folder: threads for pages of other sites (found or created by page URL), the framed thread page,
// comment counts for those pages, and the embed script. It sits above thread/ and renders its pages.
import { compileOnce } from '../db/compile-once.js';
import type { DbOrTx } from '../db/database.js';
import type { NewPost } from '../db/schema.js';
import type { PostStamp } from '../post/post.repository.js';

// The first thing every embedded view reads.
const selectStampByPageUrl = compileOnce(
  (db, url: string) =>
    db
      .selectFrom('posts')
      .innerJoin('users', 'users.id', 'posts.author_id')
      .where('posts.page_url', '=', url)
      .where('posts.status', '=', 'published')
      .select(['posts.id', 'posts.slug', 'posts.thread_version', 'posts.updated_at', 'users.name as author_name']),
  ['\u0000url'],
);

/** The stamp of the published thread of a page URL (normalised), or undefined. */
export async function findExternalPageStamp(db: DbOrTx, url: string): Promise<PostStamp | undefined> {
  return (await selectStampByPageUrl(db, url))[0];
}

/** Whether a post already holds this page URL, in any state (a draft one keeps the page from getting another). */
export async function findPostIdByPageUrl(db: DbOrTx, url: string): Promise<number | undefined> {
  return (await db.selectFrom('posts').select('id').where('page_url', '=', url).executeTakeFirst())?.id;
}

/** How many page threads an origin created since a moment. */
export async function countExternalPagesSince(db: DbOrTx, origin: string, sinceIso: string): Promise<number> {
  const row = await db
    .selectFrom('posts')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('page_origin', '=', origin)
    .where('created_at', '>=', sinceIso)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Who an external page's thread is filed under: the first admin, else the first account. */
export async function findPageOwnerId(db: DbOrTx): Promise<number | undefined> {
  const admin = await db.selectFrom('users').select('id').where('role', '=', 'admin').orderBy('id').limit(1).executeTakeFirst();
  return admin?.id ?? (await db.selectFrom('users').select('id').orderBy('id').limit(1).executeTakeFirst())?.id;
}

/** Whether a slug is taken, now or before (old slugs redirect). */
export async function isSlugTaken(db: DbOrTx, slug: string): Promise<boolean> {
  const current = await db.selectFrom('posts').select('id').where('slug', '=', slug).executeTakeFirst();
  const old = await db.selectFrom('post_slugs').select('id').where('slug', '=', slug).executeTakeFirst();
  return current !== undefined || old !== undefined;
}

/** Stores an external page's thread and returns its id. */
export async function insertExternalPage(db: DbOrTx, post: NewPost): Promise<number> {
  return (await db.insertInto('posts').values(post).returning('id').executeTakeFirstOrThrow()).id;
}

/** Approved comments per page URL, for the URLs that have a published thread (one grouped query). */
export async function countCommentsForPages(db: DbOrTx, urls: readonly string[]): Promise<Map<string, number>> {
  if (urls.length === 0) return new Map();
  const rows = await db
    .selectFrom('posts')
    .leftJoin('comments', (join) => join.onRef('comments.post_id', '=', 'posts.id').on('comments.status', '=', 'approved'))
    .where('posts.page_url', 'in', urls)
    .where('posts.status', '=', 'published')
    .select((eb) => ['posts.page_url', eb.fn.count<string | number>('comments.id').as('n')])
    .groupBy('posts.page_url')
    .execute();
  return new Map(rows.map((r) => [r.page_url ?? '', Number(r.n)]));
}

/**
 * What the counts of these pages depend on, as one string: which published threads hold them and each one's
 * thread_version (bumped by triggers on every change to its comments, from any writer). Versions only go up,
 * so the sums change whenever a count can have.
 */
export async function stampPagesForCounts(db: DbOrTx, urls: readonly string[]): Promise<string> {
  if (urls.length === 0) return '';
  const row = await db
    .selectFrom('posts')
    .where('page_url', 'in', urls)
    .where('status', '=', 'published')
    .select((eb) => [
      eb.fn.countAll<string | number>().as('n'),
      eb.fn.sum<string | number>('id').as('ids'),
      eb.fn.sum<string | number>('thread_version').as('v'),
    ])
    .executeTakeFirstOrThrow();
  return `${row.n}|${row.ids ?? 0}|${row.v ?? 0}`;
}

/** Files an existing post as the thread of a page of another site (the benchmark seeds its pages so). */
export async function setExternalPage(db: DbOrTx, postId: number, page: { url: string; origin: string }): Promise<void> {
  await db.updateTable('posts').set({ kind: 'external_page', page_url: page.url, page_origin: page.origin }).where('id', '=', postId).execute();
}
