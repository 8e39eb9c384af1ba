import type { DbOrTx } from '../db/database.js';
import type { Post, PostUpdate } from '../db/schema.js';

export interface DashboardPost {
  id: number;
  slug: string;
  title: string;
  status: 'draft' | 'published';
  authorId: number;
  authorName: string;
  updatedAt: string;
  approvedCount: number;
  pendingCount: number;
  /** Imported without a subject: its comments wait for one to be labelled. */
  needsSubject: boolean;
}

/** Posts for the staff dashboard (one author's, or every post when authorId is null) with comment counts. */
export async function listPostsForDashboard(db: DbOrTx, authorId: number | null): Promise<DashboardPost[]> {
  let query = db
    .selectFrom('posts')
    .innerJoin('users', 'users.id', 'posts.author_id')
    .leftJoin('comments', 'comments.post_id', 'posts.id')
    .select((eb) => [
      'posts.id',
      'posts.slug',
      'posts.title',
      'posts.status',
      'posts.author_id',
      'posts.updated_at',
      'posts.subject_name',
      'users.name as author_name',
      eb.fn.sum<string | number | null>(eb.case().when('comments.status', '=', 'approved').then(1).else(0).end()).as('approved'),
      eb.fn.sum<string | number | null>(eb.case().when('comments.status', '=', 'pending').then(1).else(0).end()).as('pending'),
    ])
    .groupBy(['posts.id', 'posts.slug', 'posts.title', 'posts.status', 'posts.author_id', 'posts.updated_at', 'posts.subject_name', 'users.name'])
    .orderBy('posts.updated_at', 'desc')
    .orderBy('posts.id', 'desc');
  if (authorId !== null) query = query.where('posts.author_id', '=', authorId);
  const rows = await query.execute();
  return rows.map((r) => ({
    id: r.id,
    slug: r.slug,
    title: r.title,
    status: r.status,
    authorId: r.author_id,
    authorName: r.author_name,
    updatedAt: r.updated_at,
    approvedCount: Number(r.approved ?? 0),
    pendingCount: Number(r.pending ?? 0),
    needsSubject: r.subject_name === '',
  }));
}

/** One post in any status, or undefined. */
export async function findPostById(db: DbOrTx, id: number): Promise<Post | undefined> {
  return db.selectFrom('posts').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Changes a post. */
export async function updatePost(db: DbOrTx, id: number, changes: PostUpdate): Promise<void> {
  await db.updateTable('posts').set(changes).where('id', '=', id).execute();
}

/** The post that uses a slug now or used it before, if any. */
export async function findSlugOwner(db: DbOrTx, slug: string): Promise<{ postId: number; current: boolean } | undefined> {
  const current = await db.selectFrom('posts').select('id').where('slug', '=', slug).executeTakeFirst();
  if (current) return { postId: current.id, current: true };
  const old = await db.selectFrom('post_slugs').select('post_id').where('slug', '=', slug).executeTakeFirst();
  return old ? { postId: old.post_id, current: false } : undefined;
}

/** Remembers a slug a post no longer uses, so it can redirect. */
export async function insertOldSlug(db: DbOrTx, postId: number, slug: string, createdAt: string): Promise<void> {
  await db.insertInto('post_slugs').values({ post_id: postId, slug, created_at: createdAt }).execute();
}

/** Forgets an old slug (when its post takes it back). */
export async function deleteOldSlug(db: DbOrTx, slug: string): Promise<void> {
  await db.deleteFrom('post_slugs').where('slug', '=', slug).execute();
}

/** The current slug of the published post that once had this slug, if any. */
export async function findCurrentSlugForOldSlug(db: DbOrTx, oldSlug: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('post_slugs')
    .innerJoin('posts', 'posts.id', 'post_slugs.post_id')
    .select('posts.slug')
    .where('post_slugs.slug', '=', oldSlug)
    .where('posts.status', '=', 'published')
    .executeTakeFirst();
  return row?.slug;
}

/** How many comments a post has, in any status: what deleting it takes with it. */
export async function countCommentsOfPost(db: DbOrTx, postId: number): Promise<number> {
  const row = await db
    .selectFrom('comments')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('post_id', '=', postId)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Deletes a post; its comments, their remarks and labels, and its old slugs go with it (foreign keys cascade). */
export async function deletePost(db: DbOrTx, postId: number): Promise<void> {
  await db.deleteFrom('posts').where('id', '=', postId).execute();
}

/** The posts of the account with this email (the seeded demo's author): id, title, status. */
export async function listPostsByAuthorEmail(db: DbOrTx, email: string): Promise<Pick<Post, 'id' | 'title' | 'status' | 'published_at'>[]> {
  return db
    .selectFrom('posts')
    .innerJoin('users', 'users.id', 'posts.author_id')
    .select(['posts.id', 'posts.title', 'posts.status', 'posts.published_at'])
    .where('users.email', '=', email)
    .orderBy('posts.id')
    .execute();
}
