import type { DbOrTx } from '../db/database.js';

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
      'users.name as author_name',
      eb.fn.sum<string | number | null>(eb.case().when('comments.status', '=', 'approved').then(1).else(0).end()).as('approved'),
      eb.fn.sum<string | number | null>(eb.case().when('comments.status', '=', 'pending').then(1).else(0).end()).as('pending'),
    ])
    .groupBy(['posts.id', 'posts.slug', 'posts.title', 'posts.status', 'posts.author_id', 'posts.updated_at', 'users.name'])
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
  }));
}
