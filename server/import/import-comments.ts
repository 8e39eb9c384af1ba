// What every importer shares once it knows a thread's post: the comments not yet imported stored in thread order
// (parents first, so ids follow the thread and labelling leans on parents), each keyed by its source id; and the
// one transaction per post, which a dry run rolls back after counting what it would have stored.
import { withWriteTransaction, type Db, type DbOrTx } from '../db/database.js';
import type { NewComment } from '../db/schema.js';
import { renderCommentHtml } from '../shared/comment-format.js';
import { insertComment } from '../comment/comment.repository.js';
import { insertRemarks } from '../remark/remark.repository.js';
import { commentTextFromHtml, plainLine } from './import-text.js';
import type { ImportedRemark } from './remark-meta.js';
import { findImportTargets, insertImportKeys, type ImportSource } from './import.repository.js';
import { orderThread, type SourceComment } from './thread-order.js';

/** A comment as any export gives it, its body still the export's HTML. */
export interface ImportedComment extends SourceComment {
  /** The key it is remembered by (unique within the source); running the import again finds it. */
  key: string;
  author: string;
  email: string;
  url: string;
  html: string;
  status: NewComment['status'];
  /** Group remarks the comment carries (a Rejoinder export's); stored with it, so never twice. */
  remarks?: readonly ImportedRemark[];
}

/** Stores the comments of one post that are not there yet (with their remarks); returns how many were added and how many were there before. */
export async function insertThreadComments(
  tx: DbOrTx,
  source: ImportSource,
  postId: number,
  comments: readonly ImportedComment[],
  fallbackDate: string,
  now: string,
): Promise<{ added: number; remarks: number; skipped: number }> {
  const existing = await findImportTargets(
    tx,
    source,
    'comment',
    comments.map((c) => c.key),
  );
  const newIds = new Map<string, number>();
  for (const c of comments) {
    const target = existing.get(c.key);
    if (target !== undefined) newIds.set(c.id, target);
  }
  let added = 0;
  let remarks = 0;
  let skipped = 0;
  const keys = [];
  for (const placed of orderThread(comments)) {
    const c = placed.comment;
    if (existing.has(c.key)) {
      skipped++;
      continue;
    }
    const body = commentTextFromHtml(c.html);
    const id = await insertComment(tx, {
      post_id: postId,
      parent_id: placed.parentId === null ? null : (newIds.get(placed.parentId) ?? null),
      depth: placed.depth,
      author_name: plainLine(c.author) || 'Anonymous',
      author_email: c.email.toLowerCase(),
      author_url: /^https?:\/\//i.test(c.url) ? c.url : null,
      body_raw: body,
      body_html: renderCommentHtml(body),
      status: c.status,
      self_stance: null,
      created_at: c.date ?? fallbackDate,
      edited_at: null,
      deleted_at: null,
    });
    newIds.set(c.id, id);
    if (c.remarks && c.remarks.length > 0) {
      await insertRemarks(
        tx,
        c.remarks.map((r, position) => ({
          comment_id: id,
          source_group: r.sourceGroup,
          source_url: r.sourceUrl,
          author_name: r.authorName,
          headline: r.headline,
          posted_label: r.postedLabel,
          posted_at: r.postedAt,
          body_raw: r.body,
          body_html: renderCommentHtml(r.body),
          position,
          created_at: now,
        })),
      );
      remarks += c.remarks.length;
    }
    keys.push({ source, kind: 'comment' as const, source_key: c.key, source_id: c.id === '' ? null : c.id.slice(0, 32), target_id: id, created_at: now });
    added++;
  }
  await insertImportKeys(tx, keys);
  return { added, remarks, skipped };
}

/** Thrown to roll a dry run's transaction back, carrying what it would have stored. */
class DryRunRollback<T> extends Error {
  constructor(readonly value: T) {
    super('dry run');
  }
}

/** Runs fn in one write transaction, committed, or rolled back on a dry run; `stored` says which. */
export async function inImportTransaction<T>(db: Db, dryRun: boolean, fn: (tx: DbOrTx) => Promise<T>): Promise<{ value: T; stored: boolean }> {
  if (!dryRun) return { value: await withWriteTransaction(db, fn), stored: true };
  try {
    await withWriteTransaction(db, async (tx) => {
      throw new DryRunRollback(await fn(tx));
    });
  } catch (err) {
    if (err instanceof DryRunRollback) return { value: err.value as T, stored: false };
    throw err;
  }
  throw new Error('a dry run committed');
}
