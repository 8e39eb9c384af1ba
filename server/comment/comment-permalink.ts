// Where a comment is shown: the thread page of its top-level ancestor (permalinks, a new comment's 303).
import type { DbOrTx } from '../db/database.js';
import {
  countTopLevelCommentsBefore,
  hasHiddenTopLevelCommentBefore,
  listCommentChain,
  listRemovedPlaceholders,
  listRepliesToHiddenComments,
} from './comment.repository.js';
import { addRemovedPlaceholders } from './removed-placeholders.js';

/** Reply chains deeper than this are not followed further up; the page of the highest reached is used. */
const MAX_ANCESTOR_HOPS = 100;

/**
 * The page (1-based) that shows a comment: climb to its top-level ancestor and count the top-level
 * comments before it. Three indexed queries, where building the whole thread made every POST slower as
 * the post grew; only when a hidden top-level comment comes before does it read where the thread's
 * placeholders stand.
 */
export async function locateCommentPage(db: DbOrTx, postId: number, commentId: number, perPage: number): Promise<number> {
  const chain = await listCommentChain(db, commentId, MAX_ANCESTOR_HOPS + 1);
  // A removed ancestor stays in place as a placeholder, so the top of the chain is the thread it is in.
  const rootId = chain.at(-1)?.id ?? commentId;
  let before = await countTopLevelCommentsBefore(db, postId, rootId);
  if (await hasHiddenTopLevelCommentBefore(db, postId, rootId)) before += await countPlaceholderRootsBefore(db, postId, rootId);
  return Math.floor(before / perPage) + 1;
}

/** How many removed top-level comments before `rootId` stand in the thread as placeholders (their replies are shown). */
async function countPlaceholderRootsBefore(db: DbOrTx, postId: number, rootId: number): Promise<number> {
  const [replies, hidden] = await Promise.all([listRepliesToHiddenComments(db, postId), listRemovedPlaceholders(db, postId)]);
  return addRemovedPlaceholders(replies, hidden).filter((c) => c.removed && c.parent_id === null && c.id < rootId).length;
}
