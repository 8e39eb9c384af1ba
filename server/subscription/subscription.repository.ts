// Readers' mail addresses (confirmed or not) and what they follow: every query on mail_addresses and mail_subscriptions.
import { compileOnce } from '../db/compile-once.js';
import type { DbOrTx } from '../db/database.js';

export type SubscriptionKind = 'replies' | 'post';

// The statements of a comment POST with "email me" ticked, compiled once: building them cost more than running them.
const selectAddress = compileOnce((db, email: string) => db.selectFrom('mail_addresses').selectAll().where('email', '=', email), ['\u0000email']);
const insertAddressIfNew = compileOnce(
  (db, email: string, createdAt: string) =>
    db
      .insertInto('mail_addresses')
      .values({ email, confirmed_at: null, created_at: createdAt })
      .onConflict((oc) => oc.column('email').doNothing()),
  ['\u0000email', '\u0000at'],
);
const selectPostSubscription = compileOnce(
  (db, email: string, postId: number) =>
    db.selectFrom('mail_subscriptions').select('id').where('email', '=', email).where('kind', '=', 'post').where('post_id', '=', postId),
  ['\u0000email', -1],
);

/** An address's row, or undefined before its first subscription. */
export async function findMailAddress(db: DbOrTx, email: string) {
  return (await selectAddress(db, email))[0];
}

/** Records an address, unconfirmed, unless it is already known. */
export async function insertMailAddressIfNew(db: DbOrTx, email: string, createdAt: string): Promise<void> {
  await insertAddressIfNew(db, email, createdAt);
}

/** Marks an address confirmed (once: a second click changes nothing). Returns whether it was unconfirmed. */
export async function confirmMailAddress(db: DbOrTx, email: string, at: string): Promise<boolean> {
  const result = await db
    .updateTable('mail_addresses')
    .set({ confirmed_at: at })
    .where('email', '=', email)
    .where('confirmed_at', 'is', null)
    .executeTakeFirst();
  const confirmedNow = Number(result.numUpdatedRows) > 0;
  // Subscriptions made once the address was confirmed carry the flag already: only the first click marks the rest.
  if (confirmedNow) await db.updateTable('mail_subscriptions').set({ confirmed: 1 }).where('email', '=', email).execute();
  return confirmedNow;
}

/** Adds a subscription and returns its id. */
export async function insertSubscription(
  db: DbOrTx,
  row: { email: string; kind: SubscriptionKind; postId: number; commentId: number | null; createdAt: string; confirmed: boolean },
): Promise<number> {
  const inserted = await db
    .insertInto('mail_subscriptions')
    .values({ email: row.email, kind: row.kind, post_id: row.postId, comment_id: row.commentId, created_at: row.createdAt, confirmed: row.confirmed ? 1 : 0 })
    .returning('id')
    .executeTakeFirstOrThrow();
  return inserted.id;
}

/** Whether an address already follows a post's new comments. */
export async function hasPostSubscription(db: DbOrTx, email: string, postId: number): Promise<boolean> {
  return (await selectPostSubscription(db, email, postId)).length > 0;
}

export interface ReplySubscriber {
  id: number;
  email: string;
  comment_id: number;
}

/** The confirmed addresses following replies to these comments. */
export async function listReplySubscribers(db: DbOrTx, commentIds: readonly number[]): Promise<ReplySubscriber[]> {
  if (commentIds.length === 0) return [];
  const rows = await db
    .selectFrom('mail_subscriptions as s')
    .innerJoin('mail_addresses as a', 'a.email', 's.email')
    .select(['s.id', 's.email', 's.comment_id'])
    .where('s.kind', '=', 'replies')
    .where('s.comment_id', 'in', commentIds)
    .where('a.confirmed_at', 'is not', null)
    .execute();
  return rows.map((r) => ({ id: r.id, email: r.email, comment_id: r.comment_id ?? 0 }));
}

export interface PostFollower {
  id: number;
  email: string;
  post_id: number;
}

/** The confirmed addresses following these posts' new comments. */
export async function listPostFollowers(db: DbOrTx, postIds: readonly number[]): Promise<PostFollower[]> {
  if (postIds.length === 0) return [];
  return db
    .selectFrom('mail_subscriptions as s')
    .select(['s.id', 's.email', 's.post_id'])
    .where('s.post_id', 'in', postIds)
    .where('s.kind', '=', 'post')
    .where('s.confirmed', '=', 1)
    .execute();
}

/** One subscription, for its unsubscribe link. */
export async function findSubscription(db: DbOrTx, id: number) {
  return db.selectFrom('mail_subscriptions').selectAll().where('id', '=', id).executeTakeFirst();
}

/** An address's subscriptions with the post each is on, newest first. */
export async function listSubscriptionsForEmail(db: DbOrTx, email: string) {
  return db
    .selectFrom('mail_subscriptions as s')
    .innerJoin('posts as p', 'p.id', 's.post_id')
    .select(['s.id', 's.kind', 's.comment_id', 's.created_at', 'p.title as post_title', 'p.slug as post_slug'])
    .where('s.email', '=', email)
    .orderBy('s.id', 'desc')
    .execute();
}

/** Ends one subscription of an address. Returns whether there was one. */
export async function deleteSubscription(db: DbOrTx, id: number, email: string): Promise<boolean> {
  const result = await db.deleteFrom('mail_subscriptions').where('id', '=', id).where('email', '=', email).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Ends every subscription of an address. */
export async function deleteSubscriptionsForEmail(db: DbOrTx, email: string): Promise<number> {
  const result = await db.deleteFrom('mail_subscriptions').where('email', '=', email).executeTakeFirst();
  return Number(result.numDeletedRows);
}
