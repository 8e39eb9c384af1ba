// Pingbacks and trackbacks: other sites that linked to a post. Their own table, never comments: the thread, its
// counts, its stance labels and its moderation queue read only comments, so none of them has to leave these out.
import type { Insertable } from 'kysely';
import type { DbOrTx } from '../db/database.js';
import type { LinkbackTable } from '../db/schema.js';

/** What the post page prints of one linkback. */
export interface ShownLinkback {
  id: number;
  kind: LinkbackTable['kind'];
  source_name: string;
  source_url: string | null;
  created_at: string;
}

/** Stores a pingback or trackback; returns its id. */
export async function insertLinkback(db: DbOrTx, row: Insertable<LinkbackTable>): Promise<number> {
  const inserted = await db.insertInto('linkbacks').values(row).returning('id').executeTakeFirstOrThrow();
  return inserted.id;
}

/** A post's approved pingbacks and trackbacks, oldest first: held, spam and trashed ones are never shown. */
export async function listShownLinkbacksForPost(db: DbOrTx, postId: number): Promise<ShownLinkback[]> {
  return db
    .selectFrom('linkbacks')
    .select(['id', 'kind', 'source_name', 'source_url', 'created_at'])
    .where('post_id', '=', postId)
    .where('status', '=', 'approved')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** A linkback as the staff page lists it, with its post. */
export interface StaffLinkback extends ShownLinkback {
  post_id: number;
  post_title: string;
  post_slug: string;
  excerpt: string;
  status: LinkbackTable['status'];
}

/** Linkbacks in one status (or all), grouped by post (newest post first), oldest first within a post; at most `limit`. */
export async function listLinkbacksForStaff(db: DbOrTx, status: LinkbackTable['status'] | null, limit: number): Promise<StaffLinkback[]> {
  let query = db
    .selectFrom('linkbacks')
    .innerJoin('posts', 'posts.id', 'linkbacks.post_id')
    .select([
      'linkbacks.id',
      'linkbacks.kind',
      'linkbacks.source_name',
      'linkbacks.source_url',
      'linkbacks.excerpt',
      'linkbacks.status',
      'linkbacks.created_at',
      'linkbacks.post_id',
      'posts.title as post_title',
      'posts.slug as post_slug',
    ]);
  if (status !== null) query = query.where('linkbacks.status', '=', status);
  return query.orderBy('linkbacks.post_id', 'desc').orderBy('linkbacks.created_at').orderBy('linkbacks.id').limit(limit).execute();
}

/** How many linkbacks each status holds. */
export async function countLinkbacksByStatus(db: DbOrTx): Promise<Record<LinkbackTable['status'], number>> {
  const rows = await db
    .selectFrom('linkbacks')
    .select((eb) => ['status', eb.fn.countAll<number | string>().as('n')])
    .groupBy('status')
    .execute();
  const counts = { pending: 0, approved: 0, spam: 0, trash: 0 };
  for (const r of rows) counts[r.status] = Number(r.n);
  return counts;
}

/** One linkback with its post's title, or undefined. */
export async function findLinkback(db: DbOrTx, id: number) {
  return db
    .selectFrom('linkbacks')
    .innerJoin('posts', 'posts.id', 'linkbacks.post_id')
    .select(['linkbacks.id', 'linkbacks.status', 'linkbacks.source_name', 'linkbacks.post_id', 'posts.title as post_title'])
    .where('linkbacks.id', '=', id)
    .executeTakeFirst();
}

/** Sets a linkback's status (the post's thread version follows, by trigger). */
export async function updateLinkbackStatus(db: DbOrTx, id: number, status: LinkbackTable['status']): Promise<void> {
  await db.updateTable('linkbacks').set({ status }).where('id', '=', id).execute();
}
