// Labelling on import: each post's comments labelled in thread order as soon as the import has stored the post,
// on the classifier's thread while the import reads on (the two phases one after the other left a core idle in
// each); then every approved comment still without a label, on every post that names its subject. Interrupted,
// it stops between batches; run again, it carries on with what is still unlabelled.
import type { Db } from '../db/database.js';
import { findPostWithAuthorById } from '../post/post.repository.js';
import { labelUnlabelledComments, labelUnlabelledRemarks } from '../stance/stance-batch.service.js';
import { countUnlabelledCommentsByPost, listPostsWithUnlabelledRemarks } from '../stance/stance.repository.js';

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
  // A run stopped after a post's comments were labelled and before its remarks leaves remarks that the pass
  // above, which visits posts with unlabelled comments, would never reach again.
  const visited = new Set(todo.map((t) => t.postId));
  for (const postId of await listPostsWithUnlabelledRemarks(db)) {
    if (shouldStop()) break;
    if (visited.has(postId)) continue;
    const post = await findPostWithAuthorById(db, postId);
    if (post) await labelUnlabelledRemarks(db, post, now.toISOString());
  }
  return { labelled: done, remaining: total - done };
}

/** Labels the posts an import hands over, one after another, beside the import; `finish` waits for the last. */
export function labelAsImported(db: Db, now: Date, onLabelled: (labelled: number) => void, shouldStop: () => boolean) {
  let chain: Promise<void> = Promise.resolve();
  let failure: { error: unknown } | undefined;
  let labelled = 0;
  const labelPost = async (postId: number) => {
    if (failure || shouldStop()) return;
    try {
      const post = await findPostWithAuthorById(db, postId);
      if (!post || post.subject_name === '') return;
      const before = labelled;
      await labelUnlabelledComments(db, post, now.toISOString(), (n) => onLabelled((labelled = before + n)), shouldStop);
    } catch (error) {
      // Kept for finish(): the import goes on, and the final pass (or the next run) labels what is left.
      failure = { error };
    }
  };
  return {
    /** Queues a stored post for labelling. */
    add(postId: number): void {
      chain = chain.then(() => labelPost(postId));
    },
    /** Waits for every queued post; returns how many comments were labelled, or throws what stopped it. */
    async finish(): Promise<number> {
      await chain;
      if (failure) throw failure.error;
      return labelled;
    },
  };
}
