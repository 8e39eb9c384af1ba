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
