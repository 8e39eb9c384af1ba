import { withWriteTransaction, type Db } from '../db/database.js';
import { insertAuditEntries } from '../audit/audit.repository.js';
import { subjectOf } from '../post/post-subject.js';
import { currentLabelsByTarget } from '../stance/label-precedence.js';
import { recordModeratorLabel } from '../stance/stance.service.js';
import { RELABEL_CAUSES, relabelAfterRemarkLabels, relabelDependents } from '../stance/relabel.service.js';
import type { Stance } from '../shared/stances.js';
import { findReviewTarget, listLabelsForTargets } from './review.repository.js';
import type { MailContext } from '../mail/mail-queue.service.js';
import { queueStanceChanged } from '../subscription/webhook-events.service.js';

export interface LabelDecision {
  kind: 'comment' | 'remark';
  id: number;
  /** The label to set; null means "confirm the current label". */
  label: Stance | null;
}

/**
 * Records moderators' labels as new history rows (never overwriting) and teaches the site model,
 * logging each decision; the automatic labels that leaned on a changed comment or remark are worked out again. Items that
 * are gone, not approved, or have nothing to confirm are skipped.
 * Returns how many labels were recorded.
 */
export async function recordLabelDecisions(db: Db, actorId: number, decisions: readonly LabelDecision[], now: Date, mail: MailContext): Promise<number> {
  const at = now.toISOString();
  return withWriteTransaction(db, async (tx) => {
    const commentIds = decisions.filter((d) => d.kind === 'comment').map((d) => d.id);
    const remarkIds = decisions.filter((d) => d.kind === 'remark').map((d) => d.id);
    const current = currentLabelsByTarget(await listLabelsForTargets(tx, commentIds, remarkIds));
    let recorded = 0;
    const moved = new Map<number, number[]>();
    // Remarks moved, by the comment that carries them, with the post it is on.
    const movedRemarks = new Map<number, { postId: number; ids: number[] }>();
    for (const d of decisions) {
      const target = await findReviewTarget(tx, d.kind, d.id);
      if (!target || target.status !== 'approved') continue;
      const before = (d.kind === 'comment' ? current.comments : current.remarks).get(d.id) ?? null;
      const label = d.label ?? before?.label;
      if (!label) continue;
      const ref = d.kind === 'comment' ? { commentId: d.id } : { remarkId: d.id };
      await recordModeratorLabel(tx, ref, target.body_raw, subjectOf(target), label, actorId, at);
      if (d.kind === 'comment' && label !== before?.label) await queueStanceChanged(tx, mail, d.id, { from: before?.label ?? null, to: label }, now);
      await insertAuditEntries(tx, [
        {
          userId: actorId,
          action: d.label === null || d.label === before?.label ? 'stance.confirm' : 'stance.override',
          targetType: d.kind,
          targetId: d.id,
          before: before ? { label: before.label, source: before.source, confidence: before.confidence } : null,
          after: { label, source: 'moderator' },
          createdAt: at,
        },
      ]);
      recorded += 1;
      if (label === before?.label) continue;
      if (d.kind === 'comment') moved.set(target.post_id, [...(moved.get(target.post_id) ?? []), d.id]);
      else {
        const block = movedRemarks.get(target.comment_id) ?? { postId: target.post_id, ids: [] };
        block.ids.push(d.id);
        movedRemarks.set(target.comment_id, block);
      }
    }
    for (const [postId, ids] of moved) await relabelDependents(tx, postId, ids, RELABEL_CAUSES.override, at);
    for (const [carrierId, { postId, ids }] of movedRemarks) await relabelAfterRemarkLabels(tx, postId, carrierId, ids, RELABEL_CAUSES.override, at);
    return recorded;
  });
}
