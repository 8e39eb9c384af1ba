import type { DbOrTx } from '../db/database.js';
import type { GroupRemark, NewGroupRemark } from '../db/schema.js';

export type PublicRemark = Pick<
  GroupRemark,
  'id' | 'comment_id' | 'source_group' | 'source_url' | 'author_name' | 'headline' | 'posted_label' | 'posted_at' | 'body_html' | 'position' | 'edited_at'
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
      'group_remarks.edited_at',
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

/** One remark by id. */
export async function findRemarkById(db: DbOrTx, id: number): Promise<GroupRemark | undefined> {
  return db.selectFrom('group_remarks').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The remarks a comment carries, in order. */
export async function listRemarksForComment(db: DbOrTx, commentId: number): Promise<GroupRemark[]> {
  return db.selectFrom('group_remarks').selectAll().where('comment_id', '=', commentId).orderBy('position').execute();
}

/** The next free position under a carrying comment. */
export async function nextRemarkPosition(db: DbOrTx, commentId: number): Promise<number> {
  const row = await db
    .selectFrom('group_remarks')
    .select((eb) => eb.fn.max<number | null>('position').as('max'))
    .where('comment_id', '=', commentId)
    .executeTakeFirst();
  return row?.max === null || row?.max === undefined ? 0 : Number(row.max) + 1;
}

/** Changes a remark's fields. */
export async function updateRemark(db: DbOrTx, id: number, changes: Partial<Omit<NewGroupRemark, 'id'>>): Promise<void> {
  await db.updateTable('group_remarks').set(changes).where('id', '=', id).execute();
}

/** Deletes a remark (its labels go with it). */
export async function deleteRemark(db: DbOrTx, id: number): Promise<void> {
  await db.deleteFrom('group_remarks').where('id', '=', id).execute();
}

/** Every remark author named on a post, to help the paste parser split names from headlines. */
export async function listRemarkAuthorsForPost(db: DbOrTx, postId: number): Promise<string[]> {
  const rows = await db
    .selectFrom('group_remarks')
    .innerJoin('comments', 'comments.id', 'group_remarks.comment_id')
    .select('group_remarks.author_name')
    .distinct()
    .where('comments.post_id', '=', postId)
    .execute();
  return rows.map((r) => r.author_name);
}
