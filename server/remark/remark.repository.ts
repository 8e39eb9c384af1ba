import type { DbOrTx } from '../db/database.js';
import type { GroupRemark, NewGroupRemark } from '../db/schema.js';

export type PublicRemark = Pick<
  GroupRemark,
  'id' | 'comment_id' | 'source_group' | 'source_url' | 'author_name' | 'headline' | 'posted_label' | 'posted_at' | 'body_html' | 'position'
>;

/** Every remark carried by an approved comment of the post, in one query, in carrying order. */
export async function listRemarksForPost(db: DbOrTx, postId: number): Promise<PublicRemark[]> {
  return db
    .selectFrom('group_remarks')
    .innerJoin('comments', 'comments.id', 'group_remarks.comment_id')
    .select([
      'group_remarks.id',
      'group_remarks.comment_id',
      'group_remarks.source_group',
      'group_remarks.source_url',
      'group_remarks.author_name',
      'group_remarks.headline',
      'group_remarks.posted_label',
      'group_remarks.posted_at',
      'group_remarks.body_html',
      'group_remarks.position',
    ])
    .where('comments.post_id', '=', postId)
    .where('comments.status', '=', 'approved')
    .orderBy('group_remarks.comment_id')
    .orderBy('group_remarks.position')
    .execute();
}

/** Stores remarks for their carrying comment and returns their ids in order. */
export async function insertRemarks(db: DbOrTx, remarks: NewGroupRemark[]): Promise<number[]> {
  if (remarks.length === 0) return [];
  const rows = await db.insertInto('group_remarks').values(remarks).returning('id').execute();
  return rows.map((r) => r.id);
}
