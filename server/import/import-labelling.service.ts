// After an import: every approved comment without a label, on every post that names its subject, labelled in
// thread order. Interrupted, it stops between batches; run again, it carries on with what is still unlabelled.
import type { Db } from '../db/database.js';
import { findPostWithAuthorById } from '../post/post.repository.js';
import { labelUnlabelledComments } from '../stance/stance-batch.service.js';
import { countUnlabelledCommentsByPost } from '../stance/stance.repository.js';

export interface LabellingProgress {
  done: number;
  total: number;
}

/** Labels what waits for a label; onProgress after each batch. Returns how many were labelled and how many still wait. */
export async function labelWaitingComments(
  db: Db,
  now: Date,
  onProgress: (progress: LabellingProgress) => void,
  shouldStop: () => boolean,
): Promise<{ labelled: number; remaining: number }> {
  const todo = await countUnlabelledCommentsByPost(db);
  const total = todo.reduce((sum, t) => sum + t.n, 0);
  let done = 0;
  onProgress({ done, total });
  for (const { postId } of todo) {
    if (shouldStop()) break;
    const post = await findPostWithAuthorById(db, postId);
    if (!post) continue;
    const before = done;
    await labelUnlabelledComments(db, post, now.toISOString(), (n) => onProgress({ done: (done = before + n), total }), shouldStop);
  }
  return { labelled: done, remaining: total - done };
}
