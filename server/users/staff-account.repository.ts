import type { DbOrTx } from '../db/database.js';

/** Gives every post of one account to another (before the first is removed); returns how many moved. */
export async function reassignPosts(db: DbOrTx, fromUserId: number, toUserId: number): Promise<number> {
  const result = await db.updateTable('posts').set({ author_id: toUserId }).where('author_id', '=', fromUserId).executeTakeFirst();
  return Number(result.numUpdatedRows);
}
