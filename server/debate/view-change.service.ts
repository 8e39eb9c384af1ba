// "This changed my view": a commenter marks a later comment of the post as having changed their view. The
// shift is recorded twice, in one transaction: as the commenter's own label on their earlier comment (so the
// label history, their badge and their side in the common-ground ranking follow it), and as a view_changes
// row naming the comment that did it, which the page counts and the summary lists.
import { withWriteTransaction, type Db, type DbOrTx } from '../db/database.js';
import { lockForTransaction } from '../db/transaction-lock.js';
import { NotFound } from '../errors.js';
import type { Stance } from '../shared/stances.js';
import { pickCurrentRow } from '../stance/label-precedence.js';
import { insertStanceLabels, listContextLabels } from '../stance/stance.repository.js';
import type { ViewChangeForm } from './view-change-form.js';
import { findEarlierOwnComment, findViewChangeTarget, hasViewChange, insertViewChange } from './view-change.repository.js';

/** A rule the form broke, with the field its message goes next to. */
export class ViewChangeRefused extends Error {
  constructor(
    readonly field: 'email' | 'stance' | 'form',
    message: string,
  ) {
    super(message);
  }
}

export interface ViewChangeRequest {
  postId: number;
  commentId: number;
  /** The visitor cookie, hashed; null without one. */
  visitorHash: string | null;
  form: ViewChangeForm;
}

/** The comment as the form shows it; NotFound unless it is an approved comment of the post. */
export async function findChangeableComment(db: DbOrTx, postId: number, commentId: number) {
  const target = await findViewChangeTarget(db, commentId);
  if (!target || target.post_id !== postId || target.status !== 'approved' || target.deleted_at !== null) {
    throw new NotFound('There is no such comment on this post.');
  }
  return target;
}

/** Records a changed view under the rules above; ViewChangeRefused says which field is wrong. */
export async function recordViewChange(db: Db, request: ViewChangeRequest, now: Date): Promise<void> {
  const { form } = request;
  const at = now.toISOString();
  await withWriteTransaction(db, async (tx) => {
    const target = await findChangeableComment(tx, request.postId, request.commentId);
    const email = form.email?.toLowerCase() ?? null;
    if ((request.visitorHash !== null && target.visitor_hash === request.visitorHash) || target.author_email.toLowerCase() === email) {
      throw new ViewChangeRefused('form', 'This is your own comment: a view changes on someone else’s argument.');
    }
    const earlier = await findEarlierOwnComment(tx, request.postId, request.commentId, { visitorHash: request.visitorHash, email });
    if (!earlier) {
      throw new ViewChangeRefused(
        'email',
        email === null
          ? 'We cannot tell which of the comments above this one is yours: give the email you commented with.'
          : 'No comment of yours under this email comes before this one on this post.',
      );
    }
    // One mark per earlier comment and comment, whatever arrives at once.
    await lockForTransaction(tx, `view-change:${request.commentId}:${earlier.id}`);
    if (await hasViewChange(tx, request.commentId, earlier.id)) throw new ViewChangeRefused('form', 'You have already said this comment changed your view.');
    const from: Stance | null = pickCurrentRow(await listContextLabels(tx, [earlier.id]))?.label ?? null;
    if (from === form.stance) throw new ViewChangeRefused('stance', 'That is where your earlier comment stood already: pick the side you hold now.');
    await insertStanceLabels(tx, [
      {
        comment_id: earlier.id,
        remark_id: null,
        label: form.stance,
        source: 'self',
        confidence: 1,
        cues: '[]',
        created_by: null,
        created_at: at,
        reason: `view changed by comment #${request.commentId}`,
      },
    ]);
    await insertViewChange(tx, {
      commentId: request.commentId,
      postId: request.postId,
      earlierCommentId: earlier.id,
      changerName: earlier.author_name,
      from,
      to: form.stance,
      reason: form.reason,
      at,
    });
  });
}
