// What an export reads: every table a site's content lives in, one post's thread at a time (so a large site is
// never held whole), and the users without their password hashes.
import type { DbOrTx } from '../db/database.js';

/** Every user, without the password hash (an export never carries one). */
export async function listUsersForExport(db: DbOrTx) {
  return db.selectFrom('users').select(['id', 'email', 'name', 'role', 'created_at']).orderBy('id').execute();
}

/** Every post, drafts included, in id order. */
export async function listPostsForExport(db: DbOrTx) {
  return db.selectFrom('posts').selectAll().orderBy('id').execute();
}

/** Every comment of one post in any status, in id order (parents before replies). */
export async function listCommentsOfPostForExport(db: DbOrTx, postId: number) {
  return db.selectFrom('comments').selectAll().where('post_id', '=', postId).orderBy('id').execute();
}

/** The remarks carried by the given comments, in id order. */
export async function listRemarksOfPostForExport(db: DbOrTx, postId: number) {
  return db
    .selectFrom('group_remarks')
    .innerJoin('comments', 'comments.id', 'group_remarks.comment_id')
    .selectAll('group_remarks')
    .where('comments.post_id', '=', postId)
    .orderBy('group_remarks.id')
    .execute();
}

/** Every label ever set on a post's comments and remarks (the whole history), in id order. */
export async function listLabelsOfPostForExport(db: DbOrTx, postId: number) {
  return db
    .selectFrom('stance_labels')
    .leftJoin('comments', 'comments.id', 'stance_labels.comment_id')
    .leftJoin('group_remarks', 'group_remarks.id', 'stance_labels.remark_id')
    .leftJoin('comments as carriers', 'carriers.id', 'group_remarks.comment_id')
    .selectAll('stance_labels')
    .where((eb) => eb.or([eb('comments.post_id', '=', postId), eb('carriers.post_id', '=', postId)]))
    .orderBy('stance_labels.id')
    .execute();
}

/** A post's pingbacks and trackbacks. */
export async function listLinkbacksOfPostForExport(db: DbOrTx, postId: number) {
  return db.selectFrom('linkbacks').selectAll().where('post_id', '=', postId).orderBy('id').execute();
}

/** Every site setting. */
export async function listSettingsForExport(db: DbOrTx) {
  return db.selectFrom('settings').selectAll().orderBy('key').execute();
}
