// What a reader may download of their own comments: the ones on published posts that are approved or still
// held for review, never spam, trash or what they deleted (staff's export from the moderation page has the rest).
import type { DbOrTx } from '../db/database.js';

const VISIBLE_STATUSES = ['approved', 'pending'] as const;

/** The address's visible comments, oldest first, each with its post. */
export async function listVisibleCommentsByEmail(db: DbOrTx, email: string) {
  return db
    .selectFrom('comments')
    .innerJoin('posts', 'posts.id', 'comments.post_id')
    .select([
      'comments.id',
      'posts.slug as post_slug',
      'posts.title as post_title',
      'comments.parent_id',
      'comments.author_name',
      'comments.author_url',
      // The raw text goes into the JSON as typed; the page prints body_html, the sanitised rendering.
      'comments.body_raw',
      'comments.body_html',
      'comments.status',
      'comments.self_stance',
      'comments.created_at',
      'comments.edited_at',
    ])
    .where((eb) => eb(eb.fn('lower', ['comments.author_email']), '=', email.toLowerCase()))
    .where('comments.status', 'in', VISIBLE_STATUSES)
    .where('comments.deleted_at', 'is', null)
    .where('posts.status', '=', 'published')
    .orderBy('comments.created_at')
    .orderBy('comments.id')
    .execute();
}

/** Whether the address has any comment it could download. */
export async function hasVisibleComments(db: DbOrTx, email: string): Promise<boolean> {
  const row = await db
    .selectFrom('comments')
    .innerJoin('posts', 'posts.id', 'comments.post_id')
    .select('comments.id')
    .where((eb) => eb(eb.fn('lower', ['comments.author_email']), '=', email.toLowerCase()))
    .where('comments.status', 'in', VISIBLE_STATUSES)
    .where('comments.deleted_at', 'is', null)
    .where('posts.status', '=', 'published')
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
