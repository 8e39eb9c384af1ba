// The dashboard's reads that span features: every stance label on the approved items of an author's posts.
import { sql } from 'kysely';
import type { DbOrTx } from '../db/database.js';
import { labelsOnApprovedItems, type LabelRow } from '../stance/stance.repository.js';

export interface PostLabelRow extends LabelRow {
  post_id: number;
  participant: string;
  kind: 'comment' | 'remark';
  item_created_at: string;
}

/** Every stance label on the approved comments (and their remarks) of the given posts, in one query. */
export async function listLabelsForPosts(db: DbOrTx, postIds: readonly number[]): Promise<PostLabelRow[]> {
  if (postIds.length === 0) return [];
  const columns = [
    'stance_labels.id',
    'stance_labels.comment_id',
    'stance_labels.remark_id',
    'stance_labels.label',
    'stance_labels.source',
    'stance_labels.confidence',
    'stance_labels.cues',
    'stance_labels.created_at',
    'comments.post_id',
  ] as const;
  const { onComments, onRemarks } = labelsOnApprovedItems(db);
  const rows = await onComments
    .select(columns)
    .select(['comments.author_name as participant', 'comments.created_at as item_created_at', sql<'comment' | 'remark'>`'comment'`.as('kind')])
    .where('comments.post_id', 'in', postIds)
    .unionAll(
      onRemarks
        .select(columns)
        .select(['group_remarks.author_name as participant', 'group_remarks.created_at as item_created_at', sql<'comment' | 'remark'>`'remark'`.as('kind')])
        .where('comments.post_id', 'in', postIds),
    )
    .execute();
  return rows.sort((a, b) => a.id - b.id);
}
