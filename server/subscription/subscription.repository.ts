// Readers' mail addresses (confirmed or not) and what they follow: every query on mail_addresses and mail_subscriptions.
import { compileOnce } from '../db/compile-once.js';
import type { DbOrTx } from '../db/database.js';

export type SubscriptionKind = 'replies' | 'post';

// The statements of a comment POST with "email me" ticked, compiled once: building them cost more than running them.
const upsertAddress = compileOnce(
  (db, email: string, createdAt: string) =>
    db
      .insertInto('mail_addresses')
      .values({ email, confirmed_at: null, created_at: createdAt })
      // A no-op update rather than DO NOTHING, so that RETURNING gives a known address's row too: one statement.
      .onConflict((oc) => oc.column('email').doUpdateSet((eb) => ({ email: eb.ref('excluded.email') })))
      .returning('confirmed_at'),
  ['\u0000email', '\u0000at'],
);

// One row's placeholders: distinct values, so that each becomes exactly one parameter of the compiled INSERT.
function placeholderRow(n: number) {
  return {
    email: `\u0000email${n}`,
    kind: `\u0000kind${n}` as SubscriptionKind,
    post_id: -1 - 10 * n,
    comment_id: -2 - 10 * n,
    created_at: `\u0000at${n}`,
    confirmed: -3 - 10 * n,
  };
}
type SubscriptionRow = { email: string; kind: SubscriptionKind; post_id: number; comment_id: number | null; created_at: string; confirmed: number };
// The one place that orders a row's values as the compiled INSERT's parameters, for its placeholders and its values.
const rowSlots = (r: SubscriptionRow): (string | number | null)[] => [r.email, r.kind, r.post_id, r.comment_id, r.created_at, r.confirmed];
/** The INSERT of one and of two subscriptions (a comment makes at most two). */
const insertStatements = [1, 2].map((count) => {
  const rows = Array.from({ length: count }, (_, n) => placeholderRow(n));
  return compileOnce(
    // A second follow of the same post meets the unique index over 'post' rows and is skipped.
    (db, ..._slots: (string | number | null)[]) =>
      db
        .insertInto('mail_subscriptions')
        .values(rows)
        .onConflict((oc) => oc.doNothing()),
    rows.flatMap(rowSlots),
  );
});

/** Records an address, unconfirmed, unless it is already known; returns whether it is confirmed. */
export async function recordMailAddress(db: DbOrTx, email: string, createdAt: string): Promise<boolean> {
  const [row] = await upsertAddress(db, email, createdAt);
  return row !== undefined && row.confirmed_at !== null;
}

export interface NewSubscription {
  email: string;
  kind: SubscriptionKind;
  postId: number;
  /** The comment whose replies are followed ('replies' only). */
  commentId: number | null;
  createdAt: string;
  confirmed: boolean;
}

/** Adds one or two subscriptions in one statement; following a post the address follows already adds nothing. */
export async function insertSubscriptions(db: DbOrTx, rows: readonly NewSubscription[]): Promise<void> {
  if (rows.length === 0) return;
  const insert = insertStatements[rows.length - 1];
  if (!insert) throw new Error('insertSubscriptions: a comment makes at most two subscriptions');
  await insert(
    db,
    ...rows.flatMap((r) =>
      rowSlots({ email: r.email, kind: r.kind, post_id: r.postId, comment_id: r.commentId, created_at: r.createdAt, confirmed: r.confirmed ? 1 : 0 }),
    ),
  );
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
