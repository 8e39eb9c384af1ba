// The comment_revisions table: every query on it.
import type { DbOrTx } from '../db/database.js';

/** Who made an edit: the comment's writer from their own browser, or a staff account. */
export type RevisionEditor = { kind: 'writer' } | { kind: 'staff'; userId: number };

/** One earlier version as staff see it, with the editor's name when staff made the edit. */
export interface CommentRevision {
  id: number;
  body_raw: string;
  body_html: string;
  editor: 'writer' | 'staff';
  editor_name: string | null;
  created_at: string;
}

/** Keeps the text an edit is about to replace. */
export async function insertCommentRevision(
  db: DbOrTx,
  revision: { commentId: number; bodyRaw: string; bodyHtml: string; by: RevisionEditor; at: string },
): Promise<void> {
  await db
    .insertInto('comment_revisions')
    .values({
      comment_id: revision.commentId,
      body_raw: revision.bodyRaw,
      body_html: revision.bodyHtml,
      editor: revision.by.kind,
      edited_by_user_id: revision.by.kind === 'staff' ? revision.by.userId : null,
      created_at: revision.at,
    })
    .execute();
}

/** A comment's earlier versions, newest first. */
export async function listCommentRevisions(db: DbOrTx, commentId: number): Promise<CommentRevision[]> {
  return db
    .selectFrom('comment_revisions')
    .leftJoin('users', 'users.id', 'comment_revisions.edited_by_user_id')
    .select([
      'comment_revisions.id',
      'comment_revisions.body_raw',
      'comment_revisions.body_html',
      'comment_revisions.editor',
      'users.name as editor_name',
      'comment_revisions.created_at',
    ])
    .where('comment_revisions.comment_id', '=', commentId)
    .orderBy('comment_revisions.id', 'desc')
    .execute();
}
