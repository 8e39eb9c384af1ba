// Where a comment is shown: the thread page of its top-level ancestor (permalinks, a new comment's 303).
import type { DbOrTx } from '../db/database.js';
import { countTopLevelCommentsBefore, listCommentChain } from './comment.repository.js';

/** Reply chains deeper than this are not followed further up; the page of the highest reached is used. */
const MAX_ANCESTOR_HOPS = 100;

/**
 * The page (1-based) that shows a comment: climb to its top-level ancestor and count the top-level
 * comments before it. Two indexed queries, where building the whole thread made every POST slower as
 * the post grew.
 */
export async function locateCommentPage(db: DbOrTx, postId: number, commentId: number, perPage: number): Promise<number> {
  const ancestors = (await listCommentChain(db, commentId, MAX_ANCESTOR_HOPS + 1)).slice(1);
  let rootId = commentId;
  for (const parent of ancestors) {
    // A reply to a comment that is not shown stands at the top level itself.
    if (parent.status !== 'approved') break;
    rootId = parent.id;
  }
  const before = await countTopLevelCommentsBefore(db, postId, rootId);
  return Math.floor(before / perPage) + 1;
}
