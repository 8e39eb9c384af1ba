import { withWriteTransaction, type Db } from '../db/database.js';
import { FormInvalid, NotFound } from '../errors.js';
import type { Stance } from '../stance/stances.js';
import { findCommentById, insertComment } from './comment.repository.js';
import { normalizeCommentText, renderCommentHtml } from './comment-format.js';

export interface NewCommentInput {
  postId: number;
  parentId: number | null;
  authorName: string;
  authorEmail: string;
  authorUrl: string | null;
  body: string;
  selfStance: Stance | null;
}

/**
 * Stores a reader's comment. The parent is checked inside the same write transaction, so it cannot
 * be removed between the check and the insert; the comment is committed (and synced) before this returns.
 */
export async function createComment(db: Db, input: NewCommentInput, now: () => Date): Promise<number> {
  return withWriteTransaction(db, async (tx) => {
    const post = await tx.selectFrom('posts').select(['id', 'comments_open']).where('id', '=', input.postId).executeTakeFirst();
    if (!post) throw new NotFound('No such post');
    if (!post.comments_open) throw new FormInvalid({ body: 'Comments are closed on this post' });
    let depth = 0;
    if (input.parentId !== null) {
      const parent = await findCommentById(tx, input.parentId);
      if (!parent || parent.post_id !== input.postId || parent.status !== 'approved') {
        throw new FormInvalid({ parent_id: 'The comment you are replying to is not on this post' });
      }
      depth = parent.depth + 1;
    }
    const body = normalizeCommentText(input.body);
    return insertComment(tx, {
      post_id: input.postId,
      parent_id: input.parentId,
      depth,
      author_name: input.authorName,
      author_email: input.authorEmail,
      author_url: input.authorUrl,
      body_raw: body,
      body_html: renderCommentHtml(body),
      status: 'approved',
      self_stance: input.selfStance,
      created_at: now().toISOString(),
      edited_at: null,
      deleted_at: null,
    });
  });
}
