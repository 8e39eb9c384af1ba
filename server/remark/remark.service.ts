import { insertAuditEntries } from '../audit/audit.repository.js';
import { withWriteTransaction, type Db, type DbOrTx } from '../db/database.js';
import { NotFound } from '../errors.js';
import { findCommentById, insertComment } from '../comment/comment.repository.js';
import { normalizeCommentText, renderCommentHtml } from '../shared/comment-format.js';
import { findPostWithAuthorById } from '../post/post.repository.js';
import { labelNewComment, labelNewRemarks } from '../stance/stance.service.js';
import { relabelAfterEdit } from '../stance/relabel.service.js';
import type { RemarkRow } from './remark-forms.js';
import { deleteRemark, findRemarkById, insertRemarks, nextRemarkPosition, updateRemark } from './remark.repository.js';

export interface RemarkSource {
  sourceGroup: string;
  sourceUrl: string | null;
}

/** Where remarks go: under an existing comment, or under a new staff comment on a post. */
export type RemarkTarget =
  { kind: 'comment'; commentId: number } | { kind: 'post'; postId: number; staff: { userId: number; name: string; email: string }; intro: string };

async function carrierFor(tx: DbOrTx, target: RemarkTarget, now: string) {
  if (target.kind === 'comment') {
    const comment = await findCommentById(tx, target.commentId);
    if (!comment) throw new NotFound('No such comment.');
    const post = await findPostWithAuthorById(tx, comment.post_id);
    if (!post) throw new NotFound('No such post.');
    return { post, carrier: { id: comment.id, parentId: comment.parent_id, authorName: comment.author_name, body: comment.body_raw } };
  }
  const post = await findPostWithAuthorById(tx, target.postId);
  if (!post) throw new NotFound('No such post.');
  const body = normalizeCommentText(target.intro);
  const id = await insertComment(tx, {
    post_id: post.id,
    parent_id: null,
    depth: 0,
    author_name: target.staff.name,
    author_email: target.staff.email,
    author_url: null,
    body_raw: body,
    body_html: renderCommentHtml(body),
    status: 'approved',
    self_stance: null,
    created_at: now,
    edited_at: null,
    deleted_at: null,
    // Only the post's author or a moderator may paste remarks on a post; the badge marks the carrier as staff's.
    staff_badge: target.staff.userId === post.author_id ? 'author' : 'moderator',
  });
  const carrier = { id, parentId: null, authorName: target.staff.name, body };
  await labelNewComment(tx, post, { ...carrier, selfStance: null }, now);
  return { post, carrier };
}

/** The columns a remark row sets, whether it is new or edited. */
function remarkColumns(source: RemarkSource, row: RemarkRow) {
  return {
    source_group: source.sourceGroup,
    source_url: source.sourceUrl,
    author_name: row.authorName,
    headline: row.headline,
    posted_label: row.postedLabel,
    posted_at: row.postedAt,
    body_raw: row.body,
    body_html: renderCommentHtml(row.body),
  };
}

/** How many remark authors a paste's audit entry names. */
const AUDIT_AUTHORS = 20;

/** What the audit log keeps of a remark. */
function auditedRemark(r: { source_group: string; author_name: string; body_raw: string }) {
  return { source_group: r.source_group, author: r.author_name, body: r.body_raw };
}

/** Stores confirmed remarks in order after any the comment already carries, each labelled by the stance engine. */
export async function saveRemarks(db: Db, actorId: number, target: RemarkTarget, source: RemarkSource, rows: RemarkRow[], now: Date): Promise<number> {
  const at = now.toISOString();
  return withWriteTransaction(db, async (tx) => {
    const { post, carrier } = await carrierFor(tx, target, at);
    const start = await nextRemarkPosition(tx, carrier.id);
    const ids = await insertRemarks(
      tx,
      rows.map((row, i) => ({
        ...remarkColumns(source, row),
        comment_id: carrier.id,
        position: start + i,
        created_at: at,
      })),
    );
    const labelled = rows.map((row, i) => ({ id: ids[i]!, authorName: row.authorName, body: row.body }));
    await labelNewRemarks(tx, post, carrier, labelled, at);
    await insertAuditEntries(tx, [
      {
        userId: actorId,
        action: 'remark.add',
        targetType: 'comment',
        targetId: carrier.id,
        before: undefined,
        after: { source_group: source.sourceGroup, remarks: rows.length, authors: [...new Set(rows.map((r) => r.authorName))].slice(0, AUDIT_AUTHORS) },
        createdAt: at,
      },
    ]);
    return carrier.id;
  });
}

/** Edits one remark (logged); its text may have changed, so its block is labelled again (history keeps the old labels). */
export async function editRemark(db: Db, actorId: number, remarkId: number, source: RemarkSource, row: RemarkRow, now: Date): Promise<number> {
  const at = now.toISOString();
  return withWriteTransaction(db, async (tx) => {
    const remark = await findRemarkById(tx, remarkId);
    if (!remark) throw new NotFound('No such remark.');
    const columns = remarkColumns(source, row);
    await updateRemark(tx, remarkId, { ...columns, edited_at: at });
    await insertAuditEntries(tx, [
      {
        userId: actorId,
        action: 'remark.edit',
        targetType: 'remark',
        targetId: remarkId,
        before: auditedRemark(remark),
        after: auditedRemark(columns),
        createdAt: at,
      },
    ]);
    await relabelAfterEdit(tx, { remarkId }, at);
    return remark.comment_id;
  });
}

/** Deletes one remark and returns the comment that carried it. */
export async function removeRemark(db: Db, actorId: number, remarkId: number, now: Date): Promise<number> {
  return withWriteTransaction(db, async (tx) => {
    const remark = await findRemarkById(tx, remarkId);
    if (!remark) throw new NotFound('No such remark.');
    await deleteRemark(tx, remarkId);
    await insertAuditEntries(tx, [
      {
        userId: actorId,
        action: 'remark.delete',
        targetType: 'remark',
        targetId: remarkId,
        before: auditedRemark(remark),
        after: undefined,
        createdAt: now.toISOString(),
      },
    ]);
    return remark.comment_id;
  });
}
